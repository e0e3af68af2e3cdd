package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class TopologyIndexTest {

    @Test
    void groupsNodesByRegionThenZoneWithUnzonedLast() {
        List<NodeInfo> nodes = List.of(node("u1", null, null), node("c1", "us-east-1", "us-east-1a"),
                node("b2", "eu-west-1", "eu-west-1b"), node("a2", "eu-west-1", "eu-west-1a"),
                node("a1", "eu-west-1", "eu-west-1a"), node("n1", null, "lonely-zone"));
        TopologyIndex ix = TopologyIndex.build(cluster(nodes, List.of()));
        assertThat(ix.zoneNames).containsExactly("eu-west-1a", "eu-west-1b", "us-east-1a", "lonely-zone", "unzoned");
        assertThat(ix.zoneRegions).containsExactly("eu-west-1", "eu-west-1", "us-east-1", "", "");
        assertThat(Arrays.stream(ix.nodes).map(NodeInfo::name)).containsExactly("a1", "a2", "b2", "c1", "n1", "u1");
        assertThat(ix.zoneNodeCount).containsExactly(2, 1, 1, 1, 1);
        assertThat(ix.nodeZone[ix.nodeByName.get("u1")]).isEqualTo(4);
    }

    @Test
    void theSummarySaysUnknownForWhatCouldNotBeReadNeverZero() {
        assertThat(TopologyPage.summary(TopologyIndex.build(ClusterSnapshot.empty("ctx"))))
                .isEqualTo("Nodes and pods unknown: nothing has been read from the cluster yet");

        List<NodeInfo> nodes = List.of(node("n1", "r", "z1"), node("n2", "r", "z2"));
        List<PodInfo> pods = List.of(pod("shop", "a", "n1"), pod("shop", "b", "n2"));
        assertThat(TopologyPage.summary(TopologyIndex.build(cluster(nodes, pods))))
                .isEqualTo("2 nodes (2 ready, 0 cordoned) · 2 zones · 2 pods (2 running)");

        ClusterSnapshot c = cluster(List.of(), pods);
        ClusterSnapshot scoped = new ClusterSnapshot(c.context(), c.takenAt(), c.serverVersion(), c.nodes(), c.pods(),
                c.workloads(), c.services(), c.pdbs(), c.events(), c.namespaces(),
                List.of("nodes: forbidden — User \"jane\" cannot list resource \"nodes\""),
                ReadScope.only(Set.of(), "nodes", true, "User \"jane\" cannot list resource \"nodes\""),
                ReadScope.only(Set.of("shop"), "pods", true, "may not list pods at the cluster scope"), ReadScope.EVERYWHERE);
        assertThat(TopologyPage.summary(TopologyIndex.build(scoped))).isEqualTo("nodes unknown · 2 pods (2 running) in "
                + "1 namespace only · cannot list: nodes: forbidden — User \"jane\" cannot list resource \"nodes\"");

        ClusterSnapshot noPods = new ClusterSnapshot(c.context(), c.takenAt(), c.serverVersion(), List.of(), List.of(),
                c.workloads(), c.services(), c.pdbs(), c.events(), c.namespaces(), List.of(), ReadScope.EVERYWHERE,
                ReadScope.only(Set.of(), "pods", false, "the list failed"), ReadScope.EVERYWHERE);
        assertThat(TopologyPage.summary(TopologyIndex.build(noPods))).isEqualTo("0 nodes (0 ready, 0 cordoned) · 0 zones"
                + " · pods unknown");

        // and the empty picture
        assertThat(TopologyLabels.emptyText(ClusterSnapshot.empty("ctx"))).isEqualTo("Nothing has been read from the cluster yet.");
        assertThat(TopologyLabels.emptyText(scoped)).isEqualTo("Nodes cannot be read (see above).");
        assertThat(TopologyLabels.emptyText(noPods)).isEqualTo("The cluster has no nodes.");
    }

    @Test
    void podsSitUnderTheirNodeInNameOrderAndThoseWithoutANodeInOneSlot() {
        List<NodeInfo> nodes = List.of(node("n1", "r", "z"), node("n2", "r", "z"));
        List<PodInfo> pods = List.of(pod("b", "x", "n2"), pod("a", "z", "n1"), pod("a", "y", "n1"),
                pod("a", "pending", "", PodPhase.PENDING, false), pod("a", "orphan", "gone-node"));
        TopologyIndex ix = TopologyIndex.build(cluster(nodes, pods));
        assertThat(ix.podCount(0)).isEqualTo(2);
        assertThat(ix.pods[ix.podStart[0]].name()).isEqualTo("y");
        assertThat(ix.pods[ix.podStart[0] + 1].name()).isEqualTo("z");
        assertThat(ix.podCount(ix.unplaced())).isEqualTo(2);
        assertThat(ix.classCount(ix.unplaced(), PodClass.PENDING)).isEqualTo(1);
        assertThat(ix.podsByClass[PodClass.READY]).isEqualTo(4);
        assertThat(ix.maxPodsPerNode).isEqualTo(2);
    }

    @Test
    void countsNodeStatesAndRequests() {
        List<NodeInfo> nodes = List.of(node("ok", "r", "z"), node("cordoned", "r", "z", true, true),
                node("sick", "r", "z", false, false, NodeCondition.DISK_PRESSURE));
        List<PodInfo> pods = List.of(pod("a", "p1", "ok"), pod("a", "p2", "ok", PodPhase.SUCCEEDED, false));
        TopologyIndex ix = TopologyIndex.build(cluster(nodes, pods));
        assertThat(ix.nodesReady).isEqualTo(2);
        assertThat(ix.nodesNotReady).isEqualTo(1);
        assertThat(ix.nodesCordoned).isEqualTo(1);
        assertThat(ix.nodesUnderPressure).isEqualTo(1);
        // a finished pod holds no requests
        assertThat(ix.cpuRequested[ix.nodeByName.get("ok")]).isEqualTo(100);
    }

    @Test
    void anUpdateOfPodStatesGivesWhatAFullBuildGivesAndSharesTheStructure() {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.parse("200x6000", 7), TopologyFixtures.T0);
        ClusterSnapshot before = world.snapshot("sandbox", TopologyFixtures.T0);
        List<PodInfo> pods = new ArrayList<>(before.pods());
        SplittableRandom rng = new SplittableRandom(1);
        PodPhase[] phases = {PodPhase.RUNNING, PodPhase.RUNNING, PodPhase.PENDING, PodPhase.SUCCEEDED, PodPhase.FAILED};
        for (int i = 0; i < 1000; i++) {
            int at = rng.nextInt(pods.size());
            PodInfo p = pods.get(at);
            // readiness flips mostly, and some pods that stop or start consuming their requests
            pods.set(at, TopologyFixtures.with(p, phases[rng.nextInt(phases.length)], !p.ready(), p.restarts() + 1));
        }
        ClusterSnapshot after = new ClusterSnapshot(before.context(), before.takenAt(), before.serverVersion(),
                before.nodes(), pods, before.workloads(), before.services(), before.pdbs(), before.events(),
                before.namespaces(), before.unavailable());
        TopologyIndex original = TopologyIndex.build(before);
        TopologyIndex updated = original.update(after);
        TopologyIndex rebuilt = TopologyIndex.build(after);
        assertThat(updated).isNotNull();
        assertThat(updated.pods).containsExactly(rebuilt.pods);
        assertThat(updated.podClass).containsExactly(rebuilt.podClass);
        assertThat(updated.classCounts).containsExactly(rebuilt.classCounts);
        assertThat(updated.cpuRequested).containsExactly(rebuilt.cpuRequested);
        assertThat(updated.memoryRequested).containsExactly(rebuilt.memoryRequested);
        assertThat(updated.podsByClass).containsExactly(rebuilt.podsByClass);
        assertThat(updated.podsRunning).isEqualTo(rebuilt.podsRunning);
        // the index the FX thread may still be drawing is left as it was
        TopologyIndex again = TopologyIndex.build(before);
        assertThat(original.classCounts).containsExactly(again.classCounts);
        assertThat(original.cpuRequested).containsExactly(again.cpuRequested);
        assertThat(original.podsByClass).containsExactly(again.podsByClass);
    }

    @Test
    void aPodThatMovesOrAppearsNeedsAFullBuild() {
        List<NodeInfo> nodes = List.of(node("n1", "r", "z"), node("n2", "r", "z"));
        ClusterSnapshot a = cluster(nodes, List.of(pod("a", "p", "n1")));
        TopologyIndex ix = TopologyIndex.build(a);
        assertThat(ix.update(cluster(nodes, List.of(pod("a", "p", "n2"))))).isNull();
        assertThat(ix.update(cluster(nodes, List.of(pod("a", "p", "n1"), pod("a", "q", "n1"))))).isNull();
        assertThat(ix.update(cluster(List.of(node("n1", "r", "z"), node("n2", "r", "other")),
                List.of(pod("a", "p", "n1"))))).isNull();
        TopologyIndex cordoned = ix.update(cluster(List.of(node("n1", "r", "z", true, true), node("n2", "r", "z")),
                List.of(pod("a", "p", "n1"))));
        assertThat(cordoned).isNotNull();
        assertThat(cordoned.nodesCordoned).isEqualTo(1);
        assertThat(cordoned.podByKey).isSameAs(ix.podByKey);
    }
}
