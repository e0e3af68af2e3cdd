package io.opsdeck.services.prom;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.PrometheusFixture;
import io.opsdeck.services.fixtures.RedisExporterFixture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.ClusterSnapshot;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's endpoints against a real Prometheus that scrapes itself and one real redis_exporter. */
class RealPrometheusApiTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    static RedisFixture redis;
    static RedisExporterFixture exporter;
    static PrometheusFixture prometheus;
    static PrometheusClient client;
    static final List<String> methods = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startServers() throws Exception {
        redis = RedisFixture.start("redis-api");
        exporter = RedisExporterFixture.start("redis-exporter-api", redis);
        prometheus = PrometheusFixture.start(List.of(new PrometheusFixture.Target("redis", exporter.address(),
                Map.of("namespace", "cache", "pod", "redis-0"))), PrometheusFixture.ALWAYS_FIRING_RULE);
        OkHttpClient http = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY)
                .addInterceptor(chain -> {
                    methods.add(chain.request().method() + " " + chain.request().url().encodedPath());
                    return chain.proceed(chain.request());
                }).build();
        client = new PrometheusClient(new OkHttpPrometheusTransport(http, PrometheusConfig.of(prometheus.url())));
        await("both targets scraped", () -> client.queryVector("up == 1").samples(), s -> s.size() == 2);
    }

    @AfterAll
    static void stopServers() throws Exception {
        Cleanup.close(prometheus, exporter, redis);
    }

    @Test
    void instantQueryGivesAVectorWithLabels() throws Exception {
        QueryResult.Vector up = client.queryVector("up");

        assertThat(up.samples()).extracting(s -> s.label("job")).containsExactlyInAnyOrder("prometheus", "redis");
        Sample redisUp = up.samples().stream().filter(s -> s.label("job").equals("redis")).findFirst().orElseThrow();
        assertThat(redisUp.value()).isEqualTo(1.0);
        assertThat(redisUp.labels()).containsEntry("namespace", "cache").containsEntry("pod", "redis-0")
                .containsEntry("__name__", "up");
        assertThat(up.warnings()).isEmpty();
    }

    @Test
    void scalarsIncludingNanAndInfinities() throws Exception {
        assertThat(((QueryResult.Scalar) client.query("1 + 1")).value()).isEqualTo(2.0);
        assertThat(((QueryResult.Scalar) client.query("0 / 0")).value()).isNaN();
        assertThat(((QueryResult.Scalar) client.query("1 / 0")).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(((QueryResult.Scalar) client.query("-1 / 0")).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(client.queryVector("vector(1) / 0").samples()).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(Double.POSITIVE_INFINITY));
        assertThat(client.query("\"text\"")).isInstanceOfSatisfying(QueryResult.Text.class,
                t -> assertThat(t.value()).isEqualTo("text"));
    }

    @Test
    void rangeQueryGivesAscendingPoints() throws Exception {
        QueryResult.Matrix m = await("three points of up", () -> {
            Instant end = Instant.now();
            return client.queryRange("up{job=\"prometheus\"}", end.minusSeconds(20), end, Duration.ofSeconds(1));
        }, r -> r.series().size() == 1 && r.series().get(0).size() >= 3);

        assertThat(m.series()).singleElement().satisfies(s -> {
            for (int i = 1; i < s.size(); i++) {
                assertThat(s.timestampsMs()[i] - s.timestampsMs()[i - 1]).isEqualTo(1000);
            }
            assertThat(s.values()).containsOnly(1.0);
        });
    }

    @Test
    void thirtyDayRangeAtOneSecondIsWidenedToWhatPrometheusAccepts() throws Exception {
        Instant end = Instant.now();
        Instant start = end.minus(Duration.ofDays(30));
        Duration step = PrometheusClient.rangeStep(start, end, Duration.ofSeconds(1));

        assertThat(step.toSeconds()).isGreaterThanOrEqualTo(30L * 86400 / 11000 + 1);
        // Prometheus itself refuses more than 11,000 points per series; the widened step passes.
        QueryResult.Matrix m = client.queryRange("up", start, end, Duration.ofSeconds(1));
        assertThat(m.series()).allSatisfy(s -> assertThat(s.size()).isLessThanOrEqualTo(11_001));
    }

    @Test
    void seriesAndLabelValues() throws Exception {
        List<Map<String, String>> series = client.series(List.of("up"), Instant.now().minusSeconds(300), null);
        assertThat(series).extracting(s -> s.get("job")).contains("prometheus", "redis");

        assertThat(client.labelValues("job")).contains("prometheus", "redis");
        assertThat(client.labelValues("pod", "redis_up")).containsExactly("redis-0");
    }

    @Test
    void alertFromARuleThatFiresAtOnce() throws Exception {
        List<PrometheusAlert> alerts = await("the rule's alert", client::alerts, a -> !a.isEmpty());
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("OpsdeckTestAlwaysFiring");
            assertThat(a.state()).isEqualTo("firing");
            assertThat(a.activeAt()).isNotNull();
        });

        PrometheusMetricsSource source = new PrometheusMetricsSource(client, PrometheusConfig.of(prometheus.url()));
        List<Alert> mapped = source.poll(ClusterSnapshot.empty("test"), List.of()).alerts();
        assertThat(mapped).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("OpsdeckTestAlwaysFiring");
            assertThat(a.severity()).isEqualTo("warning");
            assertThat(a.state()).isEqualTo("firing");
            assertThat(a.summary()).isEqualTo("Always firing, so the tests can read an alert");
            assertThat(a.labels()).containsEntry("alertname", "OpsdeckTestAlwaysFiring");
        });
    }

    @Test
    void targetsAndBuildInfo() throws Exception {
        assertThat(client.targets()).anySatisfy(t -> {
            assertThat(t.scrapePool()).isEqualTo("redis");
            assertThat(t.labels()).containsEntry("pod", "redis-0");
            assertThat(t.up()).isTrue();
            assertThat(t.scrapeUrl()).isEqualTo(exporter.metricsUrl());
        });
        assertThat(client.buildInfo()).hasValueSatisfying(b -> assertThat(b.version()).startsWith("2."));
    }

    @Test
    void badPromqlIsRejectedWithTheServersReason() {
        assertThatThrownBy(() -> client.query("sum(rate(up[5m])"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PrometheusException.Kind.BAD_QUERY);
                    assertThat(e.queryOnly()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessageStartingWith("Prometheus at " + prometheus.url() + " rejected the query: ")
                .hasMessageContaining("parse error")
                .hasMessageEndingWith("(bad_data)");
    }

    @Test
    void longQueriesArePostedShortOnesAreNot() throws Exception {
        StringBuilder q = new StringBuilder("up{job=\"prometheus\"}");
        for (int i = 0; q.length() <= 1600; i++) {
            q.append(" or up{job=\"no-such-job-").append(i).append("\"}");
        }
        methods.clear();

        assertThat(client.queryVector(q.toString()).samples()).singleElement()
                .satisfies(s -> assertThat(s.label("job")).isEqualTo("prometheus"));
        client.queryVector("up");

        assertThat(methods).containsExactly("POST /api/v1/query", "GET /api/v1/query");
    }

    private static <T> T await(String what, Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No " + what + " within " + WAIT.toSeconds() + " s; last: " + last
                + "\nPrometheus output:\n" + prometheus.logTail());
    }
}
