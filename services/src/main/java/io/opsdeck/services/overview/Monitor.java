package io.opsdeck.services.overview;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.source.Backend;
import io.opsdeck.services.source.ClusterSource;
import io.opsdeck.services.source.MetricsNotConfiguredException;
import io.opsdeck.services.source.MetricsUnavailableException;
import io.opsdeck.services.source.PartialMetricsException;
import io.opsdeck.services.model.CacheNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps the latest cluster and metrics snapshots, polls metrics on a timer with back-off, and
 * publishes a joined {@link Overview} to listeners, coalesced to at most one every
 * {@link #MIN_PUBLISH_INTERVAL}. All work happens on the given schedulers, never the FX thread.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    public static final Duration MIN_PUBLISH_INTERVAL = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final Backend backend;
    private final ScheduledExecutorService publisher;
    private final ScheduledExecutorService poller;
    private final Duration metricsInterval;
    private final Clock clock;
    private final List<Consumer<Overview>> listeners = new CopyOnWriteArrayList<>();
    /** Rebuilds only what changed since the previous overview (awaitFirst may rebuild on another thread). */
    private final OverviewBuilder.Incremental builder = new OverviewBuilder.Incremental();
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private final AtomicBoolean pollingStarted = new AtomicBoolean();
    private final CountDownLatch clusterLoaded = new CountDownLatch(1);
    private final CountDownLatch metricsPolled = new CountDownLatch(1);

    private volatile ClusterSnapshot cluster;
    private volatile MetricsSnapshot metrics = MetricsSnapshot.EMPTY;
    private volatile ConnectionStatus clusterStatus;
    private volatile ConnectionStatus metricsStatus;
    private volatile Overview latest;
    /** When the latest publication's rebuild started, by {@link #nanoTime}. */
    private volatile long lastPublishNanos;
    private volatile boolean publishedOnce;
    private final LongSupplier nanoTime;
    private volatile int failures;
    private volatile boolean closed;
    private final Object pollDone = new Object();
    private long completedPolls;
    /** The next scheduled poll; touched only on the poller's thread. */
    private ScheduledFuture<?> nextPoll;

    public Monitor(Backend backend, ScheduledExecutorService publisher, ScheduledExecutorService poller,
                   Duration metricsInterval, Clock clock) {
        this(backend, publisher, poller, metricsInterval, clock, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the publish interval is measured by ({@code System::nanoTime}) */
    Monitor(Backend backend, ScheduledExecutorService publisher, ScheduledExecutorService poller,
            Duration metricsInterval, Clock clock, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.backend = backend;
        this.publisher = publisher;
        this.poller = poller;
        this.metricsInterval = metricsInterval;
        this.clock = clock;
        this.cluster = ClusterSnapshot.empty(backend.cluster().contextName());
        this.clusterStatus = backend.cluster().status();
        this.metricsStatus = ConnectionStatus.connecting(backend.metrics().endpoint(), clock.instant());
    }

    public void addListener(Consumer<Overview> listener) {
        listeners.add(listener);
    }

    public void start() {
        start(CompletableFuture.completedFuture(null));
    }

    /**
     * Starts the cluster source at once, with its CPU-heavy work held until {@code heavyWork} completes
     * ({@link ClusterSource#start(ClusterSource.Listener, CompletionStage)}); metrics are polled once the
     * cluster has loaded, as ever.
     */
    public void start(CompletionStage<?> heavyWork) {
        backend.cluster().start(new ClusterSource.Listener() {
            @Override
            public void snapshot(ClusterSnapshot snapshot) {
                cluster = snapshot;
                clusterLoaded.countDown();
                startPolling();
                requestRebuild();
            }

            @Override
            public void status(ConnectionStatus status) {
                ConnectionStatus before = clusterStatus;
                clusterStatus = status;
                if (status.state() == ConnectionState.DOWN && clusterLoaded.getCount() > 0) {
                    // nothing to wait for: let headless callers report the failure; alerts are worth
                    // reading all the more while the cluster is unreachable
                    clusterLoaded.countDown();
                    startPolling();
                }
                // a status that only dates the data comes just before that data: its snapshot asks
                // for the rebuild. Asking here too would publish the old cluster at once, and the
                // new one, a moment later, only after the full publish interval
                if (!sameApartFromDataTime(before, status)) {
                    requestRebuild();
                }
            }
        }, heavyWork);
    }

    private void startPolling() {
        if (pollingStarted.compareAndSet(false, true)) {
            poller.execute(this::pollMetrics);
        }
    }

    /** Polls metrics at once instead of at the next tick. */
    public void refreshNow() {
        if (!pollingStarted.get()) {
            return;
        }
        // on the poller's one thread: cancel the scheduled poll and poll now, so there is still one chain
        poller.execute(() -> {
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
            pollMetrics();
        });
    }

    public ClusterSource clusterSource() {
        return backend.cluster();
    }

    /** The latest overview, or empty before the first one. */
    public Optional<Overview> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * Waits until the cluster has loaded (or failed) and metrics were polled once (or failed), then
     * returns an overview built from that. For headless commands; never call it on the FX thread.
     */
    public Overview awaitFirst(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        clusterLoaded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        metricsPolled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (clusterLoaded.getCount() > 0 && clusterStatus.state() == ConnectionState.CONNECTING) {
            clusterStatus = clusterStatus.to(ConnectionState.DOWN, clock.instant(),
                    "the cluster did not answer within " + timeout.toSeconds() + " s", null);
        }
        return rebuild();
    }

    /** How many metrics polls have finished (well or not). */
    public long completedPolls() {
        synchronized (pollDone) {
            return completedPolls;
        }
    }

    /**
     * Waits until more than {@code after} metrics polls have finished, then returns an overview built
     * from the latest. For headless commands that need a second sample (rates read directly from a
     * cache need two); never call it on the FX thread.
     */
    public Overview awaitPoll(long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pollDone) {
            while (completedPolls <= after) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(pollDone, left);
            }
        }
        return rebuild();
    }

    private void pollMetrics() {
        if (closed) {
            return;
        }
        ClusterSnapshot snapshot = cluster;
        long delayMs;
        try {
            List<CacheNode> caches = CacheDiscovery.withExternal(CacheDiscovery.find(snapshot),
                    backend.metrics().externalCaches());
            MetricsSnapshot m = backend.metrics().poll(snapshot, caches);
            metrics = m;
            metricsStatus = metricsStatus.to(ConnectionState.CONNECTED, clock.instant(), "", m.takenAt());
            failures = 0;
            delayMs = metricsInterval.toMillis();
        } catch (PartialMetricsException e) {
            // Prometheus is missing but the caches were read directly: fresh cache figures, the
            // service figures and alerts of the last good poll (shown stale with their age)
            MetricsSnapshot last = metrics;
            metrics = new MetricsSnapshot(last.takenAt(), e.partial().caches(), last.services(), last.alerts());
            ConnectionState state = e.notConfigured() ? ConnectionState.NOT_CONFIGURED : ConnectionState.DOWN;
            if (metricsStatus.state() != state || !metricsStatus.lastError().equals(e.getMessage())) {
                if (e.notConfigured()) {
                    LOG.info("No metrics: {}", e.getMessage());
                } else {
                    LOG.warn("Metrics unavailable: {}", e.getMessage());
                }
            }
            metricsStatus = metricsStatus.to(state, clock.instant(), e.getMessage(), null);
            // the direct readings keep their pace; the source itself says when Prometheus is back
            failures = 0;
            delayMs = metricsInterval.toMillis();
        } catch (MetricsNotConfiguredException e) {
            // nothing to reach: say so, and look again at the normal pace without raising alarms
            delayMs = metricsInterval.toMillis();
            if (metricsStatus.state() != ConnectionState.NOT_CONFIGURED) {
                LOG.info("No metrics: {}", e.getMessage());
            }
            metricsStatus = metricsStatus.to(ConnectionState.NOT_CONFIGURED, clock.instant(), e.getMessage(), null);
        } catch (MetricsUnavailableException e) {
            failures++;
            delayMs = Math.min(MAX_BACKOFF.toMillis(), metricsInterval.toMillis() << Math.min(failures - 1, 6));
            String message = e.getMessage() + "; retrying in " + Math.max(1, delayMs / 1000) + " s";
            if (failures == 1) {
                LOG.warn("Metrics unavailable: {}", message);
            } else {
                LOG.debug("Metrics still unavailable ({} failures): {}", failures, message);
            }
            metricsStatus = metricsStatus.to(ConnectionState.DOWN, clock.instant(), message, null);
        } catch (RuntimeException e) {
            failures++;
            delayMs = Math.min(MAX_BACKOFF.toMillis(), metricsInterval.toMillis() << Math.min(failures - 1, 6));
            LOG.error("Metrics poll failed unexpectedly", e);
            metricsStatus = metricsStatus.to(ConnectionState.DOWN, clock.instant(),
                    "reading metrics failed: " + e, null);
        }
        // a discovering source learns its endpoint on the way
        metricsStatus = metricsStatus.withEndpoint(backend.metrics().endpoint());
        metricsPolled.countDown();
        synchronized (pollDone) {
            completedPolls++;
            pollDone.notifyAll();
        }
        requestRebuild();
        if (!closed) {
            nextPoll = poller.schedule(this::pollMetrics, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean sameApartFromDataTime(ConnectionStatus a, ConnectionStatus b) {
        return a != null && a.state() == b.state() && Objects.equals(a.since(), b.since())
                && a.lastError().equals(b.lastError())
                && a.endpoint().equals(b.endpoint());
    }

    /**
     * Coalesces changes into publications at least {@link #MIN_PUBLISH_INTERVAL} apart, leading
     * edge first: a change after a quiet interval is published at once, later ones in the interval
     * together at its end. The interval runs from the start of one rebuild to the start of the next,
     * so a change arriving while a rebuild runs waits for the interval too.
     */
    private void requestRebuild() {
        if (closed || !rebuildPending.compareAndSet(false, true)) {
            return;
        }
        long sinceLast = nanoTime.getAsLong() - lastPublishNanos;
        long wait = publishedOnce ? Math.max(0, MIN_PUBLISH_INTERVAL.toNanos() - sinceLast) : 0;
        publisher.schedule(() -> {
            rebuildPending.set(false);
            lastPublishNanos = nanoTime.getAsLong();
            publishedOnce = true;
            Overview o = rebuild();
            for (Consumer<Overview> l : listeners) {
                l.accept(o);
            }
        }, wait, TimeUnit.NANOSECONDS);
    }

    private Overview rebuild() {
        Overview o = builder.build(cluster, metrics, backend.metrics().externalCaches(),
                backend.metrics().cacheBook(), clusterStatus, metricsStatus, clock.instant());
        latest = o;
        return o;
    }

    @Override
    public void close() {
        closed = true;
        backend.close();
    }
}
