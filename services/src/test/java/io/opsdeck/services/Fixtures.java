package io.opsdeck.services;

import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.WorkloadInfo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders for hand-made model records in tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");

    private Fixtures() {
    }

    public static NodeInfo node(String name, String zone) {
        return node(name, zone, true, false);
    }

    public static NodeInfo node(String name, String zone, boolean ready, boolean cordoned) {
        return new NodeInfo(name, zone == null ? null : "region-1", zone, "worker", ready, cordoned, Set.of(),
                List.of(), 4000, 16L << 30, "v1.30.4", Map.of());
    }

    public static PodInfo pod(String ns, String name, String nodeName, Map<String, String> labels) {
        return pod(ns, name, nodeName, PodPhase.RUNNING, true, OwnerRef.NONE, labels, List.of("busybox:1.36"),
                List.of());
    }

    public static PodInfo pod(String ns, String name, String nodeName, PodPhase phase, boolean ready, OwnerRef owner,
                              Map<String, String> labels, List<String> images, List<Integer> ports) {
        return new PodInfo(ns, name, nodeName, phase, ready, 0, owner, labels, images, ports, 100, 64L << 20,
                nodeName.isEmpty() ? "" : "10.0.0.1");
    }

    public static PodInfo withRestarts(PodInfo p, int restarts) {
        return new PodInfo(p.namespace(), p.name(), p.nodeName(), p.phase(), p.ready(), restarts, p.owner(),
                p.labels(), p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp());
    }

    public static ServiceInfo service(String ns, String name, Map<String, String> selector, int ready, int total) {
        return new ServiceInfo(ns, name, "ClusterIP", selector, List.of(8080), ready, total);
    }

    public static ClusterSnapshot snapshot(List<NodeInfo> nodes, List<PodInfo> pods, List<WorkloadInfo> workloads,
                                           List<ServiceInfo> services) {
        return new ClusterSnapshot("test", T0, "v1.30.4", nodes, pods, workloads, services, List.of(), List.of(),
                List.of(), List.of());
    }

    public static ConnectionStatus connected(String endpoint) {
        return ConnectionStatus.connecting(endpoint, T0).to(ConnectionState.CONNECTED, T0, "", T0);
    }

    public static ConnectionStatus down(String endpoint, String error) {
        return ConnectionStatus.connecting(endpoint, T0).to(ConnectionState.DOWN, T0, error, null);
    }

    /** Figures for a cache node with {@code reads} reads per second at {@code ratio}. */
    public static CacheStats stats(double reads, double ratio) {
        return new CacheStats(reads * ratio, reads * (1 - ratio), reads * 1.25, 1L << 30, 4L << 30, 0.5, 40, 1000,
                "test", "");
    }
}
