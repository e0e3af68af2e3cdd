package io.opsdeck.services.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The last hour (by default) of hit ratio and ops/s per cache node and per cache cluster, as of one
 * poll. Immutable: the series are {@link CacheSeries}, which share their points with the snapshots
 * before and after this one, so keeping one per overview costs little and reading it takes no lock.
 */
public final class CacheHistorySnapshot {
    public static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    public static final CacheHistorySnapshot EMPTY = new CacheHistorySnapshot(Instant.EPOCH, DEFAULT_SPAN, Map.of());

    private final Instant takenAt;
    private final Duration span;
    private final Map<String, CacheSeries> series;

    /** @param series keyed by {@link #nodeKey} and {@link #clusterKey} */
    public CacheHistorySnapshot(Instant takenAt, Duration span, Map<String, CacheSeries> series) {
        this.takenAt = takenAt;
        this.span = span;
        this.series = Map.copyOf(series);
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** The node's points within the span before {@link #takenAt()}, oldest first. */
    public List<CacheSample> node(PodKey pod) {
        return read(nodeKey(pod));
    }

    /** A cache cluster's points (hit ratio weighted by traffic) within the span, oldest first. */
    public List<CacheSample> cluster(String namespace, String cluster) {
        return read(clusterKey(namespace, cluster));
    }

    private List<CacheSample> read(String key) {
        CacheSeries s = series.get(key);
        return s == null ? List.of() : s.since(takenAt.minus(span).toEpochMilli());
    }

    public static String nodeKey(PodKey pod) {
        return "pod:" + pod;
    }

    public static String clusterKey(String namespace, String cluster) {
        return "cluster:" + namespace + "/" + cluster;
    }
}
