package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static io.opsdeck.views.topology.TopologyFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class TopologyPipelineTest {
    private final List<NodeInfo> nodes = List.of(node("n1", "r", "z"), node("n2", "r", "z"));
    private final List<PodInfo> pods = List.of(pod("shop", "web-1", "n1"), pod("shop", "web-2", "n2"),
            pod("cache", "redis-0", "n1"), pod("batch", "job-1", "n2", PodPhase.FAILED, false));

    @Test
    void requestsThatArriveWhileOneIsQueuedCoalesceIntoOneFrame() {
        List<Runnable> queued = new ArrayList<>();
        Executor later = queued::add;
        List<TopologyFrame> frames = new ArrayList<>();
        TopologyPipeline p = new TopologyPipeline(later, frames::add);
        Overview first = overview(cluster(nodes, pods));
        Overview second = overview(cluster(nodes, pods));
        p.submit(first);
        p.filter(TopologyFilter.NONE.withNamespace("shop"));
        p.submit(second);
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).overview).isSameAs(second);
        assertThat(frames.get(0).filter.namespace()).isEqualTo("shop");
    }

    @Test
    void podFiltersDimInsteadOfMoving() {
        Overview o = overview(cluster(nodes, pods));
        TopologyFrame all = TopologyFixtures.frame(o, TopologyFilter.NONE);
        TopologyFrame shop = TopologyFixtures.frame(o, TopologyFilter.NONE.withNamespace("shop"));
        assertThat(all.podDim).isNull();
        assertThat(shop.matchingPods).isEqualTo(2);
        int redis = shop.index.podByKey.get(pods.get(2).key());
        int web = shop.index.podByKey.get(pods.get(0).key());
        assertThat(shop.dimmed(redis)).isTrue();
        assertThat(shop.dimmed(web)).isFalse();
        assertThat(shop.layout.tileX).containsExactly(all.layout.tileX);
        TopologyFrame failed = TopologyFixtures.frame(o, TopologyFilter.NONE.withPhase(TopologyFilter.PodFilter.FAILED));
        assertThat(failed.matchingPods).isEqualTo(1);
        assertThat(failed.nodeDimmed(failed.index.nodeByName.get("n1"))).isTrue();
        assertThat(failed.nodeDimmed(failed.index.nodeByName.get("n2"))).isFalse();
        TopologyFrame labelled = TopologyFixtures.frame(o, TopologyFilter.NONE.withSelector(LabelSelector.parse("app=web")));
        assertThat(labelled.matchingPods).isEqualTo(2);
    }

    @Test
    void metricsArrivingForTheSameClusterKeepTheIndex() {
        List<TopologyFrame> frames = new ArrayList<>();
        TopologyPipeline p = new TopologyPipeline(Runnable::run, frames::add);
        var c = cluster(nodes, pods);
        Overview o = overview(c);
        p.submit(o);
        Overview withCache = new Overview(c, o.metrics(), o.clusterStatus(), o.metricsStatus(), o.zones(),
                List.of(TopologyFixtures.cache(pods.get(2), 90, 10)), o.cacheClusters(), o.services(), o.refreshedAt());
        p.submit(withCache);
        assertThat(frames.get(1).index).isSameAs(frames.get(0).index);
        assertThat(frames.get(1).layout).isSameAs(frames.get(0).layout);
        int redis = frames.get(1).index.podByKey.get(pods.get(2).key());
        assertThat(frames.get(1).caches.kind(redis)).isEqualTo(TopologyCaches.RATIO);
        assertThat(frames.get(1).caches.hitRatio(redis)).isEqualTo(0.9f);
    }

    @Test
    void addingANodeKeepsTheColumnsSoTheOthersStayPut() {
        List<NodeInfo> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(node(String.format("n%02d", i), "r", "z"));
        }
        List<TopologyFrame> frames = new ArrayList<>();
        TopologyPipeline p = new TopologyPipeline(Runnable::run, frames::add);
        p.submit(overview(cluster(many, TopologyFixtures.podsOn(many, 4))));
        List<NodeInfo> more = new ArrayList<>(many);
        more.add(node("n99", "r", "z"));
        p.submit(overview(cluster(more, TopologyFixtures.podsOn(more, 4))));
        TopologyFrame a = frames.get(0);
        TopologyFrame b = frames.get(1);
        assertThat(b.layout.cols).isEqualTo(a.layout.cols);
        for (NodeInfo n : many) {
            assertThat(b.layout.tileX[b.index.nodeByName.get(n.name())])
                    .isEqualTo(a.layout.tileX[a.index.nodeByName.get(n.name())]);
        }
        p.relayout(300, 3000);
        assertThat(frames.get(2).layout.cols).isLessThan(b.layout.cols);
    }
}
