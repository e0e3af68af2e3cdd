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
    /** How long a caller waits for the sandbox thread. */
    static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SandboxClusterSource.class);
    public static final String CONTEXT = "sandbox";

    private final SandboxSpec spec;
    private final ScheduledExecutorService executor;
    private final Duration tickInterval;
    private final Clock clock;
    private volatile ConnectionStatus status;
    private volatile SandboxWorld world;
    private ScheduledFuture<?> ticking;
    private volatile Listener listener;

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
        this.listener = listener;
        ticking = executor.scheduleWithFixedDelay(() -> {
            if (world == null) {
                generate();
            } else {
                world.tick();
            }
            publish();
        }, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void generate() {
        long t0 = System.nanoTime();
        world = SandboxWorld.generate(spec, clock.instant());
        LOG.info("Sandbox {} generated in {} ms", spec, (System.nanoTime() - t0) / 1_000_000);
    }

    private void publish() {
        Listener l = listener;
        if (l == null) {
            return;
        }
        var snapshot = world.snapshot(CONTEXT, clock.instant());
        status = status.to(ConnectionState.CONNECTED, clock.instant(), "", snapshot.takenAt());
        l.status(status);
        l.snapshot(snapshot);
    }

    /**
     * Runs {@code work} on the world's own thread (the world is confined to it) and waits for it;
     * when {@code changes} is true the views get a new snapshot at once. The sandbox's actions come
     * through here. Generates the world first when nothing has started it (a headless command).
     */
    <T> T call(java.util.function.Function<SandboxWorld, T> work, boolean changes) throws InterruptedException {
        return call(work, changes, CALL_TIMEOUT);
    }

    /**
     * Like {@link #call(java.util.function.Function, boolean)} with another timeout. A call that times
     * out (or whose caller is interrupted) is cancelled: a change the caller reported as failed must not
     * happen afterwards, when the sandbox thread gets to it.
     */
    <T> T call(java.util.function.Function<SandboxWorld, T> work, boolean changes, java.time.Duration timeout)
            throws InterruptedException {
        java.util.concurrent.Future<T> f = executor.submit(() -> {
            if (world == null) {
                generate();
            }
            T result = work.apply(world);
            if (changes) {
                publish();
            }
            return result;
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("the sandbox did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            f.cancel(false);
            throw e;
        }
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
