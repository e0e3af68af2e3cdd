package io.opsdeck.services.cache;

/**
 * A cache node's figures could not be read. The message is a sentence a person can act on; it
 * names the address and never contains a password.
 */
public class CacheReadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely: enough to decide whether to drop a port-forward or a cached password. */
    public enum Kind {
        /** Refused, reset, closed, unknown host: the way there is broken. */
        CONNECTION,
        /** No answer in time. */
        TIMEOUT,
        /** The server refused the password, or wants one. */
        AUTH,
        /** The password reference cannot be resolved. */
        PASSWORD_REF,
        /**
         * Opsdeck keeps the password back: the pairing of an external address and a Secret is not
         * approved, or the pod is not shown to belong to the cache cluster the reference names.
         */
        PASSWORD_WITHHELD,
        /** The server answered, but not as this kind of cache would. */
        PROTOCOL,
        /**
         * TLS failed (an untrusted certificate, a name that does not match, unreadable TLS files), or the
         * password was not sent because the connection is not encrypted and nothing allows that.
         */
        TLS
    }

    private final Kind kind;

    public CacheReadException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CacheReadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
