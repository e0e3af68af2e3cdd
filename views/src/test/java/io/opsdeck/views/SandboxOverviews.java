package io.opsdeck.views;

import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.services.sandbox.SandboxMetricsSource;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Overviews built from the real sandbox, for view tests: the same data the console shows. */
public final class SandboxOverviews {
    public static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private SandboxOverviews() {
    }

    public static Overview defaultSandbox() {
        return of(SandboxWorld.generate(SandboxSpec.DEFAULT, NOW));
    }

    public static Overview of(SandboxWorld world) {
        ClusterSnapshot cluster = world.snapshot("sandbox", NOW);
        SandboxMetricsSource source = new SandboxMetricsSource(world.spec().seed(), CLOCK);
        MetricsSnapshot metrics = source.poll(cluster, CacheDiscovery.find(cluster));
        ConnectionStatus ok = new ConnectionStatus(ConnectionState.CONNECTED, NOW.minusSeconds(30), "", NOW, "sandbox");
        return OverviewBuilder.build(cluster, metrics, java.util.List.of(), source.cacheBook(), ok, ok, NOW);
    }
}
