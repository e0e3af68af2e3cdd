package io.opsdeck.services.sandbox;

import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's flushed cache nodes and what a flush does to their figures: the key count falls to
 * zero and refills, the hit ratio drops to almost nothing and recovers, over the following minutes
 * (a decay with {@link #RECOVERY} as its time constant), as a real cache warms up again.
 */
final class SandboxCacheFlushes {
    static final Duration RECOVERY = Duration.ofSeconds(90);
    /** Nothing is written back for the first seconds (the clients find out the keys are gone). */
    static final Duration REFILL_LAG = Duration.ofSeconds(5);
    /** The hit ratio right after a flush: the few keys written since are read back at once. */
    private static final double FLOOR = 0.04;

    private final Map<PodKey, Instant> flushedAt = new ConcurrentHashMap<>();

    void flushed(PodKey pod, Instant at) {
        flushedAt.put(pod, at);
    }

    /** 1 at the flush, falling towards 0 as the cache refills; 0 before a flush (or a delayed one not yet due). */
    double depth(PodKey pod, Instant at) {
        Instant t = flushedAt.get(pod);
        if (t == null || at.isBefore(t)) {
            return 0;
        }
        return Math.exp(-Duration.between(t, at).toMillis() / (double) RECOVERY.toMillis());
    }

    /** The share of the keys back at {@code at}: 0 for {@link #REFILL_LAG} after the flush, then towards 1. */
    double refilled(PodKey pod, Instant at) {
        Instant t = flushedAt.get(pod);
        if (t == null || at.isBefore(t)) {
            return 1;
        }
        long since = Duration.between(t, at).minus(REFILL_LAG).toMillis();
        return since <= 0 ? 0 : 1 - Math.exp(-since / (double) RECOVERY.toMillis());
    }

    /** The figures of {@code pod} at {@code at}, with a flush's effect. */
    CacheStats apply(PodKey pod, Instant at, CacheStats s) {
        double depth = depth(pod, at);
        if (depth <= 0 || s.hasError()) {
            return s;
        }
        double reads = s.readsPerSec();
        double ratio = s.hitRatio();
        double after = Double.isNaN(ratio) ? ratio : ratio - (ratio - FLOOR) * depth;
        double hits = Double.isNaN(after) ? s.hitsPerSec() : reads * after;
        return new CacheStats(hits, reads - hits, s.opsPerSec(), Math.round(s.memoryUsedBytes() * (0.1 + 0.9 * refilled(pod, at))),
                s.memoryMaxBytes(), s.evictionsPerSec() * (1 - depth), s.connectedClients(),
                s.keys() < 0 ? s.keys() : Math.round(s.keys() * refilled(pod, at)), s.source(), s.error());
    }
}
