package io.opsdeck.services.prom;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.opsdeck.services.prom.PrometheusClientErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** What the client sends (method, path, parameters, headers) and how it reads what comes back. */
class PrometheusClientRequestsTest {
    static final OkHttpClient SHARED = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();
    static final String EMPTY_VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

    MockWebServer server;
    String url;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        url = "http://127.0.0.1:" + server.getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void bearerTokenAndTenantHeaderAreSentOnEveryRequest() throws Exception {
        server.enqueue(json(200, EMPTY_VECTOR));
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"alerts\":[]}}"));
        PrometheusClient c = client(PrometheusConfig.of(url).withBearerToken("tok-123")
                .withHeader("X-Scope-OrgID", "tenant-a"));

        c.query("up");
        c.alerts();

        for (int i = 0; i < 2; i++) {
            RecordedRequest r = take();
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer tok-123");
            assertThat(r.getHeader("X-Scope-OrgID")).isEqualTo("tenant-a");
            assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        }
    }

    @Test
    void basicAuthIsSentAsBasic() throws Exception {
        server.enqueue(json(200, EMPTY_VECTOR));

        client(PrometheusConfig.of(url).withBasicAuth("ops", "pa55")).query("up");

        assertThat(take().getHeader("Authorization")).isEqualTo("Basic b3BzOnBhNTU=");
    }

    @Test
    void aPathPrefixIsKept() throws Exception {
        server.enqueue(json(200, EMPTY_VECTOR));

        client(PrometheusConfig.of(url + "/prometheus/")).query("up");

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getRequestUrl().encodedPath()).isEqualTo("/prometheus/api/v1/query");
        assertThat(r.getRequestUrl().queryParameter("query")).isEqualTo("up");
    }

    @Test
    void aQueryOverFifteenHundredCharactersIsPostedAsAForm() throws Exception {
        server.enqueue(json(200, EMPTY_VECTOR));
        server.enqueue(json(200, EMPTY_VECTOR));
        String longQuery = "up{pod=~\"" + "redis-1|".repeat(250) + "redis-2\"}";
        PrometheusClient c = client(PrometheusConfig.of(url));

        c.query(longQuery);
        c.query("up{pod=\"redis-1\"}");

        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getPath()).isEqualTo("/api/v1/query");
        assertThat(post.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String form = post.getBody().readUtf8();
        assertThat(HttpUrl.get("http://x/?" + form).queryParameter("query")).isEqualTo(longQuery);
        RecordedRequest get = take();
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getRequestUrl().queryParameter("query")).isEqualTo("up{pod=\"redis-1\"}");
    }

    @Test
    void nanAndInfinitiesAndWarningsAreRead() throws Exception {
        server.enqueue(json(200, "{\"status\":\"success\",\"warnings\":[\"store 2 did not answer\"],"
                + "\"data\":{\"result\":["
                + "{\"metric\":{\"pod\":\"a\"},\"value\":[1700000000.25,\"NaN\"]},"
                + "{\"metric\":{\"pod\":\"b\"},\"value\":[1700000000.25,\"+Inf\"]},"
                + "{\"metric\":{\"pod\":\"c\"},\"value\":[1700000000.25,\"-Inf\"]},"
                + "{\"metric\":{\"pod\":\"d\"},\"value\":[1700000000.25,\"1.5e+03\"]}],"
                + "\"resultType\":\"vector\"}}"));

        QueryResult.Vector v = client(PrometheusConfig.of(url)).queryVector("x");

        assertThat(v.samples()).extracting(Sample::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1500.0);
        assertThat(v.samples().get(0).at()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_250L));
        assertThat(v.samples().get(3).labels()).containsExactly(java.util.Map.entry("pod", "d"));
        assertThat(v.warnings()).containsExactly("store 2 did not answer");
    }

    @Test
    void rangeQuerySendsTheWidenedStepAndReadsTheMatrix() throws Exception {
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"job\":\"a\"},\"values\":[[1700000000,\"1\"],[1700000236,\"NaN\"],"
                + "[1700000472,\"+Inf\"]]}]}}"));
        Instant end = Instant.ofEpochSecond(1_700_000_000L);

        QueryResult.Matrix m = client(PrometheusConfig.of(url))
                .queryRange("up", end.minus(Duration.ofDays(30)), end, Duration.ofSeconds(1));

        HttpUrl sent = take().getRequestUrl();
        assertThat(sent.queryParameter("step")).isEqualTo("236");
        assertThat(sent.queryParameter("start")).isEqualTo("1697408000.000");
        assertThat(sent.queryParameter("end")).isEqualTo("1700000000.000");
        Series s = m.series().get(0);
        assertThat(s.timestampsMs()).containsExactly(1_700_000_000_000L, 1_700_000_236_000L, 1_700_000_472_000L);
        assertThat(s.values()).containsExactly(1.0, Double.NaN, Double.POSITIVE_INFINITY);
    }

    @Test
    void rangeStepRule() {
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        assertThat(PrometheusClient.rangeStep(t, t.plusSeconds(3600), Duration.ofSeconds(15)))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(PrometheusClient.rangeStep(t, t.plusSeconds(3600), Duration.ofMillis(10)))
                .as("at least 1 s").isEqualTo(Duration.ofSeconds(1));
        assertThat(PrometheusClient.rangeStep(t, t.plusSeconds(11_000), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(PrometheusClient.rangeStep(t, t.plusSeconds(11_001), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void seriesRepeatsMatchAndLabelValuesUseTheLabelPath() throws Exception {
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"a\"}]}"));
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":[\"cache\",\"web\"]}"));
        PrometheusClient c = client(PrometheusConfig.of(url));

        assertThat(c.series(List.of("up", "redis_up"), null, null)).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("job", "a"));
        assertThat(c.labelValues("namespace", "redis_up")).containsExactly("cache", "web");

        assertThat(take().getRequestUrl().queryParameterValues("match[]")).containsExactly("up", "redis_up");
        RecordedRequest labels = take();
        assertThat(labels.getRequestUrl().encodedPath()).isEqualTo("/api/v1/label/namespace/values");
        assertThat(labels.getRequestUrl().queryParameter("match[]")).isEqualTo("redis_up");
    }

    @Test
    void alertsAndTargetsAreRead() throws Exception {
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"alerts\":[{\"labels\":{\"alertname\":\"X\","
                + "\"severity\":\"critical\"},\"annotations\":{\"description\":\"d\"},\"state\":\"pending\","
                + "\"activeAt\":\"2024-06-01T12:00:00.123456789+02:00\",\"value\":\"1e+00\"}]}}"));
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"activeTargets\":[{\"labels\":{\"job\":\"r\"},"
                + "\"scrapePool\":\"r\",\"scrapeUrl\":\"http://10.0.0.1:9121/metrics\",\"health\":\"down\","
                + "\"lastError\":\"connection refused\",\"lastScrape\":\"0001-01-01T00:00:00Z\"}],"
                + "\"droppedTargets\":[]}}"));
        PrometheusClient c = client(PrometheusConfig.of(url));

        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("X");
            assertThat(a.state()).isEqualTo("pending");
            assertThat(a.activeAt()).isEqualTo(Instant.parse("2024-06-01T10:00:00.123456789Z"));
            assertThat(a.annotations()).containsEntry("description", "d");
        });
        assertThat(c.targets()).singleElement().satisfies(t -> {
            assertThat(t.up()).isFalse();
            assertThat(t.lastError()).isEqualTo("connection refused");
            assertThat(t.lastScrape()).as("Go's zero time means never").isNull();
        });
        take();
        assertThat(take().getRequestUrl().queryParameter("state")).isEqualTo("active");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    private static PrometheusClient client(PrometheusConfig config) throws PrometheusException {
        return new PrometheusClient(new OkHttpPrometheusTransport(SHARED, config));
    }
}
