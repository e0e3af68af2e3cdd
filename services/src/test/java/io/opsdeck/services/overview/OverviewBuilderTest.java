package io.opsdeck.services.overview;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceKey;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.WorkloadKind;
import io.opsdeck.services.model.ZoneSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OverviewBuilderTest {
    private static final ConnectionStatus UP = Fixtures.connected("http://prometheus:9090");
    private static final OwnerRef MC = new OwnerRef("Deployment", "mc");

    private static PodInfo memcached(String name) {
        return Fixtures.pod("cache", name, "node-1", PodPhase.RUNNING, true, MC,
                Map.of("app.kubernetes.io/name", "memcached"), List.of("memcached:1.6"), List.of(11211));
    }

    private static Overview build(ClusterSnapshot cluster, Map<PodKey, CacheStats> caches, ConnectionStatus metrics) {
        MetricsSnapshot m = new MetricsSnapshot(Fixtures.T0, caches, Map.of(), List.of());
        return OverviewBuilder.build(cluster, m, UP, metrics, Fixtures.T0);
    }

    private static ClusterSnapshot cacheCluster(PodInfo... pods) {
        return Fixtures.snapshot(List.of(Fixtures.node("node-1", "z1")), List.of(pods), List.of(), List.of());
    }

    @Test
    void zonesCountNodesAndPodsAndUnzonedNodesLandInUnzoned() {
        List<NodeInfo> nodes = List.of(Fixtures.node("b-1", "zone-b"), Fixtures.node("a-1", "zone-a"),
                Fixtures.node("a-2", "zone-a", false, true), Fixtures.node("x-1", null), Fixtures.node("x-2", " "));
        List<PodInfo> pods = List.of(Fixtures.pod("ns", "p1", "a-1", Map.of()),
                Fixtures.pod("ns", "p2", "a-2", Map.of()),
                Fixtures.pod("ns", "p3", "a-2", Map.of()), Fixtures.pod("ns", "p4", "b-1", Map.of()),
                Fixtures.pod("ns", "p5", "x-2", Map.of()), Fixtures.pod("ns", "p6", "", Map.of()));

        List<ZoneSummary> zones = OverviewBuilder.build(Fixtures.snapshot(nodes, pods, List.of(), List.of()),
                MetricsSnapshot.EMPTY, UP, UP, Fixtures.T0).zones();

        assertThat(zones).containsExactlyInAnyOrder(
                new ZoneSummary("region-1", "zone-a", 2, 1, 1, 3),
                new ZoneSummary("region-1", "zone-b", 1, 1, 0, 1),
                new ZoneSummary("", NodeInfo.UNZONED, 2, 2, 0, 1));
        assertThat(zones).extracting(ZoneSummary::zone).containsSubsequence("zone-a", "zone-b");
    }

    @Test
    void clusterHitRatioIsWeightedByTrafficNotAveraged() {
        Overview o = build(cacheCluster(memcached("mc-a"), memcached("mc-b")),
                Map.of(new PodKey("cache", "mc-a"), Fixtures.stats(1000, 0.99),
                        new PodKey("cache", "mc-b"), Fixtures.stats(10, 0.10)), UP);

        CacheClusterSummary c = o.cacheClusters().get(0);
        assertThat(o.cacheClusters()).hasSize(1);
        assertThat(c.name()).isEqualTo("mc");
        assertThat(c.nodes()).isEqualTo(2);
        assertThat(c.nodesWithData()).isEqualTo(2);
        assertThat(c.hitRatio()).isCloseTo(991.0 / 1010.0, within(1e-9)).isCloseTo(0.981, within(0.001));
        assertThat(c.opsPerSec()).isCloseTo(1010 * 1.25, within(1e-9));
        assertThat(c.memoryUsedBytes()).isEqualTo(2L << 30);
        assertThat(c.evictionsPerSec()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aNodeWithoutTrafficHasNoRatioAndDoesNotCountAsZero() {
        CacheStats idle = new CacheStats(0, 0, 3, 1L << 20, 4L << 30, 0, 2, 10, "test", "");
        Overview o = build(cacheCluster(memcached("mc-a"), memcached("mc-idle")),
                Map.of(new PodKey("cache", "mc-a"), Fixtures.stats(1000, 0.95), new PodKey("cache", "mc-idle"), idle),
                UP);

        assertThat(o.caches()).filteredOn(c -> c.node().pod().name().equals("mc-idle")).singleElement()
                .satisfies(c -> assertThat(c.stats().hitRatio()).isNaN());
        CacheClusterSummary c = o.cacheClusters().get(0);
        assertThat(c.hitRatio()).isCloseTo(0.95, within(1e-9));
        assertThat(c.nodesWithData()).isEqualTo(2);
    }

    @Test
    void aClusterWithoutAnyTrafficHasNoRatio() {
        CacheStats idle = new CacheStats(0, 0, 0, 1L << 20, 4L << 30, 0, 2, 10, "test", "");
        Overview o = build(cacheCluster(memcached("mc-a")), Map.of(new PodKey("cache", "mc-a"), idle), UP);

        assertThat(o.cacheClusters().get(0).hitRatio()).isNaN();
        assertThat(o.cacheClusters().get(0).opsPerSec()).isZero();
    }

    @Test
    void aCachePodWithoutFiguresGetsAnErrorAndIsLeftOutOfTheRollUp() {
        Overview o = build(cacheCluster(memcached("mc-a"), memcached("mc-b")),
                Map.of(new PodKey("cache", "mc-a"), Fixtures.stats(100, 0.9)), UP);

        assertThat(o.caches()).extracting(c -> c.node().pod().name()).containsExactly("mc-a", "mc-b");
        CacheNodeStatus missing = o.caches().get(1);
        assertThat(missing.stats().hasError()).isTrue();
        assertThat(missing.stats().error()).isEqualTo("no figures for this pod in the metrics source");
        assertThat(missing.stats().hitRatio()).isNaN();
        assertThat(o.cacheClusters().get(0).nodesWithData()).isEqualTo(1);
        assertThat(o.cacheClusters().get(0).hitRatio()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void withMetricsDownEveryCacheSaysSoAndTheClusterHasNoFigures() {
        Overview o = build(cacheCluster(memcached("mc-a")), Map.of(),
                Fixtures.down("http://prometheus:9090", "refused"));

        assertThat(o.caches()).singleElement()
                .satisfies(c -> assertThat(c.stats().error()).isEqualTo("metrics are not available"));
        CacheClusterSummary c = o.cacheClusters().get(0);
        assertThat(c.nodesWithData()).isZero();
        assertThat(c.hitRatio()).isNaN();
        assertThat(c.opsPerSec()).isNaN();
        assertThat(c.memoryUsedBytes()).isEqualTo(-1);
    }

    @Test
    void cacheClustersAreKeptApartByNamespace() {
        PodInfo other = Fixtures.pod("other", "mc-z", "node-1", PodPhase.RUNNING, true, MC, Map.of(),
                List.of("memcached:1.6"), List.of());
        Overview o = build(cacheCluster(memcached("mc-a"), other), Map.of(), UP);

        assertThat(o.cacheClusters()).extracting(CacheClusterSummary::namespace).containsExactly("cache", "other");
        assertThat(o.cacheClusters()).allSatisfy(c -> assertThat(c.nodes()).isEqualTo(1));
    }

    @Test
    void servicesAreSortedWorstFirstThenByName() {
        Map<String, String> sel = Map.of("app", "x");
        List<PodInfo> pods = List.of(Fixtures.pod("a", "x-1", "node-1", sel), Fixtures.pod("b", "x-1", "node-1", sel),
                Fixtures.pod("c", "x-1", "node-1", sel));
        List<ServiceInfo> services = List.of(
                Fixtures.service("a", "healthy", sel, 1, 1),
                // no selector and no endpoints object: its endpoints are managed outside Kubernetes
                Fixtures.service("a", "unknown", Map.of(), 0, 0).withEndpointsUnknown("no endpoints object"),
                Fixtures.service("b", "degraded", sel, 1, 2),
                Fixtures.service("a", "down", Map.of("app", "nothing"), 0, 0),
                Fixtures.service("c", "erroring", sel, 1, 1),
                Fixtures.service("a", "also-degraded", sel, 1, 2));
        MetricsSnapshot m = new MetricsSnapshot(Fixtures.T0, Map.of(),
                Map.of(new ServiceKey("c", "erroring"), new ServiceMetrics(10, 0.9, 100)), List.of());

        Overview o = OverviewBuilder.build(Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")), pods, List.of(),
                services), m, UP, UP, Fixtures.T0);

        assertThat(o.services()).extracting(h -> h.service().key().toString()).containsExactly(
                "a/down", "c/erroring", "a/also-degraded", "b/degraded", "a/unknown", "a/healthy");
        assertThat(o.services()).extracting(ServiceHealth::health).containsExactly(Health.DOWN, Health.DOWN,
                Health.DEGRADED, Health.DEGRADED, Health.UNKNOWN, Health.HEALTHY);
    }

    @Test
    void serviceHealthSeesOnlyThePodsAndWorkloadsItSelects() {
        Map<String, String> sel = Map.of("app", "cart");
        OwnerRef owner = new OwnerRef("Deployment", "cart");
        PodInfo mine = Fixtures.withRestarts(Fixtures.pod("shop", "cart-1", "node-1", PodPhase.RUNNING, true, owner,
                sel, List.of("cart:1"), List.of()), 2);
        PodInfo otherNamespace = Fixtures.withRestarts(Fixtures.pod("dev", "cart-1", "node-1", PodPhase.RUNNING, true,
                owner, sel, List.of("cart:1"), List.of()), 50);
        WorkloadInfo shopCart = new WorkloadInfo(WorkloadKind.DEPLOYMENT,
                "shop", "cart", 2, 1, 1, 2, sel);
        WorkloadInfo devCart = new WorkloadInfo(WorkloadKind.DEPLOYMENT,
                "dev", "cart", 5, 0, 0, 5, sel);

        Overview o = OverviewBuilder.build(Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")),
                List.of(mine, otherNamespace), List.of(shopCart, devCart),
                List.of(Fixtures.service("shop", "cart", sel, 1, 1))), MetricsSnapshot.EMPTY, UP, UP, Fixtures.T0);

        ServiceHealth h = o.services().get(0);
        assertThat(h.restarts()).isEqualTo(2);
        assertThat(h.health()).isEqualTo(Health.DEGRADED);
        assertThat(h.reasons()).containsExactly("Deployment cart: 1 of 2 replicas available");
        assertThat(h.metrics()).isEqualTo(ServiceMetrics.UNKNOWN);
    }
}
