package io.opsdeck.services.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsdeck.services.Fixtures;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.services.sandbox.SandboxMetricsSource;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportBuilderTest {
    private static final ClusterSnapshot SANDBOX =
            SandboxWorld.generate(SandboxSpec.DEFAULT, Fixtures.T0).snapshot("sandbox", Fixtures.T0);

    private static Overview sandboxOverview() {
        SandboxMetricsSource source = new SandboxMetricsSource(42, Clock.fixed(Fixtures.T0, ZoneOffset.UTC));
        MetricsSnapshot m = source.poll(SANDBOX, CacheDiscovery.find(SANDBOX));
        return OverviewBuilder.build(SANDBOX, m, List.of(), source.cacheBook(), Fixtures.connected("sandbox 12x150 (seed 42)"),
                Fixtures.connected("sandbox"), Fixtures.T0);
    }

    /** The sandbox cluster with metrics down: every figure is unknown. */
    private static Overview overviewWithoutMetrics() {
        ConnectionStatus down = Fixtures.down("http://127.0.0.1:1", "Prometheus at http://127.0.0.1:1 refused");
        return OverviewBuilder.build(SANDBOX, MetricsSnapshot.EMPTY, Fixtures.connected("sandbox"), down, Fixtures.T0);
    }

    @Test
    void reportHoldsTheSandboxFigures() {
        Report r = ReportBuilder.build(sandboxOverview());

        assertThat(r.context()).isEqualTo("sandbox");
        assertThat(r.generatedAt()).isEqualTo("2024-06-01T12:00:00Z");
        assertThat(r.cluster().reachable()).isTrue();
        assertThat(r.cluster().version()).isEqualTo("v1.30.4 (sandbox)");
        assertThat(r.cluster().nodes()).isEqualTo(12);
        assertThat(r.cluster().nodesReady()).isEqualTo(12);
        assertThat(r.cluster().nodesCordoned()).isEqualTo(1);
        assertThat(r.cluster().pods()).isEqualTo(150);
        assertThat(r.cluster().podsRunning()).isEqualTo((int) SANDBOX.podsRunning()).isLessThan(150);
        assertThat(r.cluster().error()).isNull();
        assertThat(r.prometheus().url()).isEqualTo("sandbox");
        assertThat(r.prometheus().reachable()).isTrue();
        assertThat(r.prometheus().error()).isNull();
        assertThat(r.prometheus().lastData()).isEqualTo("2024-06-01T12:00:00Z");
    }

    @Test
    void zonesAddUpToTheScheduledPods() {
        Report r = ReportBuilder.build(sandboxOverview());

        assertThat(r.zones()).hasSize(3).allSatisfy(z -> {
            assertThat(z.region()).isNotNull();
            assertThat(z.nodes()).isEqualTo(4);
        });
        assertThat(r.zones().stream().mapToInt(Report.Zone::pods).sum())
                .isEqualTo((int) SANDBOX.pods().stream().filter(PodInfo::scheduled).count());
    }

    @Test
    void cachesAndServicesCarryKindsAndHealthAsLowerCaseIds() {
        Report r = ReportBuilder.build(sandboxOverview());

        assertThat(r.caches()).hasSize(7).allSatisfy(c -> {
            assertThat(c.kind()).isIn("redis", "memcached");
            assertThat(c.hitRatio()).isNotNull().isBetween(0.0, 1.0);
            assertThat(c.opsPerSec()).isNotNull().isPositive();
            assertThat(c.source()).isEqualTo("sandbox");
            assertThat(c.error()).isNull();
        });
        assertThat(r.caches()).filteredOn(c -> c.kind().equals("redis")).hasSize(3);
        assertThat(r.caches()).filteredOn(c -> c.pod().equals("redis-0")).singleElement()
                .satisfies(c -> assertThat(c.role()).isEqualTo("primary"));
        assertThat(r.caches()).filteredOn(c -> c.kind().equals("memcached"))
                .allSatisfy(c -> assertThat(c.role()).as("unknown role").isNull());
        assertThat(r.cacheClusters()).extracting(Report.CacheCluster::name).containsExactlyInAnyOrder("redis",
                "memcached");
        assertThat(r.services()).hasSameSizeAs(SANDBOX.services());
        assertThat(r.services()).extracting(Report.Service::health).contains("healthy", "degraded", "down")
                .allSatisfy(h -> assertThat(h).isIn("healthy", "unknown", "degraded", "down"));
        assertThat(r.services().get(0)).satisfies(s -> {
            assertThat(s.name()).isEqualTo("payments");
            assertThat(s.health()).isEqualTo("down");
            assertThat(s.endpointsReady()).isZero();
            assertThat(s.endpointsTotal()).isEqualTo(2);
            assertThat(s.reasons()).contains("0 of 2 endpoints ready");
            assertThat(s.errorRatio()).isEqualTo(1.0);
        });
        assertThat(r.alerts()).isNotEmpty();
    }

    @Test
    void unknownFiguresBecomeNull() {
        Report r = ReportBuilder.build(overviewWithoutMetrics());

        assertThat(r.prometheus().reachable()).isFalse();
        assertThat(r.prometheus().error()).contains("refused");
        assertThat(r.prometheus().lastData()).isNull();
        assertThat(r.caches()).hasSize(7).allSatisfy(c -> {
            assertThat(c.hitRatio()).isNull();
            assertThat(c.opsPerSec()).isNull();
            assertThat(c.memoryUsedBytes()).isNull();
            assertThat(c.evictionsPerSec()).isNull();
            assertThat(c.source()).isNull();
            assertThat(c.error()).isEqualTo("metrics are not available");
            assertThat(c.tls()).as("no connection known").isNull();
        });
        assertThat(r.cacheClusters()).allSatisfy(c -> {
            assertThat(c.hitRatio()).isNull();
            assertThat(c.opsPerSec()).isNull();
        });
        assertThat(r.services()).allSatisfy(s -> {
            assertThat(s.requestsPerSec()).isNull();
            assertThat(s.errorRatio()).isNull();
            assertThat(s.latencyP99Ms()).isNull();
        });
    }

    @Test
    void jsonHasTheContractKeys() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(
                ReportBuilder.build(sandboxOverview())));

        assertThat(json.path("context").asText()).isEqualTo("sandbox");
        assertThat(json.has("generatedAt")).isTrue();
        assertHasKeys(json.path("cluster"), "reachable", "version", "nodes", "nodesReady", "nodesCordoned", "pods",
                "podsRunning", "error");
        assertThat(json.path("cluster").path("nodes").asInt()).isEqualTo(12);
        assertThat(json.path("cluster").path("reachable").isBoolean()).isTrue();
        assertThat(json.path("zones").isArray()).isTrue();
        assertThat(json.path("zones")).hasSize(3).allSatisfy(z -> assertHasKeys(z, "name", "nodes", "pods"));
        assertHasKeys(json.path("prometheus"), "url", "reachable", "error");
        assertThat(json.path("caches")).hasSize(7).allSatisfy(c -> assertHasKeys(c, "namespace", "pod", "kind",
                "hitRatio", "opsPerSec", "source", "tls"));
        assertThat(json.path("caches")).allSatisfy(c -> assertThat(c.path("tls").asText())
                .as("the sandbox's Redis is shown as TLS, its Memcached as a port-forward")
                .isEqualTo(c.path("kind").asText().equals("redis") ? "verified" : "off"));
        assertThat(json.path("caches").get(0).path("hitRatio").isNumber()).isTrue();
        assertThat(json.path("services")).isNotEmpty().allSatisfy(s -> assertHasKeys(s, "namespace", "name",
                "endpointsReady", "endpointsTotal", "health", "reasons"));
        assertThat(json.path("services").get(0).path("reasons").isArray()).isTrue();
    }

    @Test
    void jsonWritesUnknownFiguresAsNullNeverNaN() throws Exception {
        String text = new ObjectMapper().writeValueAsString(ReportBuilder.build(overviewWithoutMetrics()));
        JsonNode json = new ObjectMapper().readTree(text);

        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode cache = json.path("caches").get(0);
        assertThat(cache.has("hitRatio")).isTrue();
        assertThat(cache.get("hitRatio").isNull()).isTrue();
        assertThat(cache.get("opsPerSec").isNull()).isTrue();
        assertThat(json.path("prometheus").path("reachable").asBoolean(true)).isFalse();
        assertThat(json.path("cluster").get("error").isNull()).isTrue();
    }

    private static void assertHasKeys(JsonNode node, String... keys) {
        assertThat(node.isObject()).as("%s is an object", node).isTrue();
        for (String key : keys) {
            assertThat(node.has(key)).as("%s has key %s", node, key).isTrue();
        }
    }
}
