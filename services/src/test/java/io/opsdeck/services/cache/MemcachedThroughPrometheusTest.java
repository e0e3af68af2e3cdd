package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.fixtures.FakeMemcachedExporter;
import io.opsdeck.services.fixtures.PrometheusFixture;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.prom.OkHttpPrometheusTransport;
import io.opsdeck.services.prom.PrometheusClient;
import io.opsdeck.services.prom.PrometheusConfig;
import io.opsdeck.services.prom.PrometheusMetricsSource;
import io.opsdeck.services.prom.Sample;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Memcached-through-Prometheus path: a real Prometheus scrapes an endpoint serving
 * memcached_exporter's format with counters the test advances.
 */
class MemcachedThroughPrometheusTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final CacheNode NODE = new CacheNode(new PodKey("cache", "memcached-0"), CacheKind.MEMCACHED, "memcached",
            "", "node-1", 11211);
    static FakeMemcachedExporter exporter;
    static PrometheusFixture prometheus;
    static PrometheusClient client;
    static PrometheusConfig config;

    @BeforeAll
    static void start() throws Exception {
        exporter = FakeMemcachedExporter.start();
        prometheus = PrometheusFixture.start(List.of(new PrometheusFixture.Target("memcached", exporter.address(),
                Map.of("namespace", "cache", "pod", "memcached-0"))), null);
        config = PrometheusConfig.of(prometheus.url()).withWindow(Duration.ofMinutes(1));
        client = new PrometheusClient(new OkHttpPrometheusTransport(
                new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build(), config));
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(prometheus, exporter);
    }

    @Test
    void aKnownMixOfHitsAndMissesGivesItsRatioPerPodAndOverTime() throws Exception {
        // the counters must be scraped before they move, or rate() has no starting point
        awaitValue("memcached_commands_total{pod=\"memcached-0\",command=\"get\",status=\"hit\"}", 0);
        exporter.advance(900, 100, 50);
        awaitValue("memcached_commands_total{pod=\"memcached-0\",command=\"get\",status=\"hit\"}", 900);
        PrometheusMetricsSource source = new PrometheusMetricsSource(client, config);

        CacheStats s = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            s = source.poll(ClusterSnapshot.empty("test"), List.of(NODE)).caches().get(NODE.pod());
            if (s.hasTraffic() && s.missesPerSec() > 0) {
                break;
            }
            Thread.sleep(200);
        }

        assertThat(s).isNotNull();
        assertThat(s.hitRatio()).as("%s", s).isCloseTo(0.9, within(0.01));
        assertThat(s.source()).isEqualTo("prometheus");
        assertThat(s.error()).isEmpty();
        assertThat(s.memoryUsedBytes()).isEqualTo(4096);
        assertThat(s.memoryMaxBytes()).isEqualTo(64L << 20);
        assertThat(s.keys()).isEqualTo(10);
        assertThat(s.connectedClients()).isEqualTo(3);
        assertThat(s.opsPerSec()).isGreaterThan(s.readsPerSec());

        PrometheusCacheDetails details = new PrometheusCacheDetails(client, config);
        CacheNodeDetails d = details.read(List.of(NODE), Instant.now()).get(NODE.pod());
        assertThat(d.source()).isEqualTo("prometheus");
        assertThat(d.uptimeSeconds()).isEqualTo(1000);
        assertThat(d.expiredPerSec()).isZero();
        assertThat(d.replication()).isNull();

        Instant end = Instant.now();
        List<CacheSample> history = details.history(List.of(NODE), end.minusSeconds(120), end, Duration.ofSeconds(1));
        assertThat(history).isNotEmpty();
        CacheSample last = history.get(history.size() - 1);
        assertThat(last.hitRatio()).isCloseTo(0.9, within(0.01));
        assertThat(last.opsPerSec()).isPositive();
        assertThat(history).as("before the traffic there was no ratio, not 0%")
                .noneMatch(p -> p.hitRatio() == 0.0);
    }

    private static void awaitValue(String promql, double atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Sample> last = List.of();
        while (System.nanoTime() < deadline) {
            last = client.queryVector(promql).samples();
            if (!last.isEmpty() && last.get(0).value() >= atLeast) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(promql + " did not reach " + atLeast + " within " + WAIT.toSeconds() + " s; last: "
                + last + "\n" + prometheus.logTail());
    }
}
