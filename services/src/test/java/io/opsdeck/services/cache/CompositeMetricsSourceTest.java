package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.model.CacheStatsBook;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.fixtures.MemcachedFixture;
import io.opsdeck.services.fixtures.ProcessFixture;
import io.opsdeck.services.fixtures.PrometheusFixture;
import io.opsdeck.services.fixtures.RedisExporterFixture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.prom.OkHttpPrometheusTransport;
import io.opsdeck.services.prom.PrometheusClient;
import io.opsdeck.services.prom.PrometheusConfig;
import io.opsdeck.services.prom.PrometheusMetricsSource;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.PartialMetricsException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Redis servers, one real redis_exporter each for redis-0 and redis-3, a real Prometheus, a
 * port that refuses (redis-2), a Redis without exporter (redis-1) and a Memcached added by address:
 * each node gets its figures from the best source it has, and a failing one holds up no other.
 */
class CompositeMetricsSourceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final OkHttpClient HTTP = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();
    static final List<AutoCloseable> started = new ArrayList<>();
    static final Map<PodKey, Integer> podPorts = new HashMap<>();
    static RedisExporterFixture exporter3;
    static MemcachedFixture memcached;
    static PrometheusFixture prometheus;
    static int refusing;
    /** What the last {@link #awaitPoll} ended in when Prometheus was missing; null when it answered. */
    static PartialMetricsException lastProblem;

    @BeforeAll
    static void start() {
        RedisFixture[] redis = new RedisFixture[4];
        for (int i : new int[] {0, 1, 3}) {
            redis[i] = track(RedisFixture.start("redis-" + i));
            podPorts.put(pod("redis-" + i), redis[i].port());
        }
        refusing = ProcessFixture.freePort();
        podPorts.put(pod("redis-2"), refusing);
        RedisExporterFixture exporter0 = track(RedisExporterFixture.start("redis-exporter-0", redis[0]));
        exporter3 = track(RedisExporterFixture.start("redis-exporter-3", redis[3]));
        memcached = track(MemcachedFixture.start("memcached-managed"));
        prometheus = track(PrometheusFixture.start(List.of(
                new PrometheusFixture.Target("redis", exporter0.address(), Map.of("namespace", "cache", "pod", "redis-0")),
                new PrometheusFixture.Target("redis", exporter3.address(), Map.of("namespace", "cache", "pod", "redis-3"))),
                PrometheusFixture.ALWAYS_FIRING_RULE));
    }

    @AfterAll
    static void stop() throws Exception {
        List<AutoCloseable> last = new ArrayList<>(started);
        Collections.reverse(last);
        Cleanup.close(last.toArray(AutoCloseable[]::new));
    }

    @Test
    void eachNodeTakesItsFiguresFromTheBestSourceAndAFailingOneHoldsUpNoOther() throws Exception {
        try (CompositeMetricsSource source = composite(prometheus.url())) {
            MetricsSnapshot m = awaitPoll(source, s -> s.caches().get(pod("redis-0")).opsPerSec() > 0
                    && !s.caches().get(pod("redis-1")).hasError() && !s.alerts().isEmpty());
            assertThat(lastProblem).isNull();
            assertThat(source.cacheBook()).isSameAs(source.book());
            assertThat(source.externalCaches()).extracting(CacheNode::pod)
                    .containsExactly(new PodKey("external", "managed"));

            assertThat(m.caches().get(pod("redis-0")).source()).isEqualTo("prometheus");
            CacheStats direct = m.caches().get(pod("redis-1"));
            assertThat(direct.source()).isEqualTo("direct");
            assertThat(direct.hitRatio()).as("no traffic").isNaN();
            assertThat(direct.memoryUsedBytes()).isPositive();
            CacheStats refused = m.caches().get(pod("redis-2"));
            assertThat(refused.source()).isEqualTo("direct");
            assertThat(refused.error()).contains("127.0.0.1:" + refusing).contains("connection refused")
                    .contains("no redis_exporter series for cache/redis-2");
            CacheStats managed = m.caches().get(new PodKey("external", "managed"));
            assertThat(managed.source()).isEqualTo("direct");
            assertThat(managed.error()).isEmpty();
            assertThat(managed.memoryMaxBytes()).isEqualTo(64L << 20);
            assertThat(m.alerts()).extracting(a -> a.name()).contains("OpsdeckTestAlwaysFiring");

            CacheStatsBook book = source.book();
            assertThat(book.takenAt()).isEqualTo(m.takenAt());
            assertThat(book.prometheusProblem()).isEmpty();
            CacheNodeDetails fromExporter = book.details(pod("redis-0")).orElseThrow();
            assertThat(fromExporter.source()).isEqualTo("prometheus");
            assertThat(fromExporter.role()).isEqualTo("primary");
            assertThat(fromExporter.uptimeSeconds()).isNotNegative();
            assertThat(fromExporter.state()).isEqualTo(CacheNodeState.NO_TRAFFIC);
            assertThat(book.details(pod("redis-1")).orElseThrow().state()).isEqualTo(CacheNodeState.NO_TRAFFIC);
            assertThat(book.details(pod("redis-2")).orElseThrow().state()).isEqualTo(CacheNodeState.UNAVAILABLE);
            assertThat(book.history(pod("redis-1"))).isNotEmpty();
            assertThat(book.clusterHistory("cache", "redis")).isNotEmpty();
            assertThat(source.externalNodes()).extracting(CacheNode::pod).containsExactly(new PodKey("external", "managed"));
        }
    }

    @Test
    void prometheusGivesTheRatesOfEveryExporterNodeOverATimeRangeInOneQueryPerFigure() throws Exception {
        try (CompositeMetricsSource source = composite(prometheus.url())) {
            // from Prometheus, not the direct reader's fallback: then its rates have points in the range
            awaitPoll(source, s -> "prometheus".equals(s.caches().get(pod("redis-0")).source())
                    && s.caches().get(pod("redis-0")).opsPerSec() > 0);
        }
        PrometheusConfig config = PrometheusConfig.of(prometheus.url()).withWindow(Duration.ofMinutes(1));
        PrometheusCacheDetails details = new PrometheusCacheDetails(
                new PrometheusClient(new OkHttpPrometheusTransport(HTTP, config)), config);
        java.time.Instant now = java.time.Instant.now();
        Map<PodKey, PrometheusCacheDetails.NodeSeries> rates = details.rates(
                List.of(node("redis-0"), node("redis-1"), node("redis-3")), now.minus(Duration.ofMinutes(10)), now,
                Duration.ofSeconds(1));

        assertThat(rates).containsKey(pod("redis-0")).doesNotContainKey(pod("redis-1"));
        List<CacheSample> samples = rates.get(pod("redis-0")).samples();
        assertThat(samples).isNotEmpty().isSortedAccordingTo(java.util.Comparator.comparing(CacheSample::at));
        assertThat(samples).anySatisfy(p -> assertThat(p.opsPerSec()).isPositive());
        assertThat(samples).as("no reads: no traffic, never 0%%").allSatisfy(p -> assertThat(p.hitRatio()).isNaN());
    }

    @Test
    void anExporterThatIsDownLeavesItsNodeToTheDirectReader() throws Exception {
        try (CompositeMetricsSource source = composite(prometheus.url())) {
            awaitPoll(source, s -> "prometheus".equals(s.caches().get(pod("redis-3")).source())
                    && !s.caches().get(pod("redis-3")).hasError());

            exporter3.stop();
            MetricsSnapshot m = awaitPoll(source, s -> "direct".equals(s.caches().get(pod("redis-3")).source())
                    && !s.caches().get(pod("redis-3")).hasError());

            assertThat(m.caches().get(pod("redis-3")).memoryUsedBytes()).isPositive();
            assertThat(m.caches().get(pod("redis-0")).source()).as("an unrelated node").isEqualTo("prometheus");
            assertThat(source.book().details(pod("redis-3")).orElseThrow().source()).isEqualTo("direct");
        }
    }

    @Test
    void withoutPrometheusEveryCacheIsReadDirectly() throws Exception {
        try (CompositeMetricsSource source = new CompositeMetricsSource(null, null, poller(), new CacheHistory(),
                Clock.systemUTC())) {
            MetricsSnapshot m = awaitPoll(source, s -> !s.caches().get(pod("redis-0")).hasError());

            assertThat(source.endpoint()).isEqualTo("cache statistics read directly");
            assertThat(m.caches().values()).extracting(CacheStats::source).containsOnly("direct");
            assertThat(m.caches()).hasSize(5);
            assertThat(m.alerts()).isEmpty();
            assertThat(source.book().prometheusProblem()).isEmpty();
            assertThat(lastProblem).as("the poll says Prometheus is missing while the caches are read").isNotNull();
            assertThat(lastProblem.notConfigured()).isTrue();
            assertThat(lastProblem.getMessage()).contains("No Prometheus is configured")
                    .contains("read directly from the caches");
        }
    }

    @Test
    void aPrometheusThatIsDownLeavesTheCachesToTheDirectReaderAndSaysWhy() throws Exception {
        String down = "http://127.0.0.1:" + ProcessFixture.freePort();
        try (CompositeMetricsSource source = composite(down)) {
            MetricsSnapshot m = awaitPoll(source, s -> !s.caches().get(pod("redis-0")).hasError());

            assertThat(m.caches().get(pod("redis-0")).source()).isEqualTo("direct");
            assertThat(source.book().prometheusProblem()).contains(down);
            assertThat(lastProblem).as("Prometheus being down is not hidden by the direct figures").isNotNull();
            assertThat(lastProblem.notConfigured()).isFalse();
            assertThat(lastProblem.getMessage()).contains(down).contains("read directly from the caches");
            assertThat(m.caches().get(pod("redis-2")).error()).contains("127.0.0.1:" + refusing)
                    .doesNotContain("Prometheus:");
        }
    }

    private static CompositeMetricsSource composite(String prometheusUrl) throws Exception {
        PrometheusConfig config = PrometheusConfig.of(prometheusUrl).withWindow(Duration.ofMinutes(1))
                .withTimeout(Duration.ofSeconds(2));
        PrometheusClient client = new PrometheusClient(new OkHttpPrometheusTransport(HTTP, config));
        MetricsSource prom = new PrometheusMetricsSource(client, config);
        return new CompositeMetricsSource(prom, new PrometheusCacheDetails(client, config), poller(),
                new CacheHistory(), Clock.systemUTC());
    }

    private static DirectCachePoller poller() {
        CacheEndpoints endpoints = new CacheEndpoints(new LoopbackForwarder(), CachePasswords.fromEnvironment(),
                CacheCredentials.NONE, List.of(new CacheAddress("managed", CacheKind.MEMCACHED, "127.0.0.1",
                memcached.port())));
        return DirectCachePoller.create(endpoints, Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static MetricsSnapshot awaitPoll(CompositeMetricsSource source, Predicate<MetricsSnapshot> condition)
            throws Exception {
        List<CacheNode> nodes = List.of(node("redis-0"), node("redis-1"), node("redis-2"), node("redis-3"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        MetricsSnapshot last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = source.poll(ClusterSnapshot.empty("test"), nodes);
                lastProblem = null;
            } catch (PartialMetricsException e) {
                last = e.partial();
                lastProblem = e;
            }
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The expected figures did not arrive within " + WAIT.toSeconds() + " s; last: "
                + (last == null ? null : last.caches()) + "\n" + prometheus.logTail());
    }

    private static CacheNode node(String name) {
        return new CacheNode(pod(name), CacheKind.REDIS, "redis", "", "node-1", 6379);
    }

    private static PodKey pod(String name) {
        return new PodKey("cache", name);
    }

    private static <T extends AutoCloseable> T track(T fixture) {
        started.add(fixture);
        return fixture;
    }

    /** Stands in for the port-forward: each pod's "forward" is its test server's port on 127.0.0.1. */
    static final class LoopbackForwarder implements PodPortForwarder {
        @Override
        public Forward open(PodKey pod, int port) {
            return openAt(podPorts.get(pod));
        }

        /** A "forward" to {@code local} on 127.0.0.1. */
        Forward openAt(int local) {
            return new Forward() {
                @Override
                public String localHost() {
                    return "127.0.0.1";
                }

                @Override
                public int localPort() {
                    return local;
                }

                @Override
                public boolean healthy() {
                    return true;
                }

                @Override
                public String problem() {
                    return "";
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
