package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterSnapshot;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * What planning and running may use: the cluster port, the latest snapshot the views show (empty
 * for a headless command that loads none), the clock.
 */
public record PlanContext(ClusterOps cluster, Supplier<ClusterSnapshot> snapshot, Clock clock) {
}
