package io.opsdeck.services.prom;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceKey;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.source.MetricsUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What the source makes of Prometheus' answers: joins, gaps, partial failures, alerts, services. */
class PrometheusMetricsSourceTest {
    static final String REDIS_0 = "{\"namespace\":\"cache\",\"pod\":\"redis-0\"}";
    static final String MEMCACHED_0 = "{\"namespace\":\"web\",\"pod\":\"memcached-0\"}";
    static final CacheNode REDIS = new CacheNode(new PodKey("cache", "redis-0"), CacheKind.REDIS, "redis",
            "primary", "node-1", 6379);
    static final CacheNode MEMCACHED = new CacheNode(new PodKey("web", "memcached-0"), CacheKind.MEMCACHED,
            "memcached", "", "node-2", 11211);
    static final ClusterSnapshot CLUSTER = ClusterSnapshot.empty("test");
    static final Clock CLOCK = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    static final String BAD_DATA = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:2: parse error\"}";

    final ScriptedTransport prometheus = new ScriptedTransport();

    @Test
    void everyFigureIsOneQueryForAllNodesJoinedByNamespaceAndPod() throws Exception {
        healthy();

        MetricsSnapshot m = source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of(REDIS, MEMCACHED));

        assertThat(prometheus.queries()).hasSize(CacheQueries.Figure.values().length)
                .allSatisfy(q -> assertThat(q).contains(" or ").contains("by (namespace, pod)")
                        .contains("namespace=~\"cache|web\""));
        CacheStats r = m.caches().get(REDIS.pod());
        assertThat(r).isEqualTo(new CacheStats(90, 10, 400, 1_000_000, -1, 0.5, 12, 1234, "prometheus", ""));
        assertThat(r.hitRatio()).isCloseTo(0.9, within(1e-9));
        CacheStats mc = m.caches().get(MEMCACHED.pod());
        assertThat(mc).isEqualTo(new CacheStats(30, 70, 150, 2_000_000, 67_108_864, 3, 5, 777, "prometheus", ""));
        assertThat(m.takenAt()).isEqualTo(Fixtures.T0);
        assertThat(m.services()).isEmpty();
    }

    @Test
    void aNodeWithoutSeriesSaysWhatToCheck() throws Exception {
        healthy();
        CacheNode stray = new CacheNode(new PodKey("cache", "redis-9"), CacheKind.REDIS, "redis", "", "n", 6379);

        CacheStats s = source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of(REDIS, stray))
                .caches().get(stray.pod());

        assertThat(s.error()).isEqualTo("no redis_exporter series for cache/redis-9 in Prometheus; is the exporter"
                + " scraped with namespace/pod labels?");
        assertThat(s.source()).isEqualTo("prometheus");
        assertThat(s.hitRatio()).isNaN();
        assertThat(s.keys()).isEqualTo(-1);
    }

    @Test
    void oneRejectedFigureLeavesTheOthersAndMarksTheNodes() throws Exception {
        prometheus.answer("redis_evicted_keys_total", 400, BAD_DATA);
        healthy();

        MetricsSnapshot m = source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of(REDIS, MEMCACHED));

        for (CacheStats s : m.caches().values()) {
            assertThat(s.evictionsPerSec()).isNaN();
            assertThat(s.error()).isEqualTo("evictions per second: Prometheus at http://prometheus.test:9090"
                    + " rejected the query: 1:2: parse error (bad_data)");
            assertThat(s.hitRatio()).isNotNaN();
            assertThat(s.memoryUsedBytes()).isPositive();
        }
    }

    @Test
    void anUnusableServerFailsThePollWithTheClientsSentence() {
        prometheus.down(new PrometheusException(PrometheusException.Kind.UNREACHABLE, ScriptedTransport.URL,
                "Prometheus at http://prometheus.test:9090 refused the connection", null));

        assertThatThrownBy(() -> source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of(REDIS)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessage("Prometheus at http://prometheus.test:9090 refused the connection");
    }

    @Test
    void refusedCredentialsFailThePollInsteadOfMarkingEveryNode() {
        prometheus.answer("redis", 401, "");

        assertThatThrownBy(() -> source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of(REDIS)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("refused the credentials (401)");
        assertThat(prometheus.queries()).as("no point sending the other figures").hasSize(1);
    }

    @Test
    void exporterThatCannotReachItsCacheOrHasGoneStale() throws Exception {
        String stale = "{\"namespace\":\"cache\",\"pod\":\"redis-1\"}";
        CacheNode staleNode = new CacheNode(new PodKey("cache", "redis-1"), CacheKind.REDIS, "redis", "", "n", 6379);
        prometheus.vector("redis_up", REDIS_0, "0")
                .vector("redis_keyspace_hits_total", REDIS_0, "0", stale, "5");

        Map<PodKey, CacheStats> m = source(PrometheusConfig.of(ScriptedTransport.URL))
                .poll(CLUSTER, List.of(REDIS, staleNode)).caches();

        assertThat(m.get(REDIS.pod()).error()).isEqualTo("the redis_exporter for cache/redis-0 cannot reach Redis"
                + " (redis_up is 0); check the cache and the exporter's address and password");
        assertThat(m.get(staleNode.pod()).error()).isEqualTo("the redis_exporter for cache/redis-1 is no longer"
                + " scraped (its series went stale in Prometheus); check the exporter and its scrape target");
        assertThat(m.get(staleNode.pod()).hitsPerSec()).isNaN();
    }

    @Test
    void noReadsIsNoRatioNotZero() throws Exception {
        prometheus.vector("redis_up", REDIS_0, "1")
                .vector("redis_keyspace_hits_total", REDIS_0, "0")
                .vector("redis_keyspace_misses_total", REDIS_0, "0");

        CacheStats s = source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of(REDIS))
                .caches().get(REDIS.pod());

        assertThat(s.hitRatio()).isNaN();
        assertThat(s.hasError()).isFalse();
        assertThat(s.opsPerSec()).as("not in the answer, so unknown").isNaN();
        assertThat(s.connectedClients()).isEqualTo(-1);
    }

    @Test
    void customJoinLabelsAreUsedInQueriesAndJoin() throws Exception {
        String labels = "{\"kubernetes_namespace\":\"cache\",\"kubernetes_pod_name\":\"redis-0\",\"pod\":\"x\"}";
        prometheus.vector("redis_up", labels, "1").vector("redis_keyspace_hits_total", labels, "7");

        CacheStats s = source(PrometheusConfig.of(ScriptedTransport.URL)
                .withJoinLabels("kubernetes_namespace", "kubernetes_pod_name"))
                .poll(CLUSTER, List.of(REDIS)).caches().get(REDIS.pod());

        assertThat(s.hitsPerSec()).isEqualTo(7);
        assertThat(prometheus.queries()).allSatisfy(q -> assertThat(q)
                .contains("by (kubernetes_namespace, kubernetes_pod_name)")
                .contains("kubernetes_namespace=\"cache\""));
    }

    @Test
    void alertsBecomeModelAlerts() throws Exception {
        prometheus.alerts("{\"status\":\"success\",\"data\":{\"alerts\":["
                + "{\"labels\":{\"alertname\":\"RedisDown\",\"severity\":\"critical\",\"pod\":\"redis-0\"},"
                + "\"annotations\":{\"summary\":\"Redis is down\",\"description\":\"long text\"},"
                + "\"state\":\"firing\",\"activeAt\":\"2024-06-01T11:00:00Z\",\"value\":\"0e+00\"},"
                + "{\"labels\":{\"alertname\":\"Slow\"},\"annotations\":{\"description\":\"only a description\"},"
                + "\"state\":\"pending\"}]}}");

        List<Alert> alerts = source(PrometheusConfig.of(ScriptedTransport.URL)).poll(CLUSTER, List.of()).alerts();

        assertThat(alerts).containsExactly(
                new Alert("RedisDown", "critical", "firing", "Redis is down", Fixtures.T0.minusSeconds(3600),
                        Map.of("alertname", "RedisDown", "severity", "critical", "pod", "redis-0")),
                new Alert("Slow", "", "pending", "only a description", Fixtures.T0, Map.of("alertname", "Slow")));
        assertThat(prometheus.queries()).as("no caches, no cache queries").isEmpty();
    }

    @Test
    void serviceSignalsOnlyWhenConfiguredAndOnlyForTheClustersServices() throws Exception {
        ClusterSnapshot cluster = Fixtures.snapshot(List.of(), List.of(), List.of(),
                List.of(Fixtures.service("shop", "checkout", Map.of(), 2, 2)));
        prometheus.vector("http_requests_total", "{\"namespace\":\"shop\",\"service\":\"checkout\"}", "250",
                        "{\"namespace\":\"other\",\"service\":\"elsewhere\"}", "9")
                .vector("http_errors_total", "{\"namespace\":\"shop\",\"service\":\"checkout\"}", "0.02")
                .answer("histogram_quantile", 422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"x\"}");
        ServiceQueries queries = new ServiceQueries(
                "sum by (namespace, service) (rate(http_requests_total[$window]))",
                "sum by (namespace, service) (rate(http_errors_total[$window]))",
                "histogram_quantile(0.99, sum by (namespace, service, le) (rate(h_bucket[$window])))",
                null, null);

        Map<ServiceKey, ServiceMetrics> m = new PrometheusMetricsSource(new PrometheusClient(prometheus),
                PrometheusConfig.of(ScriptedTransport.URL), queries, CLOCK).poll(cluster, List.of()).services();

        assertThat(m).containsOnlyKeys(new ServiceKey("shop", "checkout"));
        ServiceMetrics checkout = m.get(new ServiceKey("shop", "checkout"));
        assertThat(checkout.requestsPerSec()).isEqualTo(250);
        assertThat(checkout.errorRatio()).isEqualTo(0.02);
        assertThat(checkout.latencyP99Ms()).as("its query failed").isNaN();
        assertThat(prometheus.queries()).contains("sum by (namespace, service) (rate(http_requests_total[5m]))");

        ScriptedTransport quiet = new ScriptedTransport();
        new PrometheusMetricsSource(new PrometheusClient(quiet), PrometheusConfig.of(ScriptedTransport.URL))
                .poll(cluster, List.of());
        assertThat(quiet.queries()).as("nothing configured, nothing asked").isEmpty();
    }

    private void healthy() {
        prometheus.vector("redis_up", REDIS_0, "1", MEMCACHED_0, "1")
                .vector("redis_keyspace_hits_total", REDIS_0, "90", MEMCACHED_0, "30")
                .vector("redis_keyspace_misses_total", REDIS_0, "10", MEMCACHED_0, "70")
                .vector("redis_commands_processed_total", REDIS_0, "400", MEMCACHED_0, "150")
                .vector("redis_memory_used_bytes", REDIS_0, "1e+06", MEMCACHED_0, "2000000")
                .vector("redis_memory_max_bytes", REDIS_0, "0", MEMCACHED_0, "67108864")
                .vector("redis_evicted_keys_total", REDIS_0, "0.5", MEMCACHED_0, "3")
                .vector("redis_connected_clients", REDIS_0, "12", MEMCACHED_0, "5")
                .vector("redis_db_keys", REDIS_0, "1234", MEMCACHED_0, "777");
    }

    private PrometheusMetricsSource source(PrometheusConfig config) {
        return new PrometheusMetricsSource(new PrometheusClient(prometheus), config, ServiceQueries.NONE, CLOCK);
    }
}
