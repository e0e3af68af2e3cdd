package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheHistorySnapshot;
import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.model.CacheSeries;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the last hour (by default) of hit ratio and ops/s per cache node and per cache cluster, so
 * that sparklines exist without Prometheus; a poll adds one point per node and then hands the views
 * an immutable {@link #snapshot}. Thread-safe: written by the poller; readers outside the poller read
 * snapshots, which take no lock.
 */
public final class CacheHistory {
    public static final Duration DEFAULT_SPAN = CacheHistorySnapshot.DEFAULT_SPAN;
    /** Points kept per series: an hour at one poll a second, more than any sane refresh interval needs. */
    public static final int DEFAULT_CAPACITY = 3600;

    private final Duration span;
    private final int capacity;
    private final Map<String, CacheSeries> series = new HashMap<>();

    public CacheHistory(Duration span, int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("A history needs room for at least 2 points, not " + capacity);
        }
        this.span = span;
        this.capacity = capacity;
    }

    public CacheHistory() {
        this(DEFAULT_SPAN, DEFAULT_CAPACITY);
    }

    /** Adds a node's figures; figures that are unavailable or still collecting add nothing. */
    public void record(PodKey pod, Instant at, CacheStats stats) {
        if (Double.isNaN(stats.opsPerSec()) && Double.isNaN(stats.hitsPerSec())) {
            return;
        }
        add(CacheHistorySnapshot.nodeKey(pod), at, stats.hitRatio(), stats.opsPerSec());
    }

    /** Adds a cache cluster's roll-up (hit ratio weighted by traffic, see OverviewBuilder). */
    public void record(CacheClusterSummary cluster, Instant at) {
        if (cluster.nodesWithData() == 0) {
            return;
        }
        add(CacheHistorySnapshot.clusterKey(cluster.namespace(), cluster.name()), at, cluster.hitRatio(),
                cluster.opsPerSec());
    }

    /**
     * Puts points from before the node's first one (e.g. a Prometheus range query over the hour
     * before Opsdeck started) in front of its series; points at or after its first are ignored.
     */
    public void backfill(PodKey pod, List<CacheSample> older) {
        prepend(CacheHistorySnapshot.nodeKey(pod), older);
    }

    /** {@link #backfill(PodKey, List)} for a cache cluster's series. */
    public void backfillCluster(String namespace, String cluster, List<CacheSample> older) {
        prepend(CacheHistorySnapshot.clusterKey(namespace, cluster), older);
    }

    private synchronized void prepend(String key, List<CacheSample> older) {
        CacheSeries existing = series.getOrDefault(key, CacheSeries.EMPTY);
        long first = existing.firstMillis();
        List<CacheSample> merged = new ArrayList<>(older.size() + existing.size());
        for (CacheSample s : older) {
            if (s.at().toEpochMilli() < first) {
                merged.add(s);
            }
        }
        merged.addAll(existing.since(Long.MIN_VALUE));
        series.put(key, CacheSeries.of(merged, capacity));
    }

    /** The node's points in time order, within the span before {@code now}. */
    public List<CacheSample> node(PodKey pod, Instant now) {
        return snapshot(now).node(pod);
    }

    public List<CacheSample> cluster(String namespace, String cluster, Instant now) {
        return snapshot(now).cluster(namespace, cluster);
    }

    /** Every series as it is now, read as of {@code now}: immutable, for the views. */
    public synchronized CacheHistorySnapshot snapshot(Instant now) {
        return new CacheHistorySnapshot(now, span, series);
    }

    /** Drops series whose last point is older than the span (pods long gone). */
    public synchronized void prune(Instant now) {
        long edge = now.minus(span).toEpochMilli();
        series.values().removeIf(s -> s.size() == 0 || s.lastMillis() < edge);
    }

    private synchronized void add(String key, Instant at, double ratio, double ops) {
        series.put(key, series.getOrDefault(key, CacheSeries.EMPTY).append(at.toEpochMilli(), ratio, ops, capacity));
    }
}
