package io.opsdeck.services.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything read from the metrics source in one poll, keyed the way the cluster is. */
public record MetricsSnapshot(
        Instant takenAt,
        Map<PodKey, CacheStats> caches,
        Map<ServiceKey, ServiceMetrics> services,
        List<Alert> alerts) {

    public MetricsSnapshot {
        caches = Map.copyOf(caches);
        services = Map.copyOf(services);
        alerts = List.copyOf(alerts);
    }

    public static final MetricsSnapshot EMPTY = new MetricsSnapshot(Instant.EPOCH, Map.of(), Map.of(), List.of());
}
