package io.opsdeck.services.model;


import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cache outside the cluster that the user added in settings (a managed Redis endpoint, say).
 * It is shown like a pod of namespace {@value #NAMESPACE} named {@code name}, in a cache cluster of
 * its own name.
 *
 * @param passwordRef where the password is, never the password itself: {@code env:VARIABLE} or
 *                    {@code secret:namespace/name#key} (resolved by the cache adapter's password
 *                    reader); empty for none
 * @param tls         how the connection is encrypted; {@link CacheTls#OFF} for not at all
 * @param allowCleartextPassword the user allowed the password to go to this address without TLS; without
 *                    it a password is not sent unencrypted (the cache's figures are then unknown)
 */
public record CacheAddress(String name, CacheKind kind, String host, int port, String passwordRef, CacheTls tls,
                           boolean allowCleartextPassword) {
    /** The namespace external caches are shown in. */
    public static final String NAMESPACE = "external";
    /** {@code env:VARIABLE}: an environment variable of the Opsdeck process; group 1 is its name. */
    public static final Pattern ENV_REFERENCE = Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]*)");
    /**
     * {@code secret:namespace/name#key}, the prefix optional: a key of a Kubernetes Secret; groups 1, 3
     * and 5 are the namespace, the name and the key.
     */
    public static final Pattern SECRET_REFERENCE = Pattern.compile("(?:secret:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)/"
            + "([a-z0-9]([-a-z0-9.]*[a-z0-9])?)#([-._a-zA-Z0-9]+)");

    public CacheAddress {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An external cache needs a name");
        }
        name = name.trim();
        Objects.requireNonNull(kind, "kind");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The external cache " + name + " needs a host name or address");
        }
        host = host.trim().toLowerCase(Locale.ROOT);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The port of the external cache " + name + " must be 1–65535, not "
                    + port);
        }
        passwordRef = passwordRef == null ? "" : passwordRef.trim();
        tls = tls == null ? CacheTls.OFF : tls;
    }

    public CacheAddress(String name, CacheKind kind, String host, int port, String passwordRef) {
        this(name, kind, host, port, passwordRef, CacheTls.OFF, false);
    }

    public CacheAddress(String name, CacheKind kind, String host, int port) {
        this(name, kind, host, port, "");
    }

    /** How the cache is keyed in metrics snapshots: {@code external/NAME}. */
    public PodKey key() {
        return new PodKey(NAMESPACE, name);
    }

    /** The cache as a node for discovery and the Overview; its role is learnt when its stats are read. */
    public CacheNode node() {
        return new CacheNode(key(), kind, name, "", "", port);
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    public static boolean isExternal(PodKey key) {
        return NAMESPACE.equals(key.namespace());
    }

    /** True when {@code ref} has one of the accepted forms; for validating settings as they are typed. */
    public static boolean isValidPasswordReference(String ref) {
        return ref != null && (ENV_REFERENCE.matcher(ref.trim()).matches()
                || SECRET_REFERENCE.matcher(ref.trim()).matches());
    }
}
