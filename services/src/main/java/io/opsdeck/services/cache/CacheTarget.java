package io.opsdeck.services.cache;

/**
 * Where to read one cache node now: an address (a configured one, or the local end of a
 * port-forward) and the password, if any.
 *
 * @param password    null when the cache has none configured
 * @param description how to name this in messages, e.g. {@code cache/redis-0 through a port-forward
 *                    (127.0.0.1:41234)}; always contains {@code host:port}
 */
public record CacheTarget(String host, int port, CachePassword password, String description) {

    public CacheTarget {
        if (description == null || description.isBlank()) {
            description = host + ":" + port;
        }
    }

    public static CacheTarget of(String host, int port) {
        return new CacheTarget(host, port, null, null);
    }

    public CacheTarget withPassword(CachePassword value) {
        return new CacheTarget(host, port, value, description);
    }

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "CacheTarget[" + description + (password == null ? "" : ", password ****") + "]";
    }
}
