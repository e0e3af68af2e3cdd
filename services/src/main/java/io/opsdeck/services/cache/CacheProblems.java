package io.opsdeck.services.cache;

import io.opsdeck.services.cache.CacheReadException.Kind;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** Network failures of the direct readers as sentences a person can act on. */
final class CacheProblems {
    private CacheProblems() {
    }

    /** {@code server} is "Redis" or "Memcached"; the cause's message never carries a password. */
    static CacheReadException network(String server, CacheTarget target, Throwable cause, Duration timeout) {
        String at = server + " at " + target.description();
        Throwable root = rootCause(cause);
        if (root instanceof SocketTimeoutException) {
            return new CacheReadException(Kind.TIMEOUT, at + " did not answer within " + seconds(timeout)
                    + "; check that it is not overloaded and that nothing between here and there drops the"
                    + " traffic", cause);
        }
        if (root instanceof ConnectException) {
            return new CacheReadException(Kind.CONNECTION, "Could not connect to " + at + " (connection refused);"
                    + " check that the server is running and listening on that address and port", cause);
        }
        if (root instanceof UnknownHostException) {
            return new CacheReadException(Kind.CONNECTION, "Could not connect to " + at + ": the host name "
                    + target.host() + " is not known; check the address in Settings", cause);
        }
        if (root instanceof NoRouteToHostException) {
            return new CacheReadException(Kind.CONNECTION, "Could not connect to " + at + ": no route to the host;"
                    + " check the address and the network (VPN, firewall)", cause);
        }
        if (root instanceof EOFException || root instanceof SocketException) {
            return new CacheReadException(Kind.CONNECTION, at + " closed the connection before answering ("
                    + describe(root) + "); through a port-forward this usually means the pod is not running or"
                    + " this user may not create pods/portforward" + (target.tls().enabled() ? "; over TLS it is also how a"
                    + " server refuses a missing or unknown client certificate (Settings: TLS client certificate)"
                    : "; a server that expects TLS (redis-server --tls-port, memcached -Z) closes a plain connection"
                    + " like this: then turn TLS on for this cache in Settings"), cause);
        }
        return new CacheReadException(Kind.CONNECTION, "Could not read " + at + ": " + describe(root), cause);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** The innermost cause; Jedis keeps a failed connect's reason as a suppressed exception, not a cause. */
    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        for (int depth = 0; depth < 20; depth++) {
            Throwable next = r.getCause() != null && r.getCause() != r ? r.getCause()
                    : r.getSuppressed().length > 0 ? r.getSuppressed()[0] : null;
            if (next == null) {
                break;
            }
            r = next;
        }
        return r;
    }
}
