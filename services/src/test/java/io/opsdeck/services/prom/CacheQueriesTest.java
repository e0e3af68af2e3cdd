package io.opsdeck.services.prom;

import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.prom.CacheQueries.Figure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The PromQL is part of the contract with the user's Prometheus, so it is pinned here. */
class CacheQueriesTest {
    final CacheQueries q = new CacheQueries("namespace", "pod", Duration.ofMinutes(5));

    @Test
    void redisFiguresInOneNamespace() {
        Set<CacheKind> redis = EnumSet.of(CacheKind.REDIS);
        List<String> ns = List.of("cache");

        assertThat(q.promql(Figure.HITS, redis, ns))
                .isEqualTo("sum by (namespace, pod) (rate(redis_keyspace_hits_total{namespace=\"cache\"}[5m]))");
        assertThat(q.promql(Figure.MISSES, redis, ns))
                .isEqualTo("sum by (namespace, pod) (rate(redis_keyspace_misses_total{namespace=\"cache\"}[5m]))");
        assertThat(q.promql(Figure.OPS, redis, ns)).isEqualTo(
                "sum by (namespace, pod) (rate(redis_commands_processed_total{namespace=\"cache\"}[5m]))");
        assertThat(q.promql(Figure.MEMORY_USED, redis, ns))
                .isEqualTo("max by (namespace, pod) (redis_memory_used_bytes{namespace=\"cache\"})");
        assertThat(q.promql(Figure.MEMORY_MAX, redis, ns))
                .isEqualTo("max by (namespace, pod) (redis_memory_max_bytes{namespace=\"cache\"})");
        assertThat(q.promql(Figure.EVICTIONS, redis, ns))
                .isEqualTo("sum by (namespace, pod) (rate(redis_evicted_keys_total{namespace=\"cache\"}[5m]))");
        assertThat(q.promql(Figure.CLIENTS, redis, ns))
                .isEqualTo("max by (namespace, pod) (redis_connected_clients{namespace=\"cache\"})");
        assertThat(q.promql(Figure.KEYS, redis, ns))
                .isEqualTo("sum by (namespace, pod) (redis_db_keys{namespace=\"cache\"})");
        assertThat(q.promql(Figure.EXPORTER_UP, redis, ns))
                .isEqualTo("max by (namespace, pod) (redis_up{namespace=\"cache\"})");
    }

    @Test
    void memcachedFiguresJoinRedisWithOrAcrossNamespaces() {
        Set<CacheKind> both = EnumSet.allOf(CacheKind.class);
        List<String> ns = List.of("web", "cache");

        assertThat(q.promql(Figure.HITS, both, ns)).isEqualTo(
                "sum by (namespace, pod) (rate(redis_keyspace_hits_total{namespace=~\"cache|web\"}[5m]))"
                        + " or sum by (namespace, pod) (rate(memcached_commands_total{command=\"get\",status=\"hit\","
                        + "namespace=~\"cache|web\"}[5m]))");
        Set<CacheKind> memcached = EnumSet.of(CacheKind.MEMCACHED);
        assertThat(q.promql(Figure.MISSES, memcached, List.of())).isEqualTo(
                "sum by (namespace, pod) (rate(memcached_commands_total{command=\"get\",status=\"miss\"}[5m]))");
        assertThat(q.promql(Figure.OPS, memcached, List.of()))
                .isEqualTo("sum by (namespace, pod) (rate(memcached_commands_total[5m]))");
        assertThat(q.promql(Figure.MEMORY_USED, memcached, List.of()))
                .isEqualTo("max by (namespace, pod) (memcached_current_bytes)");
        assertThat(q.promql(Figure.MEMORY_MAX, memcached, List.of()))
                .isEqualTo("max by (namespace, pod) (memcached_limit_bytes)");
        assertThat(q.promql(Figure.EVICTIONS, memcached, List.of()))
                .isEqualTo("sum by (namespace, pod) (rate(memcached_items_evicted_total[5m]))");
        assertThat(q.promql(Figure.CLIENTS, memcached, List.of()))
                .isEqualTo("max by (namespace, pod) (memcached_current_connections)");
        assertThat(q.promql(Figure.KEYS, memcached, List.of()))
                .isEqualTo("max by (namespace, pod) (memcached_current_items)");
        assertThat(q.promql(Figure.EXPORTER_UP, memcached, List.of()))
                .isEqualTo("max by (namespace, pod) (memcached_up)");
    }

    @Test
    void joinLabelsAndWindowAreConfigurable() {
        CacheQueries custom = new CacheQueries("kubernetes_namespace", "kubernetes_pod_name", Duration.ofSeconds(90));

        assertThat(custom.promql(Figure.HITS, EnumSet.of(CacheKind.REDIS), List.of("a.b"))).isEqualTo(
                "sum by (kubernetes_namespace, kubernetes_pod_name) "
                        + "(rate(redis_keyspace_hits_total{kubernetes_namespace=\"a.b\"}[90s]))");
        assertThat(custom.promql(Figure.KEYS, EnumSet.of(CacheKind.REDIS), List.of("a.b", "c")))
                .as("regex metacharacters are escaped")
                .contains("kubernetes_namespace=~\"a\\\\.b|c\"");
    }

    @Test
    void windowsReadAsPromqlDurations() {
        assertThat(CacheQueries.promDuration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(CacheQueries.promDuration(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(CacheQueries.promDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
