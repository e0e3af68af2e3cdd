package io.opsdeck.views.topology;

import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.overview.OverviewBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-made clusters for the topology tests. */
final class TopologyFixtures {
    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    static final ConnectionStatus OK = new ConnectionStatus(ConnectionState.CONNECTED, T0, "", T0, "test");

    private TopologyFixtures() {
    }

    static NodeInfo node(String name, String region, String zone) {
        return node(name, region, zone, true, false);
    }

    static NodeInfo node(String name, String region, String zone, boolean ready, boolean cordoned,
                         NodeCondition... pressures) {
        Set<NodeCondition> p = pressures.length == 0 ? Set.of() : EnumSet.of(pressures[0], pressures);
        return new NodeInfo(name, region, zone, "worker", ready, cordoned, p, List.of(), 4000, 16L << 30, "v1.30.4",
                Map.of("kubernetes.io/hostname", name));
    }

    static PodInfo pod(String ns, String name, String node) {
        return pod(ns, name, node, PodPhase.RUNNING, true);
    }

    static PodInfo pod(String ns, String name, String node, PodPhase phase, boolean ready) {
        return new PodInfo(ns, name, node, phase, ready, 0, new OwnerRef("Deployment", name.replaceAll("-\\d+$", "")),
                Map.of("app", name.replaceAll("-\\d+$", "")), List.of("busybox:1.36"), List.of(8080), 100, 64L << 20,
                node.isEmpty() ? "" : "10.0.0.1");
    }

    static PodInfo with(PodInfo p, PodPhase phase, boolean ready, int restarts) {
        return new PodInfo(p.namespace(), p.name(), p.nodeName(), phase, ready, restarts, p.owner(), p.labels(),
                p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp());
    }

    static ClusterSnapshot cluster(List<NodeInfo> nodes, List<PodInfo> pods) {
        return new ClusterSnapshot("test", T0, "v1.30.4", nodes, pods, List.of(), List.of(), List.of(), List.of(),
                List.of("default"), List.of());
    }

    static Overview overview(ClusterSnapshot cluster) {
        return OverviewBuilder.build(cluster, MetricsSnapshot.EMPTY, OK, OK, T0);
    }

    /** {@code podsPerNode} pods on each node, named {@code NODE-pod-I}. */
    static List<PodInfo> podsOn(List<NodeInfo> nodes, int podsPerNode) {
        List<PodInfo> pods = new ArrayList<>();
        for (NodeInfo n : nodes) {
            for (int i = 0; i < podsPerNode; i++) {
                pods.add(pod("default", n.name() + "-pod-" + i, n.name()));
            }
        }
        return pods;
    }

    static CacheNodeStatus cache(PodInfo pod, double hitsPerSec, double missesPerSec) {
        return new CacheNodeStatus(new CacheNode(pod.key(), CacheKind.REDIS, "redis", "primary", pod.nodeName(), 6379),
                new CacheStats(hitsPerSec, missesPerSec, hitsPerSec + missesPerSec, 1, 2, 0, 1, 1, "test", ""));
    }

    /** A frame built by the real pipeline on the calling thread. */
    static TopologyFrame frame(Overview o, TopologyFilter filter) {
        TopologyFrame[] out = new TopologyFrame[1];
        TopologyPipeline p = new TopologyPipeline(Runnable::run, f -> out[0] = f);
        p.filter(filter);
        p.submit(o);
        return out[0];
    }
}
