package io.opsdeck.services.cache;

import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Sockets whose answers are capped: a connection that reads more than {@code maxBytes} fails
 * instead of filling the heap (a misbehaving server, or a port that is not the cache's). For Jedis,
 * which reads whatever a reply says it holds, through its socket factory.
 */
final class BoundedSockets {
    /** What the cap's failure says, so it can be told from a dropped connection. */
    static final String TOO_LARGE = "answer larger than Opsdeck reads";

    private BoundedSockets() {
    }

    /** A connected socket to {@code host:port} with both timeouts set and its input capped. */
    static Socket open(String host, int port, Duration connectTimeout, Duration readTimeout, long maxBytes)
            throws IOException {
        Socket s = new Socket() {
            private InputStream capped;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (capped == null) {
                    capped = new Capped(super.getInputStream(), maxBytes);
                }
                return capped;
            }
        };
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    static JedisSocketFactory jedis(CacheTarget target, Duration connectTimeout, Duration readTimeout, long maxBytes) {
        return () -> {
            try {
                return open(target.host(), target.port(), connectTimeout, readTimeout, maxBytes);
            } catch (IOException e) {
                throw new JedisConnectionException("Failed to connect to " + target.address(), e);
            }
        };
    }

    private static final class Capped extends FilterInputStream {
        private final long max;
        private long read;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, (int) Math.min(len, Math.max(1, max - read + 1)));
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException(TOO_LARGE + " (" + max + " bytes)");
            }
        }
    }
}
