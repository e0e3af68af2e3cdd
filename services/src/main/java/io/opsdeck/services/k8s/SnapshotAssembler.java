package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.opsdeck.services.k8s.slim.SlimEvent;
import io.opsdeck.services.k8s.slim.SlimPod;
import io.opsdeck.services.k8s.slim.SlimReplicaSet;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PdbInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.WorkloadInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds immutable {@link ClusterSnapshot}s from the informers' caches on the builder thread. Only
 * the parts whose caches changed since the last build are rebuilt; the others are the previous
 * (immutable) lists, shared. Everything is one pass over each cache; pods are in no particular
 * order (the views sort and index them), the small collections are sorted by namespace and name.
 */
final class SnapshotAssembler {
    private static final int WORKLOAD_KINDS =
            ResourceKind.DEPLOYMENTS.bit() | ResourceKind.STATEFULSETS.bit() | ResourceKind.DAEMONSETS.bit();

    private final String context;
    private final String defaultNamespace;
    private final Owners owners = new Owners();
    private final PodTable podTable = new PodTable(owners);

    private List<NodeInfo> nodes = List.of();
    private List<PodInfo> pods = List.of();
    private List<WorkloadInfo> workloads = List.of();
    private List<ServiceInfo> services = List.of();
    private List<PdbInfo> pdbs = List.of();
    private List<ClusterEvent> events = List.of();
    private List<String> namespaces = List.of();
    private ReadScope lastEndpointsScope;

    SnapshotAssembler(String context, String defaultNamespace) {
        this.context = context;
        this.defaultNamespace = defaultNamespace;
    }

    /** @param changed the {@link ResourceKind#bit()}s of the caches that changed since the last build */
    ClusterSnapshot build(Feeds feeds, int changed, String serverVersion, List<String> unavailable, Instant now) {
        if (has(changed, ResourceKind.NODES)) {
            nodes = sorted(feeds.items(ResourceKind.NODES, Node.class), Converters::node,
                    Comparator.comparing(NodeInfo::name));
        }
        if (has(changed, ResourceKind.REPLICASETS)) {
            owners.replicaSets(feeds.items(ResourceKind.REPLICASETS, SlimReplicaSet.class));
        }
        if (has(changed, ResourceKind.PODS) || has(changed, ResourceKind.REPLICASETS)) {
            pods = podTable.build(feeds.items(ResourceKind.PODS, SlimPod.class));
        }
        if ((changed & WORKLOAD_KINDS) != 0) {
            List<WorkloadInfo> w = new ArrayList<>();
            feeds.items(ResourceKind.DEPLOYMENTS, Deployment.class).forEach(d -> w.add(Converters.deployment(d)));
            feeds.items(ResourceKind.STATEFULSETS, StatefulSet.class).forEach(s -> w.add(Converters.statefulSet(s)));
            feeds.items(ResourceKind.DAEMONSETS, DaemonSet.class).forEach(d -> w.add(Converters.daemonSet(d)));
            w.sort(Comparator.comparing(WorkloadInfo::namespace).thenComparing(WorkloadInfo::name)
                    .thenComparing(WorkloadInfo::kind));
            workloads = List.copyOf(w);
        }
        ReadScope podsScope = feeds.scope(ResourceKind.PODS);
        ReadScope endpointsScope = feeds.scope(ResourceKind.ENDPOINTS);
        if (has(changed, ResourceKind.SERVICES) || has(changed, ResourceKind.ENDPOINTS)
                || !endpointsScope.equals(lastEndpointsScope)) {
            EndpointCounts counts = EndpointCounts.of(feeds.items(ResourceKind.ENDPOINTS, Object.class));
            services = sorted(feeds.items(ResourceKind.SERVICES, Service.class),
                    s -> Converters.service(s, counts, endpointsScope),
                    Comparator.comparing(ServiceInfo::namespace).thenComparing(ServiceInfo::name));
            lastEndpointsScope = endpointsScope;
        }
        if (has(changed, ResourceKind.PDBS)) {
            pdbs = sorted(feeds.items(ResourceKind.PDBS, HasMetadata.class), Converters::pdb,
                    Comparator.comparing(PdbInfo::namespace).thenComparing(PdbInfo::name));
        }
        if (has(changed, ResourceKind.EVENTS)) {
            List<ClusterEvent> e = new ArrayList<>();
            for (SlimEvent ev : feeds.items(ResourceKind.EVENTS, SlimEvent.class)) {
                // the server filters on type=Warning; checking again costs nothing
                if ("Warning".equals(ev.type())) {
                    e.add(Converters.event(ev));
                }
            }
            e.sort(Comparator.comparing(ClusterEvent::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
            events = List.copyOf(e);
        }
        if ((changed & (ResourceKind.NAMESPACES.bit() | ResourceKind.PODS.bit() | ResourceKind.SERVICES.bit()
                | WORKLOAD_KINDS)) != 0) {
            namespaces = namespaces(feeds);
        }
        return new ClusterSnapshot(context, now, serverVersion, nodes, pods, workloads, services, pdbs, events,
                namespaces, unavailable, feeds.scope(ResourceKind.NODES), podsScope, endpointsScope);
    }

    /**
     * The namespaces' names; for a user who may not list namespaces, the namespaces of what they can
     * see plus the context's own.
     */
    private List<String> namespaces(Feeds feeds) {
        TreeSet<String> names = new TreeSet<>();
        Feed<?> feed = feeds.feed(ResourceKind.NAMESPACES);
        if (feed != null && feed.active() && feed.synced()) {
            for (Namespace n : feeds.items(ResourceKind.NAMESPACES, Namespace.class)) {
                names.add(n.getMetadata().getName());
            }
            return List.copyOf(names);
        }
        if (defaultNamespace != null && !defaultNamespace.isBlank()) {
            names.add(defaultNamespace);
        }
        String last = null;
        for (PodInfo p : pods) {
            // pods of a namespace tend to come together; skip the set lookup for runs
            if (!p.namespace().equals(last)) {
                names.add(p.namespace());
                last = p.namespace();
            }
        }
        workloads.forEach(w -> names.add(w.namespace()));
        services.forEach(s -> names.add(s.namespace()));
        return List.copyOf(names);
    }

    private static boolean has(int changed, ResourceKind kind) {
        return (changed & kind.bit()) != 0;
    }

    private static <T, R> List<R> sorted(List<T> items, Function<T, R> convert, Comparator<R> order) {
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(convert.apply(item));
        }
        out.sort(order);
        return List.copyOf(out);
    }
}
