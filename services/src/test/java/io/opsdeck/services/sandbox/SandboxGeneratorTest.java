package io.opsdeck.services.sandbox;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated clusters have exactly the asked size and stay plausible at every size. */
class SandboxGeneratorTest {

    private static ClusterSnapshot generate(SandboxSpec spec) {
        return new SandboxGenerator(spec, Fixtures.T0).generate().snapshot("sandbox", Fixtures.T0);
    }

    @Test
    void generates5000NodesAnd150000PodsWithUniqueNames() {
        ClusterSnapshot s = generate(SandboxSpec.parse("5000x150000", 1));

        assertThat(s.nodes()).hasSize(5000);
        assertThat(s.pods()).hasSize(150_000);
        assertUniqueAndPlaced(s);
        // beyond 100 nodes the sandbox spans several regions of three zones each
        assertThat(s.nodes().stream().map(NodeInfo::region).distinct().count()).isGreaterThan(1);
        assertThat(s.nodes().stream().map(NodeInfo::zone).distinct().count()).isEqualTo(12);
        assertThat(CacheDiscovery.find(s)).hasSize(7);
    }

    @Test
    void generates100NodesAnd3000Pods() {
        ClusterSnapshot s = generate(SandboxSpec.parse("100x3000", 42));

        assertThat(s.nodes()).hasSize(100);
        assertThat(s.pods()).hasSize(3000);
        assertUniqueAndPlaced(s);
        assertThat(s.nodes().stream().map(NodeInfo::zone).distinct().count()).isEqualTo(3);
    }

    @Test
    void oneNodeAndNoPodsIsAnEmptyButValidCluster() {
        ClusterSnapshot s = generate(SandboxSpec.parse("1x0", 42));

        assertThat(s.nodes()).hasSize(1);
        assertThat(s.nodes().get(0).unschedulable()).as("the only node is never cordoned").isFalse();
        assertThat(s.nodes().get(0).pressures()).isEmpty();
        assertThat(s.pods()).isEmpty();
        assertThat(s.workloads()).isEmpty();
        assertThat(s.services()).isEmpty();
        assertThat(CacheDiscovery.find(s)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 5", "3, 40", "7, 64", "12, 151", "40, 999"})
    void everySizeGetsExactlyItsNodesAndPods(int nodes, int pods) {
        ClusterSnapshot s = generate(new SandboxSpec(7, nodes, pods));

        assertThat(s.nodes()).hasSize(nodes);
        assertThat(s.pods()).hasSize(pods);
        assertUniqueAndPlaced(s);
        assertThat(s.nodes().stream().map(NodeInfo::zone).distinct().count()).isEqualTo(Math.min(nodes, 3));
    }

    @Test
    void workloadsCutShortBySizeAreStillCountedAsDesired() {
        // 10 pods fit coredns (2), metrics-server, prometheus, alertmanager, grafana, ingress (2): 2 are left for redis
        ClusterSnapshot s = generate(new SandboxSpec(42, 3, 10));

        assertThat(s.pods()).hasSize(10);
        assertThat(s.pods()).filteredOn(p -> p.owner().name().equals("redis")).hasSize(2);
        assertThat(s.workloads()).filteredOn(w -> w.name().equals("redis")).singleElement()
                .satisfies(w -> {
                    assertThat(w.desired()).isEqualTo(3);
                    assertThat(w.available()).isEqualTo(2);
                });
        assertThat(s.workloads()).noneMatch(w -> w.name().equals("memcached"));
    }

    private static void assertUniqueAndPlaced(ClusterSnapshot s) {
        Set<String> nodeNames = new HashSet<>();
        for (NodeInfo n : s.nodes()) {
            assertThat(nodeNames.add(n.name())).as("node name %s is unique", n.name()).isTrue();
        }
        Set<PodKey> podKeys = new HashSet<>();
        List<PodKey> duplicates = s.pods().stream().map(PodInfo::key).filter(k -> !podKeys.add(k)).toList();
        assertThat(duplicates).as("pods with the same namespace/name").isEmpty();
        Set<String> unknownNodes = s.pods().stream().filter(PodInfo::scheduled).map(PodInfo::nodeName)
                .filter(n -> !nodeNames.contains(n)).collect(Collectors.toSet());
        assertThat(unknownNodes).as("pods bound to nodes that do not exist").isEmpty();
    }
}
