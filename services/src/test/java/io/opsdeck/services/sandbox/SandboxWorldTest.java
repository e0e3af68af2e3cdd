package io.opsdeck.services.sandbox;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.overview.OverviewBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the default sandbox, its determinism, and how ticks change it. */
class SandboxWorldTest {
    private static final Instant NOW = Fixtures.T0;

    private static ClusterSnapshot defaultSnapshot() {
        return SandboxWorld.generate(SandboxSpec.DEFAULT, NOW).snapshot("sandbox", NOW);
    }

    @Test
    void defaultSpecIsSeed42With12NodesAnd150Pods() {
        assertThat(SandboxSpec.DEFAULT).isEqualTo(new SandboxSpec(42, 12, 150));
    }

    @Test
    void defaultHasTwelveNodesInAtLeastThreeZones() {
        ClusterSnapshot s = defaultSnapshot();

        assertThat(s.nodes()).hasSize(12);
        assertThat(s.nodes()).extracting(NodeInfo::name).doesNotHaveDuplicates();
        assertThat(s.nodes().stream().map(NodeInfo::zone).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(3)
                .doesNotContainNull();
    }

    @Test
    void defaultHasExactlyOneCordonedNodeAndOneUnderMemoryPressure() {
        ClusterSnapshot s = defaultSnapshot();

        assertThat(s.nodes()).filteredOn(NodeInfo::unschedulable).hasSize(1);
        assertThat(s.nodesCordoned()).isEqualTo(1);
        assertThat(s.nodes()).filteredOn(n -> n.pressures().contains(NodeCondition.MEMORY_PRESSURE)).isNotEmpty();
        assertThat(s.nodes()).filteredOn(NodeInfo::unschedulable).first()
                .satisfies(n -> assertThat(n.taints()).anySatisfy(t ->
                        assertThat(t.key()).isEqualTo("node.kubernetes.io/unschedulable")));
    }

    @Test
    void defaultHas150PodsInSeveralNamespacesAllOnKnownNodes() {
        ClusterSnapshot s = defaultSnapshot();
        Set<String> nodeNames = s.nodes().stream().map(NodeInfo::name).collect(Collectors.toSet());

        assertThat(s.pods()).hasSize(150);
        assertThat(s.pods()).extracting(PodInfo::key).doesNotHaveDuplicates();
        assertThat(s.pods().stream().map(PodInfo::namespace).distinct().count()).isGreaterThanOrEqualTo(4);
        assertThat(s.pods()).filteredOn(PodInfo::scheduled)
                .allSatisfy(p -> assertThat(nodeNames).contains(p.nodeName()));
        assertThat(s.namespaces()).contains("cache", "shop", "kube-system", "monitoring");
    }

    @Test
    void defaultHasARedisOfThreeAndAMemcachedOfFour() {
        List<CacheNode> caches = CacheDiscovery.find(defaultSnapshot());

        Map<String, List<CacheNode>> byCluster = caches.stream().collect(Collectors.groupingBy(CacheNode::cluster));
        assertThat(byCluster).containsOnlyKeys("redis", "memcached");
        assertThat(byCluster.get("redis")).hasSize(3).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(CacheKind.REDIS);
            assertThat(c.port()).isEqualTo(6379);
        });
        assertThat(byCluster.get("memcached")).hasSize(4).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(CacheKind.MEMCACHED);
            assertThat(c.port()).isEqualTo(11211);
        });
        assertThat(byCluster.get("redis")).extracting(CacheNode::role)
                .containsExactlyInAnyOrder("primary", "replica", "replica");
    }

    @Test
    void defaultHasServicesOfWhichCheckoutIsDegradedAndPaymentsDown() {
        ClusterSnapshot s = defaultSnapshot();
        SandboxMetricsSource metrics = new SandboxMetricsSource(42, Clock.fixed(NOW, ZoneOffset.UTC));
        Overview o = OverviewBuilder.build(s, metrics.poll(s, CacheDiscovery.find(s)), Fixtures.connected("sandbox"),
                Fixtures.connected("sandbox"), NOW);

        assertThat(s.services()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(o.services()).extracting(ServiceHealth::health).contains(Health.DEGRADED, Health.DOWN);
        assertThat(healthOf(o, "shop", "checkout")).isEqualTo(Health.DEGRADED);
        assertThat(healthOf(o, "shop", "payments")).isEqualTo(Health.DOWN);
        assertThat(healthOf(o, "shop", "frontend")).isEqualTo(Health.HEALTHY);
        assertThat(healthOf(o, "cache", "redis")).isEqualTo(Health.HEALTHY);
    }

    private static Health healthOf(Overview o, String ns, String name) {
        return o.services().stream()
                .filter(h -> h.service().namespace().equals(ns) && h.service().name().equals(name))
                .map(ServiceHealth::health).findFirst().orElseThrow(() -> new AssertionError("no service " + name));
    }

    @Test
    void sameSeedAndInstantGiveEqualSnapshots() {
        ClusterSnapshot a = SandboxWorld.generate(SandboxSpec.DEFAULT, NOW).snapshot("sandbox", NOW);
        ClusterSnapshot b = SandboxWorld.generate(new SandboxSpec(42, 12, 150), NOW).snapshot("sandbox", NOW);

        assertThat(a).isEqualTo(b);
    }

    @Test
    void differentSeedGivesADifferentCluster() {
        ClusterSnapshot a = defaultSnapshot();
        ClusterSnapshot b = SandboxWorld.generate(new SandboxSpec(43, 12, 150), NOW).snapshot("sandbox", NOW);

        assertThat(b).isNotEqualTo(a);
        assertThat(b.pods()).extracting(PodInfo::name).isNotEqualTo(a.pods().stream().map(PodInfo::name).toList());
        // the shape stays: same counts whatever the seed
        assertThat(b.nodes()).hasSize(12);
        assertThat(b.pods()).hasSize(150);
    }

    @Test
    void ticksRestartCrashLoopingPodsAndKeepTheNodes() {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.DEFAULT, NOW);
        ClusterSnapshot before = world.snapshot("sandbox", NOW);
        List<PodInfo> crashLooping = before.pods().stream()
                .filter(p -> p.phase() == PodPhase.RUNNING && !p.ready()).toList();
        assertThat(crashLooping).extracting(p -> p.owner().name()).contains("checkout", "payments");

        for (int i = 0; i < 30; i++) {
            world.tick();
        }
        ClusterSnapshot after = world.snapshot("sandbox", NOW.plusSeconds(60));

        assertThat(world.tickCount()).isEqualTo(30);
        assertThat(restarts(after, crashLooping)).isGreaterThan(restarts(before, crashLooping));
        for (PodInfo p : crashLooping) {
            assertThat(restartsOf(after, p)).as("restarts of %s", p.key()).isGreaterThanOrEqualTo(p.restarts());
        }
        assertThat(after.nodes()).isEqualTo(before.nodes());
        assertThat(after.pods()).extracting(PodInfo::key)
                .containsExactlyElementsOf(before.pods().stream().map(PodInfo::key).toList());
    }

    @Test
    void tickNIsTheSameInTwoWorldsOfTheSameSpec() {
        SandboxWorld a = SandboxWorld.generate(SandboxSpec.DEFAULT, NOW);
        SandboxWorld b = SandboxWorld.generate(SandboxSpec.DEFAULT, NOW);
        ClusterSnapshot untouched = a.snapshot("sandbox", NOW);
        for (int i = 0; i < 17; i++) {
            a.tick();
            b.tick();
        }

        ClusterSnapshot sa = a.snapshot("sandbox", NOW);
        assertThat(sa).isEqualTo(b.snapshot("sandbox", NOW));
        assertThat(sa.pods()).isNotEqualTo(untouched.pods());
        assertThat(sa.events()).isNotEqualTo(untouched.events());
    }

    private static int restarts(ClusterSnapshot s, List<PodInfo> which) {
        return which.stream().mapToInt(p -> restartsOf(s, p)).sum();
    }

    private static int restartsOf(ClusterSnapshot s, PodInfo which) {
        return s.pods().stream().filter(p -> p.key().equals(which.key())).mapToInt(PodInfo::restarts).findFirst()
                .orElseThrow();
    }

    @Test
    void aWorkloadScaledToZeroComesBackWhenScaledUpAgain() {
        SandboxWorld w = SandboxWorld.generate(SandboxSpec.DEFAULT, NOW);
        SandboxWorkload orders = w.workload("shop", "orders");
        w.scale("shop", "orders", 0);
        assertThat(w.podsOf(w.workload("shop", "orders"))).isEmpty();
        w.scale("shop", "orders", orders.replicas());
        for (int i = 0; i < 4; i++) {
            w.tick();
        }
        assertThat(w.podsOf(w.workload("shop", "orders"))).hasSize(orders.replicas())
                .allMatch(p -> p.ready() && p.scheduled());
    }
}
