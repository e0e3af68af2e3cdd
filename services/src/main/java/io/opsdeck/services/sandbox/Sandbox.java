package io.opsdeck.services.sandbox;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.source.Backend;

import java.time.Clock;
import java.time.Duration;

/** Builds the sandbox {@link Backend}: the simulated cluster, its metrics, and the ports actions go through. */
public final class Sandbox {
    /** How often the sandbox cluster changes. */
    public static final Duration TICK = Duration.ofSeconds(2);

    private Sandbox() {
    }

    public static Backend backend(SandboxSpec spec, Workers workers, Clock clock) {
        return backend(spec, workers, clock, TICK);
    }

    /** With the simulated cluster changing every {@code tick} (tests run it faster). */
    public static Backend backend(SandboxSpec spec, Workers workers, Clock clock, Duration tick) {
        SandboxClusterSource cluster = new SandboxClusterSource(spec, workers.scheduler("sandbox"), tick, clock);
        SandboxCacheFlushes flushes = new SandboxCacheFlushes();
        SandboxMetricsSource metrics = new SandboxMetricsSource(spec.seed(), clock, flushes);
        return new Backend(cluster, metrics).withActions(new SandboxActions(cluster))
                .withCaches(new SandboxCacheOps(cluster, metrics, flushes, clock));
    }
}
