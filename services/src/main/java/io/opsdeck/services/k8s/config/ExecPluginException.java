package io.opsdeck.services.k8s.config;

/**
 * The exec credential plugin failed. Unchecked because it is thrown from inside fabric8's
 * request path ({@link io.fabric8.kubernetes.client.OAuthTokenProvider#getToken()}), from where
 * {@link ClusterErrors} digs it out of the cause chain.
 */
final class ExecPluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ClusterAccessException.Reason reason;

    ExecPluginException(ClusterAccessException.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    ClusterAccessException.Reason reason() {
        return reason;
    }
}
