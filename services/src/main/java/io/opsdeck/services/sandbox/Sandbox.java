package io.opsdeck.services.sandbox;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.source.Backend;

import java.time.Clock;
import java.time.Duration;

/** Builds the sandbox {@link Backend}: the simulated cluster and its metrics. */
public final class Sandbox {
    /** How often the sandbox cluster changes. */
    public static final Duration TICK = Duration.ofSeconds(2);

    private Sandbox() {
    }

    public static Backend backend(SandboxSpec spec, Workers workers, Clock clock) {
        SandboxClusterSource cluster = new SandboxClusterSource(spec, workers.scheduler("sandbox"), TICK, clock);
        return new Backend(cluster, new SandboxMetricsSource(spec.seed(), clock)).withActions(new SandboxActions(cluster));
    }
}
