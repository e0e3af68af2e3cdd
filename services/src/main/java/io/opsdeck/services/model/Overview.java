package io.opsdeck.services.model;

import java.time.Instant;
import java.util.List;

/**
 * The cluster and metrics snapshots joined into what the screens and the report show. Built off
 * the FX thread; crosses onto it once per refresh.
 */
public record Overview(
        ClusterSnapshot cluster,
        MetricsSnapshot metrics,
        ConnectionStatus clusterStatus,
        ConnectionStatus metricsStatus,
        List<ZoneSummary> zones,
        List<CacheNodeStatus> caches,
        List<CacheClusterSummary> cacheClusters,
        List<ServiceHealth> services,
        Instant refreshedAt) {

    public Overview {
        zones = List.copyOf(zones);
        caches = List.copyOf(caches);
        cacheClusters = List.copyOf(cacheClusters);
        services = List.copyOf(services);
    }
}
