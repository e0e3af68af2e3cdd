package io.opsdeck.services.sandbox;

import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.source.ClusterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox behind the same {@link ClusterSource} port as a live cluster: generates the world
 * on the source's thread, publishes it, then ticks it and publishes again every interval.
 */
public final class SandboxClusterSource implements ClusterSource {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxClusterSource.class);
    public static final String CONTEXT = "sandbox";

    private final SandboxSpec spec;
    private final ScheduledExecutorService executor;
    private final Duration tickInterval;
    private final Clock clock;
    private volatile ConnectionStatus status;
    private volatile SandboxWorld world;
    private ScheduledFuture<?> ticking;

    public SandboxClusterSource(SandboxSpec spec, ScheduledExecutorService executor, Duration tickInterval,
                                Clock clock) {
        this.spec = spec;
        this.executor = executor;
        this.tickInterval = tickInterval;
        this.clock = clock;
        this.status = ConnectionStatus.connecting("sandbox " + spec, clock.instant());
    }

    @Override
    public String contextName() {
        return CONTEXT;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (ticking != null) {
            throw new IllegalStateException("already started");
        }
        ticking = executor.scheduleWithFixedDelay(() -> {
            if (world == null) {
                long t0 = System.nanoTime();
                world = SandboxWorld.generate(spec, clock.instant());
                LOG.info("Sandbox {} generated in {} ms", spec, (System.nanoTime() - t0) / 1_000_000);
            } else {
                world.tick();
            }
            var snapshot = world.snapshot(CONTEXT, clock.instant());
            status = status.to(ConnectionState.CONNECTED, clock.instant(), "", snapshot.takenAt());
            listener.status(status);
            listener.snapshot(snapshot);
        }, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
