package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;

/**
 * First contact with a cluster: one cheap request that proves the address, the TLS trust and the
 * credentials all work, or says in a sentence which of them does not.
 */
public final class ClusterProbe {
    private ClusterProbe() {
    }

    /** The API server's version ({@code v1.31.2}). Blocks for at most the request timeout and retries. */
    public static String version(KubeConnection connection) throws ClusterAccessException {
        return version(connection.client(), connection.context());
    }

    public static String version(KubernetesClient client, KubeContext context) throws ClusterAccessException {
        try {
            VersionInfo info = client.getKubernetesVersion();
            if (info == null || info.getGitVersion() == null) {
                throw new ClusterAccessException(ClusterAccessException.Reason.SERVER_ERROR, "The API server at "
                        + ClusterErrors.safeUrl(context.server()) + " did not say which version it runs;"
                        + " check that the address is a Kubernetes API server", null);
            }
            return info.getGitVersion();
        } catch (RuntimeException e) {
            throw ClusterErrors.toAccessException(e, context);
        }
    }
}
