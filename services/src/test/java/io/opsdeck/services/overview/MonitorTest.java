package io.opsdeck.services.overview;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceKey;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.sandbox.Sandbox;
import io.opsdeck.services.sandbox.SandboxClusterSource;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.source.Backend;
import io.opsdeck.services.source.ClusterSource;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.MetricsUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor against the sandbox and against sources that fail. Timeouts only guard against hangs. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MonitorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REFUSED = "Prometheus at http://127.0.0.1:1 refused the connection";

    private final Clock clock = Clock.systemUTC();
    private final Workers workers = new Workers();
    private Monitor monitor;

    @AfterEach
    void tearDown() {
        if (monitor != null) {
            monitor.close();
        }
        workers.close();
    }

    private Monitor monitor(Backend backend) {
        monitor = new Monitor(backend, workers.scheduler("overview"), workers.scheduler("metrics"),
                Duration.ofMillis(200), clock);
        return monitor;
    }

    @Test
    void firstOverviewOfTheSandboxHasItsNodesAndCacheFigures() throws InterruptedException {
        Monitor m = monitor(Sandbox.backend(SandboxSpec.DEFAULT, workers, clock));
        assertThat(m.latest()).isEmpty();
        m.start();

        Overview o = m.awaitFirst(WAIT);

        assertThat(o.cluster().context()).isEqualTo(SandboxClusterSource.CONTEXT);
        assertThat(o.cluster().nodes()).hasSize(12);
        assertThat(o.clusterStatus().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(o.metricsStatus().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(o.caches()).hasSize(7).allSatisfy(c -> {
            assertThat(c.stats().hasError()).as("error of %s", c.node().pod()).isFalse();
            assertThat(c.stats().source()).isEqualTo("sandbox");
            assertThat(c.stats().hitRatio()).isBetween(0.0, 1.0);
        });
        assertThat(o.cacheClusters()).hasSize(2);
        assertThat(m.latest()).isPresent();
    }

    @Test
    void listenersReceiveOverviewsOnTheMonitorsThread() throws InterruptedException {
        Monitor m = monitor(Sandbox.backend(SandboxSpec.DEFAULT, workers, clock));
        BlockingQueue<Overview> received = new LinkedBlockingQueue<>();
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        m.addListener(o -> {
            threads.add(Thread.currentThread().getName());
            received.add(o);
        });
        m.start();

        Overview full = null;
        for (int i = 0; i < 200 && full == null; i++) {
            Overview o = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as("overview number %d", i + 1).isNotNull();
            if (o.cluster().nodes().size() == 12 && o.metricsStatus().state() == ConnectionState.CONNECTED) {
                full = o;
            }
        }

        assertThat(full).as("an overview with the cluster and its metrics").isNotNull();
        assertThat(full.caches()).hasSize(7).noneMatch(c -> c.stats().hasError());
        assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("opsdeck-overview"));
    }

    @Test
    void metricsThatFailAreReportedDownWithTheReasonAndRetried() throws InterruptedException {
        CountDownLatch twoPolls = new CountDownLatch(2);
        MetricsSource refusing = new MetricsSource() {
            @Override
            public String endpoint() {
                return "http://127.0.0.1:1";
            }

            @Override
            public MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches)
                    throws MetricsUnavailableException {
                twoPolls.countDown();
                throw new MetricsUnavailableException(REFUSED);
            }
        };
        ScheduledExecutorService sandboxThread = workers.scheduler("sandbox");
        Monitor m = monitor(new Backend(new SandboxClusterSource(SandboxSpec.DEFAULT, sandboxThread, Sandbox.TICK,
                clock), refusing));
        m.start();

        Overview o = m.awaitFirst(WAIT);

        assertThat(o.metricsStatus().state()).isEqualTo(ConnectionState.DOWN);
        assertThat(o.metricsStatus().lastError()).contains(REFUSED).contains("retrying in");
        assertThat(o.metricsStatus().endpoint()).isEqualTo("http://127.0.0.1:1");
        assertThat(o.metricsStatus().lastData()).isNull();
        assertThat(o.metricsStatus().usable()).isFalse();
        // the cluster is still shown
        assertThat(o.clusterStatus().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(o.cluster().nodes()).hasSize(12);
        assertThat(o.cluster().pods()).hasSize(150);
        assertThat(o.services()).isNotEmpty();
        assertThat(o.caches()).hasSize(7)
                .allSatisfy(c -> assertThat(c.stats().error()).isEqualTo("metrics are not available"));
        assertThat(twoPolls.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("metrics polled again").isTrue();
    }

    @Test
    void aClusterThatIsDownWithoutDataEndsTheWaitWithItsError() throws InterruptedException {
        String error = "the API server at https://127.0.0.1:6443 refused the connection";
        ScheduledExecutorService sourceThread = workers.scheduler("cluster");
        AtomicInteger metricsPolls = new AtomicInteger();
        StubClusterSource source = new StubClusterSource(clock) {
            @Override
            public void start(Listener listener) {
                sourceThread.execute(() -> {
                    status = status.to(ConnectionState.DOWN, clock.instant(), error, null);
                    listener.status(status);
                });
            }
        };
        Monitor m = monitor(new Backend(source, countingMetrics(metricsPolls)));
        m.start();

        // far longer than the test's own timeout: returning at all means the DOWN status ended the wait
        Overview o = m.awaitFirst(Duration.ofMinutes(10));

        assertThat(o.clusterStatus().state()).isEqualTo(ConnectionState.DOWN);
        assertThat(o.clusterStatus().lastError()).isEqualTo(error);
        assertThat(o.cluster().context()).isEqualTo("prod-eu");
        assertThat(o.cluster().nodes()).isEmpty();
        assertThat(o.services()).isEmpty();
        assertThat(metricsPolls).as("alerts and figures are still read while the cluster is down").hasValue(1);
        m.close();
        assertThat(source.closed).isTrue();
    }

    @Test
    void aClusterThatNeverAnswersIsReportedDownAfterTheTimeout() throws InterruptedException {
        StubClusterSource silent = new StubClusterSource(clock);
        Monitor m = monitor(new Backend(silent, countingMetrics(new AtomicInteger())));
        m.start();

        Overview o = m.awaitFirst(Duration.ofSeconds(1));

        assertThat(o.clusterStatus().state()).isEqualTo(ConnectionState.DOWN);
        assertThat(o.clusterStatus().lastError()).isEqualTo("the cluster did not answer within 1 s");
        assertThat(o.metricsStatus().state()).isEqualTo(ConnectionState.CONNECTING);
    }

    private static MetricsSource countingMetrics(AtomicInteger polls) {
        return new MetricsSource() {
            @Override
            public String endpoint() {
                return "http://prometheus:9090";
            }

            @Override
            public MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches) {
                polls.incrementAndGet();
                return MetricsSnapshot.EMPTY;
            }
        };
    }

    /** A cluster source that stays connecting and never publishes, unless a test overrides {@link #start}. */
    private static class StubClusterSource implements ClusterSource {
        volatile ConnectionStatus status;
        volatile boolean closed;

        StubClusterSource(Clock clock) {
            status = ConnectionStatus.connecting("https://127.0.0.1:6443", clock.instant());
        }

        @Override
        public String contextName() {
            return "prod-eu";
        }

        @Override
        public void start(Listener listener) {
        }

        @Override
        public ConnectionStatus status() {
            return status;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void refreshNowPollsAtOnceWithoutStartingASecondPollingChain() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        MetricsSource counting = new MetricsSource() {
            @Override
            public String endpoint() {
                return "counting";
            }

            @Override
            public MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches) {
                polls.incrementAndGet();
                return MetricsSnapshot.EMPTY;
            }
        };
        ScheduledExecutorService poller = workers.scheduler("metrics");
        // an interval no test waits for: only refreshNow can cause further polls
        monitor = new Monitor(new Backend(Sandbox.backend(SandboxSpec.DEFAULT, workers, clock).cluster(), counting),
                workers.scheduler("overview"), poller, Duration.ofHours(1), clock);
        monitor.start();
        monitor.awaitFirst(WAIT);
        for (int i = 0; i < 3; i++) {
            monitor.refreshNow();
        }
        // drain the poller: a task queued after the refreshes runs after them
        CountDownLatch drained = new CountDownLatch(1);
        poller.execute(drained::countDown);
        assertThat(drained.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(polls.get()).isEqualTo(4);
        assertThat(((java.util.concurrent.ScheduledThreadPoolExecutor) poller).getQueue())
                .as("one scheduled poll, not one per refresh").hasSize(1);
    }

    @Test
    void metricsArePolledEvenWhenTheClusterIsDownFromTheStart() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        ClusterSource down = new io.opsdeck.services.source.UnreachableCluster("prod", "https://127.0.0.1:6",
                "Cannot reach the API server", clock);
        MetricsSource counting = new MetricsSource() {
            @Override
            public String endpoint() {
                return "counting";
            }

            @Override
            public MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches) {
                polls.incrementAndGet();
                return new MetricsSnapshot(clock.instant(), java.util.Map.of(), java.util.Map.of(), List.of());
            }
        };
        Monitor m = monitor(new Backend(down, counting));
        m.start();
        Overview o = m.awaitFirst(WAIT);
        assertThat(o.clusterStatus().state()).isEqualTo(ConnectionState.DOWN);
        assertThat(polls.get()).isPositive();
        assertThat(o.metricsStatus().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aPartialPollKeepsTheFreshCacheFiguresAndTheLastServiceFiguresAndSaysPrometheusIsDown() throws Exception {
        PodKey external = new PodKey("external", "managed-redis");
        CacheNode externalNode = new CacheNode(external, CacheKind.REDIS, "managed-redis", "", "", 6379);
        java.util.concurrent.atomic.AtomicReference<List<CacheNode>> asked = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicInteger polls = new AtomicInteger();
        java.time.Instant firstPoll = clock.instant();
        ServiceKey checkout = new ServiceKey("shop", "checkout");
        MetricsSource flaky = new MetricsSource() {
            @Override
            public String endpoint() {
                return "http://127.0.0.1:9";
            }

            @Override
            public List<CacheNode> externalCaches() {
                return List.of(externalNode);
            }

            @Override
            public MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches)
                    throws MetricsUnavailableException {
                asked.set(caches);
                CacheStats stats = new CacheStats(90, 10, 120, 1 << 20, 1 << 24, 0, 3, 42, "direct", "");
                if (polls.incrementAndGet() == 1) {
                    return new MetricsSnapshot(firstPoll, java.util.Map.of(external, stats),
                            java.util.Map.of(checkout, new io.opsdeck.services.model.ServiceMetrics(5, 0.01, 40)),
                            List.of());
                }
                throw new io.opsdeck.services.source.PartialMetricsException(REFUSED
                        + "; cache figures are read directly from the caches", new MetricsSnapshot(clock.instant(),
                        java.util.Map.of(external, new CacheStats(30, 70, 100, 1 << 20, 1 << 24, 0, 3, 42, "direct", "")),
                        java.util.Map.of(), List.of()), false);
            }
        };
        BlockingQueue<Overview> received = new LinkedBlockingQueue<>();
        Monitor m = monitor(new Backend(new SandboxClusterSource(SandboxSpec.DEFAULT, workers.scheduler("sandbox"),
                Sandbox.TICK, clock), flaky));
        m.addListener(received::add);
        m.start();

        Overview partial = null;
        for (int i = 0; i < 400 && partial == null; i++) {
            Overview o = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as("overview number %d", i + 1).isNotNull();
            if (o.metricsStatus().state() == ConnectionState.DOWN) {
                partial = o;
            }
        }

        assertThat(partial).isNotNull();
        assertThat(asked.get()).as("the external cache is polled with the discovered ones").contains(externalNode)
                .hasSizeGreaterThan(1);
        assertThat(partial.caches()).extracting(c -> c.node().pod()).contains(external);
        CacheStats now = partial.caches().stream().filter(c -> c.node().pod().equals(external)).findFirst()
                .orElseThrow().stats();
        assertThat(now.hitRatio()).as("the fresh direct reading, not the last good poll's").isEqualTo(0.3);
        assertThat(partial.metrics().services()).as("service figures of the last good poll, shown stale")
                .containsKey(checkout);
        assertThat(partial.metrics().takenAt()).as("their age is that poll's").isEqualTo(firstPoll);
        assertThat(partial.metricsStatus().lastError()).contains(REFUSED).contains("read directly");
        assertThat(partial.metricsStatus().usable()).isFalse();
    }

    @Test
    void theSandboxKeepsAnHourOfCacheHistoryAndDetailsForTheCacheView() throws InterruptedException {
        Monitor m = monitor(Sandbox.backend(SandboxSpec.DEFAULT, workers, clock));
        m.start();

        Overview o = m.awaitFirst(WAIT);

        assertThat(o.cacheBook().takenAt()).isEqualTo(o.metrics().takenAt());
        CacheNodeStatus replica = o.caches().stream().filter(c -> "replica".equals(c.node().role())).findFirst()
                .orElseThrow();
        var details = o.cacheBook().details(replica.node().pod()).orElseThrow();
        assertThat(details.replication()).isNotNull();
        assertThat(details.replication().lagBytes()).isPositive();
        assertThat(details.uptimeSeconds()).isPositive();
        var history = o.cacheBook().history(replica.node().pod());
        assertThat(history).as("an hour at one point every 2 s, and the poll itself").hasSizeGreaterThan(1700);
        assertThat(history.get(0).at()).isAfter(o.cacheBook().takenAt().minus(Duration.ofMinutes(61)));
        var cold = o.cacheClusters().stream().filter(c -> c.kind() == CacheKind.MEMCACHED).findFirst().orElseThrow();
        assertThat(o.cacheBook().clusterHistory(cold.namespace(), cold.name()))
                .extracting(io.opsdeck.services.model.CacheSample::hitRatio)
                .allSatisfy(r -> assertThat(r).isBetween(0.0, 1.0));
    }
}
