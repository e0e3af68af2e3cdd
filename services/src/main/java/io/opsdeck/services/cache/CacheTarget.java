package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheTls;

/**
 * Where to read one cache node now: an address (a configured one, or the local end of a
 * port-forward), the password if any, and how the connection is protected.
 *
 * @param password          null when the cache has none configured
 * @param description       how to name this in messages, e.g. {@code cache/redis-0 through a port-forward
 *                          (127.0.0.1:41234)}; always contains {@code host:port}
 * @param tls               TLS settings; {@link CacheTls#OFF} for a plain connection
 * @param cleartextAllowed  the password may go without TLS: a port-forward (inside the API server's TLS
 *                          connection), or an external cache whose settings allow it. Otherwise a password
 *                          is never sent over a plain connection ({@link CacheSockets})
 */
public record CacheTarget(String host, int port, CachePassword password, String description, CacheTls tls,
                          boolean cleartextAllowed) {

    public CacheTarget {
        if (description == null || description.isBlank()) {
            description = host + ":" + port;
        }
        tls = tls == null ? CacheTls.OFF : tls;
    }

    public CacheTarget(String host, int port, CachePassword password, String description) {
        this(host, port, password, description, CacheTls.OFF, false);
    }

    public static CacheTarget of(String host, int port) {
        return new CacheTarget(host, port, null, null);
    }

    public CacheTarget withPassword(CachePassword value) {
        return new CacheTarget(host, port, value, description, tls, cleartextAllowed);
    }

    public CacheTarget withTls(CacheTls value) {
        return new CacheTarget(host, port, password, description, value, cleartextAllowed);
    }

    public CacheTarget withCleartextAllowed(boolean value) {
        return new CacheTarget(host, port, password, description, tls, value);
    }

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "CacheTarget[" + description + (password == null ? "" : ", password ****")
                + (tls.enabled() ? ", " + tls.label() : "") + "]";
    }
}
