package io.opsdeck.services.prom;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.PrometheusFixture;
import io.opsdeck.services.fixtures.RedisExporterFixture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.source.MetricsUnavailableException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real Prometheus scraping real Redis servers through real redis_exporters: redis-0 gets a known
 * mix of hits and misses, redis-1 (with a password) stays idle, redis-2 loses its Redis and then its
 * exporter.
 */
class RealCacheMetricsTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final OkHttpClient HTTP = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();

    static final List<AutoCloseable> started = new ArrayList<>();
    static RedisFixture[] redis = new RedisFixture[3];
    static RedisExporterFixture[] exporters = new RedisExporterFixture[3];
    static PrometheusFixture prometheus;
    static PrometheusClient client;
    static PrometheusMetricsSource source;
    static final List<CacheNode> CACHES = List.of(node("redis-0"), node("redis-1"), node("redis-2"));

    @BeforeAll
    static void startServers() throws Exception {
        List<PrometheusFixture.Target> targets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // redis-1 has a password, so the exporter's authentication is exercised too
            redis[i] = track(RedisFixture.start("redis-" + i, i == 1 ? "test-only-password" : null));
            exporters[i] = track(RedisExporterFixture.start("redis-exporter-" + i, redis[i]));
            targets.add(new PrometheusFixture.Target("redis", exporters[i].address(),
                    Map.of("namespace", "cache", "pod", "redis-" + i)));
        }
        prometheus = track(PrometheusFixture.start(targets, null));
        PrometheusConfig config = PrometheusConfig.of(prometheus.url()).withWindow(Duration.ofMinutes(1));
        client = new PrometheusClient(new OkHttpPrometheusTransport(HTTP, config));
        source = new PrometheusMetricsSource(client, config);
    }

    @AfterAll
    static void stopServers() throws Exception {
        List<AutoCloseable> last = new ArrayList<>(started);
        Collections.reverse(last);
        Cleanup.close(last.toArray(AutoCloseable[]::new));
    }

    @Test
    void hitRatioOfRealTrafficIsNinetyPercent() throws Exception {
        // The counters must be scraped before the traffic, or rate() has no starting point.
        awaitQuery("redis_keyspace_hits_total{pod=\"redis-0\"}", 0);
        try (Resp r = redis[0].client()) {
            List<String[]> commands = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                commands.add(new String[] {"SET", "key-" + i, "value-" + i});
            }
            for (int i = 0; i < 900; i++) {
                commands.add(new String[] {"GET", "key-" + (i % 10)});
            }
            for (int i = 0; i < 100; i++) {
                commands.add(new String[] {"GET", "missing-" + i});
            }
            r.pipeline(commands);
        }
        awaitQuery("redis_keyspace_misses_total{pod=\"redis-0\"}", 100);
        awaitQuery("redis_keyspace_hits_total{pod=\"redis-0\"}", 900);

        CacheStats s = awaitStats("redis-0", st -> st.hasTraffic() && st.missesPerSec() > 0);

        assertThat(s.hitRatio()).as("hit ratio of %s", s).isCloseTo(0.9, within(0.05));
        assertThat(s.error()).isEmpty();
        assertThat(s.source()).isEqualTo("prometheus");
        assertThat(s.memoryUsedBytes()).isPositive();
        assertThat(s.memoryMaxBytes()).as("maxmemory 0 means unlimited, so unknown").isEqualTo(-1);
        assertThat(s.keys()).isEqualTo(10);
        assertThat(s.connectedClients()).isPositive();
        assertThat(s.opsPerSec()).isPositive();
        assertThat(s.evictionsPerSec()).isZero();
    }

    @Test
    void idleRedisHasNoHitRatioRatherThanZero() throws Exception {
        CacheStats s = awaitStats("redis-1", st -> !st.hasError() && st.opsPerSec() > 0);

        assertThat(s.hitsPerSec()).isZero();
        assertThat(s.missesPerSec()).isZero();
        assertThat(s.hitRatio()).as("no traffic is no ratio, not 0%").isNaN();
        assertThat(s.keys()).isZero();
    }

    @Test
    void lostRedisThenLostExporterShowOnThatNodeOnly() throws Exception {
        awaitStats("redis-2", st -> !st.hasError() && st.opsPerSec() >= 0);

        redis[2].stop();
        CacheStats down = awaitStats("redis-2", CacheStats::hasError);
        assertThat(down.error()).contains("cache/redis-2").contains("cannot reach Redis").contains("redis_up is 0");

        exporters[2].stop();
        CacheStats gone = awaitStats("redis-2", st -> !st.error().contains("cannot reach Redis"));
        assertThat(gone.error()).contains("cache/redis-2").containsAnyOf("no longer scraped", "no redis_exporter series");
        assertThat(gone.hitRatio()).isNaN();

        MetricsSnapshot m = source.poll(cluster(), CACHES);
        assertThat(m.caches().get(pod("redis-1")).error()).as("an unrelated node").isEmpty();
        assertThat(m.caches().get(pod("redis-1")).memoryUsedBytes()).isPositive();
    }

    @Test
    void oneFailingFigureLeavesTheOthersFilled() throws Exception {
        // Break only the evictions query on its way out, as a typo in a figure's PromQL would.
        PrometheusTransport real = new OkHttpPrometheusTransport(HTTP, PrometheusConfig.of(prometheus.url()));
        PrometheusTransport breaking = new PrometheusTransport() {
            @Override
            public String endpoint() {
                return real.endpoint();
            }

            @Override
            public Response get(String pathAndQuery) throws PrometheusException {
                return real.get(pathAndQuery.replace("redis_evicted_keys_total", "redis_evicted_keys_total%7B%7B"));
            }

            @Override
            public Response postForm(String path, String form) throws PrometheusException {
                return real.postForm(path, form.replace("redis_evicted_keys_total", "redis_evicted_keys_total%7B%7B"));
            }
        };
        PrometheusConfig config = PrometheusConfig.of(prometheus.url()).withWindow(Duration.ofMinutes(1));
        PrometheusMetricsSource broken = new PrometheusMetricsSource(new PrometheusClient(breaking), config);
        awaitStats("redis-1", st -> !st.hasError() && st.opsPerSec() > 0);

        CacheStats s = broken.poll(cluster(), CACHES).caches().get(pod("redis-1"));

        assertThat(s.evictionsPerSec()).isNaN();
        assertThat(s.error()).startsWith("evictions per second: Prometheus at " + prometheus.url())
                .contains("bad_data");
        assertThat(s.opsPerSec()).isPositive();
        assertThat(s.memoryUsedBytes()).isPositive();
        assertThat(s.hitsPerSec()).isZero();
    }

    private static CacheStats awaitStats(String pod, Predicate<CacheStats> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        CacheStats last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = source.poll(cluster(), CACHES).caches().get(pod(pod));
                if (condition.test(last)) {
                    return last;
                }
            } catch (MetricsUnavailableException e) {
                last = CacheStats.unavailable("test", e.getMessage());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("cache/" + pod + " did not reach the expected state within " + WAIT.toSeconds()
                + " s; last figures: " + last + "\nPrometheus output:\n" + prometheus.logTail());
    }

    /** Waits until the instant value of {@code promql} is at least {@code atLeast}. */
    private static void awaitQuery(String promql, double atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Sample> last = List.of();
        while (System.nanoTime() < deadline) {
            last = client.queryVector(promql).samples();
            if (!last.isEmpty() && last.get(0).value() >= atLeast) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(promql + " did not reach " + atLeast + " within " + WAIT.toSeconds()
                + " s; last: " + last + "\nPrometheus output:\n" + prometheus.logTail());
    }

    private static CacheNode node(String pod) {
        return new CacheNode(pod(pod), CacheKind.REDIS, "redis", "primary", "node-1", 6379);
    }

    private static PodKey pod(String name) {
        return new PodKey("cache", name);
    }

    private static ClusterSnapshot cluster() {
        return ClusterSnapshot.empty("test");
    }

    private static <T extends AutoCloseable> T track(T fixture) {
        started.add(fixture);
        return fixture;
    }
}
