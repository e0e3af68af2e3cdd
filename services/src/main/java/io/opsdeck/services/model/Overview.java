package io.opsdeck.services.model;


import java.time.Instant;
import java.util.List;

/**
 * The cluster and metrics snapshots joined into what the screens and the report show. Built off
 * the FX thread; crosses onto it once per refresh.
 *
 * @param cacheBook the cache view's extras (details, last hour of hit ratio and ops/s) as of the
 *                  latest metrics poll; its {@code takenAt} says how fresh the cache figures are, which
 *                  can be newer than {@code metrics.takenAt()} when Prometheus is down and the caches
 *                  are read directly
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
        Instant refreshedAt,
        CacheStatsBook cacheBook) {

    public Overview {
        zones = List.copyOf(zones);
        caches = List.copyOf(caches);
        cacheClusters = List.copyOf(cacheClusters);
        services = List.copyOf(services);
        cacheBook = cacheBook == null ? CacheStatsBook.EMPTY : cacheBook;
    }

    /** An overview without cache details or history. */
    public Overview(ClusterSnapshot cluster, MetricsSnapshot metrics, ConnectionStatus clusterStatus,
                    ConnectionStatus metricsStatus, List<ZoneSummary> zones, List<CacheNodeStatus> caches,
                    List<CacheClusterSummary> cacheClusters, List<ServiceHealth> services, Instant refreshedAt) {
        this(cluster, metrics, clusterStatus, metricsStatus, zones, caches, cacheClusters, services, refreshedAt,
                CacheStatsBook.EMPTY);
    }
}
