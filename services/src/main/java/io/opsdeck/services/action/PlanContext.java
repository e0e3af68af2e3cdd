package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterSnapshot;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * What planning and running may use: the cluster port, the cache port, the latest snapshot the
 * views show (empty for a headless command that loads none), the clock.
 */
public record PlanContext(ClusterOps cluster, CacheOps caches, Supplier<ClusterSnapshot> snapshot, Clock clock) {

    public PlanContext {
        caches = caches == null ? CacheOps.NONE : caches;
    }

    /** A context with no cache access. */
    public PlanContext(ClusterOps cluster, Supplier<ClusterSnapshot> snapshot, Clock clock) {
        this(cluster, CacheOps.NONE, snapshot, clock);
    }
}
