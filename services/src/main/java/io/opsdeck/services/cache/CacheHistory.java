package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last hour (by default) of hit ratio and ops/s per cache node and per cache cluster, so that
 * sparklines exist without Prometheus. Each series is a fixed-size ring of primitives; a poll adds
 * one point per node. Thread-safe: written by the poller, read by whoever builds the view model.
 */
public final class CacheHistory {
    public static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    /** Points kept per series: an hour at one poll a second, more than any sane refresh interval needs. */
    public static final int DEFAULT_CAPACITY = 3600;

    private final Duration span;
    private final int capacity;
    private final Map<String, Ring> series = new HashMap<>();

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
        add("pod:" + pod, at, stats.hitRatio(), stats.opsPerSec());
    }

    /** Adds a cache cluster's roll-up (hit ratio weighted by traffic, see OverviewBuilder). */
    public void record(CacheClusterSummary cluster, Instant at) {
        if (cluster.nodesWithData() == 0) {
            return;
        }
        add(clusterKey(cluster.namespace(), cluster.name()), at, cluster.hitRatio(), cluster.opsPerSec());
    }

    /**
     * Puts points from before the node's first one (e.g. a Prometheus range query over the hour
     * before Opsdeck started) in front of its series; points at or after its first are ignored.
     */
    public void backfill(PodKey pod, List<CacheSample> older) {
        prepend("pod:" + pod, older);
    }

    /** {@link #backfill(PodKey, List)} for a cache cluster's series. */
    public void backfillCluster(String namespace, String cluster, List<CacheSample> older) {
        prepend(clusterKey(namespace, cluster), older);
    }

    private synchronized void prepend(String key, List<CacheSample> older) {
        Ring existing = series.get(key);
        long first = existing == null || existing.size == 0 ? Long.MAX_VALUE : existing.at[existing.index(0)];
        Ring merged = new Ring(capacity);
        for (CacheSample s : older) {
            long t = s.at().toEpochMilli();
            if (t < first) {
                merged.add(t, s.hitRatio(), s.opsPerSec());
            }
        }
        if (existing != null) {
            for (int i = 0; i < existing.size; i++) {
                int j = existing.index(i);
                merged.add(existing.at[j], existing.ratio[j], existing.ops[j]);
            }
        }
        series.put(key, merged);
    }

    /** The node's points in time order, within the span before {@code now}. */
    public List<CacheSample> node(PodKey pod, Instant now) {
        return read("pod:" + pod, now);
    }

    public List<CacheSample> cluster(String namespace, String cluster, Instant now) {
        return read(clusterKey(namespace, cluster), now);
    }

    /** Drops series whose last point is older than the span (pods long gone). */
    public synchronized void prune(Instant now) {
        Instant edge = now.minus(span);
        series.values().removeIf(r -> r.size == 0 || r.at[r.index(r.size - 1)] < edge.toEpochMilli());
    }

    private synchronized void add(String key, Instant at, double ratio, double ops) {
        series.computeIfAbsent(key, k -> new Ring(capacity)).add(at.toEpochMilli(), ratio, ops);
    }

    private synchronized List<CacheSample> read(String key, Instant now) {
        Ring r = series.get(key);
        if (r == null) {
            return List.of();
        }
        long edge = now.minus(span).toEpochMilli();
        List<CacheSample> out = new ArrayList<>(r.size);
        for (int i = 0; i < r.size; i++) {
            int j = r.index(i);
            if (r.at[j] >= edge) {
                out.add(new CacheSample(Instant.ofEpochMilli(r.at[j]), r.ratio[j], r.ops[j]));
            }
        }
        return out;
    }

    private static String clusterKey(String namespace, String cluster) {
        return "cluster:" + namespace + "/" + cluster;
    }

    private static final class Ring {
        final long[] at;
        final double[] ratio;
        final double[] ops;
        int start;
        int size;

        Ring(int capacity) {
            at = new long[capacity];
            ratio = new double[capacity];
            ops = new double[capacity];
        }

        int index(int i) {
            return (start + i) % at.length;
        }

        void add(long t, double r, double o) {
            if (size > 0 && t < at[index(size - 1)]) {
                return; // out of order: a clock step back; the line stays monotonic
            }
            int j;
            if (size < at.length) {
                j = index(size);
                size++;
            } else {
                j = start;
                start = (start + 1) % at.length;
            }
            at[j] = t;
            ratio[j] = r;
            ops[j] = o;
        }
    }
}
