package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static io.opsdeck.views.topology.TopologyFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class TopologySearchTest {
    private final List<NodeInfo> nodes = List.of(node("web", "r", "z"), node("web-2", "r", "z"), node("db", "r", "z"));
    private final List<PodInfo> pods = List.of(pod("shop", "web", "db"), pod("shop", "my-web-1", "db"),
            pod("other", "web", "web"));
    private final TopologyFrame frame = TopologyFixtures.frame(overview(cluster(nodes, pods)), TopologyFilter.NONE);

    private String name(TopologySearch.Hit h) {
        return h.isPod() ? frame.index.pods[h.pod()].key().toString() : frame.index.nodes[h.node()].name();
    }

    @Test
    void exactNamesComeFirstThenPrefixesThenTheRestNodesBeforePods() {
        List<TopologySearch.Hit> hits = TopologySearch.find(frame, "WEB");
        // within a rank, in the order they are drawn: pods by node, the node "db" before "web"
        assertThat(hits.stream().map(this::name)).containsExactly("web", "shop/web", "other/web", "web-2",
                "shop/my-web-1");
    }

    @Test
    void namespaceSlashNameFindsOnePod() {
        List<TopologySearch.Hit> hits = TopologySearch.find(frame, "shop/web");
        assertThat(hits.stream().map(this::name)).containsExactly("shop/web", "shop/my-web-1");
        assertThat(hits.get(0).node()).isEqualTo(frame.index.nodeByName.get("db"));
    }

    @Test
    void nothingForBlankOrUnknown() {
        assertThat(TopologySearch.find(frame, " ")).isEmpty();
        assertThat(TopologySearch.find(frame, "zzz")).isEmpty();
    }
}
