package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static io.opsdeck.views.topology.TopologyFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class TopologyLayoutTest {

    @Test
    void everyNodeAndPodIsFoundAgainByItsPosition() {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.parse("300x9000", 3), TopologyFixtures.T0);
        TopologyFrame f = TopologyFixtures.frame(overview(world.snapshot("sandbox", TopologyFixtures.T0)),
                TopologyFilter.NONE);
        TopologyIndex ix = f.index;
        TopologyLayout l = f.layout;
        for (int n = 0; n <= ix.unplaced(); n++) {
            if (!l.isShown(n)) {
                continue;
            }
            assertThat(l.nodeAt(ix, l.tileX[n] + 3, l.tileY[n] + 3)).isEqualTo(n);
            assertThat(l.podAt(ix, n, l.tileX[n] + 3, l.tileY[n] + 3)).isEqualTo(-1);
            for (int i = 0; i < ix.podCount(n); i++) {
                float x = l.cellX(ix, n, i) + TopologyLayout.CELL_SIZE / 2f;
                float y = l.cellY(ix, n, i) + TopologyLayout.CELL_SIZE / 2f;
                assertThat(l.nodeAt(ix, x, y)).isEqualTo(n);
                assertThat(l.podAt(ix, n, x, y)).isEqualTo(ix.podStart[n] + i);
            }
        }
        // the gap between two tiles and the space outside belong to nothing
        int first = l.shown[0];
        assertThat(l.nodeAt(ix, l.tileX[first] + TopologyLayout.TILE_W + TopologyLayout.TILE_GAP / 2.0,
                l.tileY[first] + 5)).isEqualTo(-1);
        assertThat(l.nodeAt(ix, -50, -50)).isEqualTo(-1);
        assertThat(l.nodeAt(ix, l.worldW + 50, 10)).isEqualTo(-1);
    }

    @Test
    void zonesOfARegionSitSideBySideAndRegionsStack() {
        List<NodeInfo> nodes = List.of(node("a1", "r1", "z-a"), node("b1", "r1", "z-b"), node("c1", "r2", "z-c"),
                node("u1", null, null));
        TopologyFrame f = TopologyFixtures.frame(overview(cluster(nodes, TopologyFixtures.podsOn(nodes, 3))),
                TopologyFilter.NONE);
        TopologyLayout l = f.layout;
        int a = f.index.nodeByName.get("a1");
        int b = f.index.nodeByName.get("b1");
        int c = f.index.nodeByName.get("c1");
        int u = f.index.nodeByName.get("u1");
        assertThat(l.tileY[a]).isEqualTo(l.tileY[b]);
        assertThat(l.tileX[b]).isGreaterThan(l.tileX[a]);
        assertThat(l.tileY[c]).isGreaterThan(l.tileY[a]);
        assertThat(l.tileY[u]).isGreaterThan(l.tileY[c]);
        assertThat(l.regionNames).containsExactly("r1", "r2", "");
    }

    @Test
    void aNodeDoesNotMoveWhenItsPodsChange() {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.parse("120x3000", 5), TopologyFixtures.T0);
        ClusterSnapshot before = world.snapshot("sandbox", TopologyFixtures.T0);
        List<TopologyFrame> frames = new ArrayList<>();
        TopologyPipeline pipeline = new TopologyPipeline(Runnable::run, frames::add);
        pipeline.submit(overview(before));
        // pods fail, and one node loses all its pods but one
        List<PodInfo> pods = new ArrayList<>();
        String emptied = before.nodes().get(7).name();
        boolean keptOne = false;
        for (PodInfo p : before.pods()) {
            if (p.nodeName().equals(emptied)) {
                if (keptOne) {
                    continue;
                }
                keptOne = true;
            }
            pods.add(p.name().hashCode() % 3 == 0 ? TopologyFixtures.with(p, PodPhase.FAILED, false, 1) : p);
        }
        pipeline.submit(overview(new ClusterSnapshot(before.context(), before.takenAt(), before.serverVersion(),
                before.nodes(), pods, before.workloads(), before.services(), before.pdbs(), before.events(),
                before.namespaces(), before.unavailable())));
        TopologyFrame a = frames.get(0);
        TopologyFrame b = frames.get(1);
        assertThat(b.index).isNotSameAs(a.index);
        for (NodeInfo n : before.nodes()) {
            int i = a.index.nodeByName.get(n.name());
            int j = b.index.nodeByName.get(n.name());
            assertThat(b.layout.tileX[j]).isEqualTo(a.layout.tileX[i]);
            assertThat(b.layout.tileY[j]).isEqualTo(a.layout.tileY[i]);
        }
    }

    @Test
    void tilesGrowForAFullerNodeButNeverShrink() {
        List<NodeInfo> nodes = List.of(node("n1", "r", "z"), node("n2", "r", "z"));
        List<TopologyFrame> frames = new ArrayList<>();
        TopologyPipeline pipeline = new TopologyPipeline(Runnable::run, frames::add);
        pipeline.submit(overview(cluster(nodes, TopologyFixtures.podsOn(nodes, 10))));
        pipeline.submit(overview(cluster(nodes, TopologyFixtures.podsOn(nodes, 40))));
        pipeline.submit(overview(cluster(nodes, TopologyFixtures.podsOn(nodes, 5))));
        assertThat(frames.get(0).layout.podRows).isEqualTo(1);
        assertThat(frames.get(1).layout.podRows).isEqualTo(3);
        assertThat(frames.get(2).layout.podRows).isEqualTo(3);
    }

    @Test
    void aWideViewGetsMoreColumnsThanATallOne() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            nodes.add(node(String.format("n%02d", i), "r", "z" + i % 3));
        }
        TopologyIndex ix = TopologyIndex.build(cluster(nodes, TopologyFixtures.podsOn(nodes, 20)));
        TopologyLayout.Shape wide = TopologyLayout.chooseShape(ix, null, 2, 2400, 600, 22, 1.5);
        TopologyLayout.Shape tall = TopologyLayout.chooseShape(ix, null, 2, 600, 2400, 22, 1.5);
        assertThat(wide.cols()).isGreaterThan(tall.cols());
        // fitted, a zone heading has room for its label
        TopologyLayout l = TopologyLayout.compute(ix, null, wide.cols(), 2, wide.band());
        assertThat(l.zoneHeader * l.fitScale(2400, 600, 1.5)).isGreaterThanOrEqualTo(21.0f);
    }

    @Test
    void theNodeFilterLaysOutOnlyTheNodesItKeeps() {
        List<NodeInfo> nodes = List.of(node("a", "r", "z"), node("b", "r", "z", true, true), node("c", "r", "z2"));
        TopologyFrame f = TopologyFixtures.frame(overview(cluster(nodes, List.of(pod("x", "p", "a")))),
                TopologyFilter.NONE.withNodeState(TopologyFilter.NodeState.CORDONED));
        assertThat(f.layout.shown).containsExactly(f.index.nodeByName.get("b"));
        assertThat(f.layout.isShown(f.index.nodeByName.get("a"))).isFalse();
        assertThat(f.layout.zoneShownCount).containsExactly(1, 0);
    }
}
