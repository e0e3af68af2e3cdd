package io.opsdeck.services.live;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.PrometheusFixture;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.source.MetricsNotConfiguredException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Discovery of an in-cluster Prometheus through the API server's service proxy, end to end: a stand-in
 * API server on loopback forwards {@code /api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy/*}
 * to a real Prometheus (which scrapes itself), as a real API server would.
 */
class DiscoveringMetricsSourceTest {
    static final String PROXY = "/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy";
    static final OkHttpClient HTTP = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();
    static PrometheusFixture prometheus;
    static MockWebServer apiServer;
    static KubernetesClient client;
    static final AtomicInteger proxied = new AtomicInteger();
    static volatile boolean forbidProxy;

    @BeforeAll
    static void start() throws IOException {
        prometheus = PrometheusFixture.start(List.of(), PrometheusFixture.ALWAYS_FIRING_RULE);
        apiServer = new MockWebServer();
        apiServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path == null || !path.startsWith(PROXY + "/")) {
                    return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}");
                }
                if (forbidProxy) {
                    return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"code\":403}");
                }
                proxied.incrementAndGet();
                Request.Builder forward = new Request.Builder().url(prometheus.url() + path.substring(PROXY.length()));
                if ("POST".equals(request.getMethod())) {
                    forward.post(RequestBody.create(request.getBody().readByteArray(),
                            MediaType.get("application/x-www-form-urlencoded")));
                }
                try (okhttp3.Response r = HTTP.newCall(forward.build()).execute()) {
                    return new MockResponse().setResponseCode(r.code())
                            .setHeader("Content-Type", r.header("Content-Type", "application/json"))
                            .setBody(r.body() == null ? "" : r.body().string());
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(503).setBody("proxy error: " + e.getMessage());
                }
            }
        });
        apiServer.start(InetAddress.getLoopbackAddress(), 0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url("/").toString())
                .withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new OkHttpClientFactory()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(client, apiServer == null ? null : apiServer::shutdown, prometheus);
    }

    static ClusterSnapshot cluster(List<ServiceInfo> services) {
        PodInfo redis = new PodInfo("cache", "redis-0", "node-1", PodPhase.RUNNING, true, 0,
                new OwnerRef("StatefulSet", "redis"), Map.of("app.kubernetes.io/name", "redis"), List.of("redis:7"),
                List.of(6379), 100, 1 << 20, "10.0.0.1");
        return new ClusterSnapshot("test", Instant.now(), "v1.30", List.of(), List.of(redis), List.of(), services,
                List.of(), List.of(), List.of("cache", "monitoring"), List.of());
    }

    static final List<CacheNode> CACHES = List.of(new CacheNode(new PodKey("cache", "redis-0"), CacheKind.REDIS,
            "redis", "", "node-1", 6379));

    @Test
    void findsPrometheusAmongTheServicesAndReadsItThroughTheServiceProxy() throws Exception {
        forbidProxy = false;
        DiscoveringMetricsSource source = new DiscoveringMetricsSource(client, Duration.ofSeconds(10), Clock.systemUTC());
        ClusterSnapshot cluster = cluster(List.of(
                new ServiceInfo("shop", "frontend", "ClusterIP", Map.of("app", "frontend"), List.of(8080), 1, 1),
                new ServiceInfo("monitoring", "prometheus-k8s", "ClusterIP", Map.of("app", "prometheus"), List.of(9090), 1, 1)));
        MetricsSnapshot m = source.poll(cluster, CACHES);
        assertThat(source.endpoint()).contains("monitoring/prometheus-k8s:9090");
        assertThat(source.origin()).startsWith("found in the cluster");
        assertThat(proxied.get()).isPositive();
        // no exporter is scraped here: the node says so instead of showing zeros
        assertThat(m.caches().get(new PodKey("cache", "redis-0")).error()).contains("redis");
        // alerts come through the proxy too (the fixture's rule fires at once; wait for its first evaluation)
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (m.alerts().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            m = source.poll(cluster, CACHES);
        }
        assertThat(m.alerts()).isNotEmpty();
    }

    @Test
    void aClusterWithoutPrometheusSaysWhatWasLookedFor() {
        DiscoveringMetricsSource source = new DiscoveringMetricsSource(client, Duration.ofSeconds(5), Clock.systemUTC());
        ClusterSnapshot cluster = cluster(List.of(
                new ServiceInfo("shop", "frontend", "ClusterIP", Map.of("app", "frontend"), List.of(8080), 1, 1)));
        assertThatThrownBy(() -> source.poll(cluster, CACHES))
                .isInstanceOf(MetricsNotConfiguredException.class)
                .hasMessageContaining("No Prometheus found in the cluster")
                .hasMessageContaining("--prometheus-url");
    }

    @Test
    void aForbiddenServiceProxyNamesThePermission() {
        forbidProxy = true;
        try {
            DiscoveringMetricsSource source = new DiscoveringMetricsSource(client, Duration.ofSeconds(5), Clock.systemUTC());
            ClusterSnapshot cluster = cluster(List.of(
                    new ServiceInfo("monitoring", "prometheus-k8s", "ClusterIP", Map.of("app", "p"), List.of(9090), 1, 1)));
            assertThatThrownBy(() -> source.poll(cluster, CACHES))
                    .isInstanceOf(MetricsNotConfiguredException.class)
                    .hasMessageContaining("monitoring/prometheus-k8s:9090")
                    .hasMessageContaining("services/proxy");
        } finally {
            forbidProxy = false;
        }
    }
}
