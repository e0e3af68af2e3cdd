package io.opsdeck.services.model;

import java.time.Instant;
import java.util.List;

/**
 * One consistent, immutable view of a cluster at a moment. Built off the FX thread by a single
 * builder and handed to the views whole; nothing in it is ever mutated.
 *
 * @param serverVersion   the API server's version, e.g. {@code v1.30.2}
 * @param unavailable     resources that could not be listed (RBAC or API missing), each with a
 *                        sentence saying why, so the views can say what they cannot show
 * @param nodesScope      whether nodes could be read (they are cluster-scoped: everywhere or nowhere)
 * @param podsScope       where pods could be read (outside it, a Service's pods and restarts are unknown)
 * @param endpointsScope  where EndpointSlices or Endpoints could be read (outside it, endpoint counts are unknown)
 */
public record ClusterSnapshot(
        String context,
        Instant takenAt,
        String serverVersion,
        List<NodeInfo> nodes,
        List<PodInfo> pods,
        List<WorkloadInfo> workloads,
        List<ServiceInfo> services,
        List<PdbInfo> pdbs,
        List<ClusterEvent> events,
        List<String> namespaces,
        List<String> unavailable,
        ReadScope nodesScope,
        ReadScope podsScope,
        ReadScope endpointsScope) {

    public ClusterSnapshot {
        nodesScope = nodesScope == null ? ReadScope.EVERYWHERE : nodesScope;
        podsScope = podsScope == null ? ReadScope.EVERYWHERE : podsScope;
        endpointsScope = endpointsScope == null ? ReadScope.EVERYWHERE : endpointsScope;
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        workloads = List.copyOf(workloads);
        services = List.copyOf(services);
        pdbs = List.copyOf(pdbs);
        events = List.copyOf(events);
        namespaces = List.copyOf(namespaces);
        unavailable = List.copyOf(unavailable);
    }

    /** A snapshot whose nodes, pods and endpoints could be read everywhere. */
    public ClusterSnapshot(String context, Instant takenAt, String serverVersion, List<NodeInfo> nodes,
                           List<PodInfo> pods, List<WorkloadInfo> workloads, List<ServiceInfo> services,
                           List<PdbInfo> pdbs, List<ClusterEvent> events, List<String> namespaces,
                           List<String> unavailable) {
        this(context, takenAt, serverVersion, nodes, pods, workloads, services, pdbs, events, namespaces, unavailable,
                ReadScope.EVERYWHERE, ReadScope.EVERYWHERE, ReadScope.EVERYWHERE);
    }

    public static ClusterSnapshot empty(String context) {
        return new ClusterSnapshot(context, Instant.EPOCH, "", List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
    }

    public long nodesReady() {
        return nodes.stream().filter(NodeInfo::ready).count();
    }

    public long nodesCordoned() {
        return nodes.stream().filter(NodeInfo::unschedulable).count();
    }

    public long podsRunning() {
        return pods.stream().filter(p -> p.phase() == PodPhase.RUNNING).count();
    }
}
