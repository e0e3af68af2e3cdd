package io.opsdeck.services.cache;

import io.opsdeck.services.cache.CacheReadException.Kind;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The one way Opsdeck connects to a cache, for the readers and the flush alike: a password is never sent
 * over a plain connection unless the target allows it; the connect has its timeout; every read, the TLS
 * handshake's included, has the read timeout and the whole exchange's deadline; and what the server
 * answers is read through {@link BoundedReplies}' caps (RESP framing for Redis, capped lines for Memcached).
 */
final class CacheSockets {
    private CacheSockets() {
    }

    /**
     * A connected socket to {@code target}, TLS done when its settings ask for it; reads are bounded in time
     * (the caps on what is read are the caller's: {@link BoundedReplies#lines} or {@link #redis}).
     *
     * @param server "Redis" or "Memcached", for sentences
     * @throws CacheReadException when the password may not go over a plain connection (then nothing is
     *                            connected), or a TLS file of the settings cannot be used
     */
    static Socket open(CacheTarget target, String server, Duration connectTimeout, Duration readTimeout,
                       Duration callTimeout) throws IOException, CacheReadException {
        refuseCleartextPassword(target, server);
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(target.host(), target.port()), (int) connectTimeout.toMillis());
            raw.setSoTimeout((int) readTimeout.toMillis());
            Socket timed = BoundedReplies.timed(raw, callTimeout);
            if (!target.tls().enabled()) {
                return timed;
            }
            try {
                return CacheTlsContexts.handshake(timed, target, server);
            } catch (IOException e) {
                throw HandshakeTimedOut.of(e);
            }
        } catch (IOException | CacheReadException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Sockets for Jedis to {@code target} as {@link #open} makes them, their replies checked against the RESP
     * caps. A refusal or a TLS failure reaches the caller inside a {@link JedisConnectionException};
     * {@link BoundedReplies#problem} finds it there.
     */
    static JedisSocketFactory redis(CacheTarget target, Duration connectTimeout, Duration readTimeout,
                                    Duration callTimeout) {
        return BoundedReplies.redis(() -> {
            try {
                return open(target, "Redis", connectTimeout, readTimeout, callTimeout);
            } catch (IOException | CacheReadException e) {
                throw new JedisConnectionException("Failed to connect to " + target.address(), e);
            }
        }, callTimeout);
    }

    /**
     * The TLS handshake did not finish in time: the usual sign of a port without TLS, whose server waits for
     * a command and never answers the ClientHello.
     */
    static final class HandshakeTimedOut extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        private HandshakeTimedOut(Throwable cause) {
            super("the TLS handshake did not finish");
            initCause(cause);
        }

        /** {@code e} itself unless it is a timeout. */
        static IOException of(IOException e) {
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof SocketTimeoutException) {
                    return new HandshakeTimedOut(e);
                }
            }
            return e;
        }
    }

    /**
     * Issue #17: a password goes over a plain connection only through a port-forward (inside the API
     * server's TLS connection) or to an external cache whose settings allow it.
     */
    static void refuseCleartextPassword(CacheTarget target, String server) throws CacheReadException {
        if (target.password() != null && !target.tls().enabled() && !target.cleartextAllowed()) {
            throw cleartextRefused(server, target.description());
        }
    }

    /** The sentence of a password not sent: why, and the two ways to change that. */
    static CacheReadException cleartextRefused(String server, String description) {
        return new CacheReadException(Kind.TLS, "Opsdeck did not send the password to " + server + " at "
                    + description + ": the connection is not encrypted and the address is outside the"
                    + " cluster. Turn TLS on for this cache in Settings (an address rediss://host:port, or the TLS"
                    + " choice), or, if the network to it is trusted, allow its password without TLS there"
                    + " (allowCleartextPassword)");
    }
}
