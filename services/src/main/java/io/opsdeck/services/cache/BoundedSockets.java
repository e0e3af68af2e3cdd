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
        return open(host, port, connectTimeout, readTimeout, maxBytes, false);
    }

    /** @param resp also refuse a RESP bulk string or array announced larger than the cap, before it is allocated */
    private static Socket open(String host, int port, Duration connectTimeout, Duration readTimeout, long maxBytes,
                               boolean resp) throws IOException {
        Socket s = new Socket() {
            private InputStream capped;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (capped == null) {
                    capped = new Capped(super.getInputStream(), maxBytes, resp ? new RespGuard(maxBytes) : null);
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
                return open(target.host(), target.port(), connectTimeout, readTimeout, maxBytes, true);
            } catch (IOException e) {
                throw new JedisConnectionException("Failed to connect to " + target.address(), e);
            }
        };
    }

    private static final class Capped extends FilterInputStream {
        private final long max;
        private final RespGuard resp;
        private long read;

        Capped(InputStream in, long max, RespGuard resp) {
            super(in);
            this.max = max;
            this.resp = resp;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(new byte[]{(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, (int) Math.min(len, Math.max(1, max - read + 1)));
            if (n > 0) {
                count(buf, off, n);
            }
            return n;
        }

        private void count(byte[] buf, int off, int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException(TOO_LARGE + " (" + max + " bytes)");
            }
            if (resp != null) {
                resp.feed(buf, off, n);
            }
        }
    }

    /**
     * Follows RESP2 replies as they pass and fails on a bulk string longer than the cap (or an array of
     * more than {@link #MAX_ELEMENTS}) as soon as its header is read: Jedis allocates what a header
     * announces before it reads it.
     */
    static final class RespGuard {
        static final long MAX_ELEMENTS = 100_000;
        private final long max;
        private long skip;
        private boolean inHeader;
        private byte type;
        private long number;
        private boolean negative;

        RespGuard(long max) {
            this.max = max;
        }

        void feed(byte[] b, int off, int n) throws IOException {
            int end = off + n;
            int i = off;
            while (i < end) {
                if (skip > 0) {
                    int take = (int) Math.min(skip, end - i);
                    skip -= take;
                    i += take;
                    continue;
                }
                byte c = b[i++];
                if (!inHeader) {
                    type = c;
                    inHeader = true;
                    number = 0;
                    negative = false;
                } else if (c == '\n') {
                    inHeader = false;
                    if (type == '$' && !negative) {
                        skip = number + 2;
                    }
                } else if ((type == '$' || type == '*') && c >= '0' && c <= '9') {
                    number = number * 10 + (c - '0');
                    if (number > (type == '$' ? max : MAX_ELEMENTS)) {
                        throw new IOException(TOO_LARGE + " (a reply of " + (type == '$' ? "more than " + max + " bytes"
                                : "more than " + MAX_ELEMENTS + " elements") + " was announced)");
                    }
                } else if (c == '-') {
                    negative = true;
                }
            }
        }
    }
}
