package io.opsdeck.services.k8s.config;

/**
 * Opsdeck could not get through to a cluster's API server: its credentials plugin failed, the
 * server refused the credentials or the request, or the server could not be reached. The message
 * is a sentence a person can act on and never contains a credential.
 */
public class ClusterAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why access failed, so that a caller can offer the right next step. */
    public enum Reason {
        /** The kubeconfig's exec credential plugin is not installed. */
        EXEC_PLUGIN_MISSING,
        /** The exec credential plugin ran but failed, timed out or printed no usable credential. */
        EXEC_PLUGIN_FAILED,
        /** 401: the credentials were refused. */
        UNAUTHORIZED,
        /** 403: the user may not do this. */
        FORBIDDEN,
        /** Connection refused, unknown host, no route. */
        UNREACHABLE,
        /** No answer in time. */
        TIMEOUT,
        /** The TLS handshake failed, usually because the server's certificate is not trusted. */
        TLS,
        /** The server answered with another error. */
        SERVER_ERROR,
        /** Anything else. */
        OTHER
    }

    private final Reason reason;

    public ClusterAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
