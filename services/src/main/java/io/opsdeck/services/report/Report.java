package io.opsdeck.services.report;

import java.util.List;

/**
 * The document {@code opsdeck report --json} prints. Field names are a contract that scripts rely
 * on: add to them, never rename. Figures that are not known are {@code null}.
 */
public record Report(
        String context,
        String generatedAt,
        Cluster cluster,
        List<Zone> zones,
        Prometheus prometheus,
        List<Cache> caches,
        List<CacheCluster> cacheClusters,
        List<Service> services,
        List<Alert> alerts) {

    /**
     * The node counts are {@code null} when nodes could not be listed, the pod counts when pods could not be
     * listed in every namespace (a count of some namespaces is not the cluster's); {@code unavailable}: what
     * could not be read and why, and which namespaces' figures that leaves unknown.
     * @param tlsVerify false when the kubeconfig turns TLS verification off for this cluster
     *                  ({@code insecure-skip-tls-verify}); null when unknown or not applicable (the sandbox)
     */
    public record Cluster(boolean reachable, String version, Integer nodes, Integer nodesReady, Integer nodesCordoned,
                          Integer pods, Integer podsRunning, String error, List<String> unavailable, Boolean tlsVerify) {
    }

    /** {@code pods} is null when pods could not be listed in every namespace (a zone's count would be short). */
    public record Zone(String name, String region, int nodes, int nodesReady, Integer pods) {
    }

    public record Prometheus(String url, boolean reachable, String error, String lastData) {
    }

    /**
     * @param tls how Opsdeck's connection to the node is protected: {@code verified} (TLS), {@code not-verified}
     *            (TLS without checking the certificate), {@code off} (no TLS: a port-forward, or an external cache);
     *            null when not known (the sandbox's Memcached, say)
     */
    public record Cache(String namespace, String pod, String kind, String cluster, String role, Double hitRatio,
                        Double opsPerSec, Long memoryUsedBytes, Double evictionsPerSec, String source, String error,
                        String tls) {
    }

    public record CacheCluster(String namespace, String name, String kind, int nodes, Double hitRatio,
                               Double opsPerSec) {
    }

    /** {@code endpointsReady}/{@code endpointsTotal} are {@code null} when they could not be read (see the reasons). */
    public record Service(String namespace, String name, Integer endpointsReady, Integer endpointsTotal, String health,
                          List<String> reasons, Double requestsPerSec, Double errorRatio, Double latencyP99Ms) {
    }

    public record Alert(String name, String severity, String state, String summary) {
    }
}
