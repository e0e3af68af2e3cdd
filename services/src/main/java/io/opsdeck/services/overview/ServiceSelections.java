package io.opsdeck.services.overview;

import io.opsdeck.services.health.ServiceHealthRules;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.model.WorkloadInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which pods (by position in the pod list) each Service selects, and which workloads own them. Worked
 * out from the Services' selectors and the pods' labels; while neither changes, a snapshot in which only
 * some pods changed state reuses the selections and looks again only at the owners of the Services that
 * select a changed pod, instead of matching every selector against 150,000 pods' labels again.
 * Immutable.
 */
final class ServiceSelections {
    private static final Comparator<ServiceHealth> ORDER = Comparator.comparing((ServiceHealth h) -> h.health())
            .reversed().thenComparing(h -> h.service().key());

    private final List<ServiceInfo> services;
    private final int[][] positions;
    /** Per Service, the owners of its pods in the order first seen, whether or not the cluster lists them. */
    private final List<Set<WorkloadKey>> owners;

    private ServiceSelections(List<ServiceInfo> services, int[][] positions, List<Set<WorkloadKey>> owners) {
        this.services = services;
        this.positions = positions;
        this.owners = owners;
    }

    static ServiceSelections of(ClusterSnapshot cluster, PodIndex index) {
        List<ServiceInfo> services = cluster.services();
        int[][] positions = new int[services.size()][];
        List<Set<WorkloadKey>> owners = new ArrayList<>(services.size());
        for (int s = 0; s < positions.length; s++) {
            ServiceInfo svc = services.get(s);
            positions[s] = index.positions(svc.namespace(), svc.selector());
            owners.add(owners(cluster.pods(), positions[s]));
        }
        return new ServiceSelections(services, positions, owners);
    }

    /** True when these selections hold for {@code cluster}'s Services (the caller vouches for the labels). */
    boolean sameServices(ClusterSnapshot cluster) {
        return services == cluster.services() || services.equals(cluster.services());
    }

    /**
     * These selections for {@code cluster}, whose pods have the same namespaces and labels at the same
     * positions and differ only at {@code changed}: the owners of the Services selecting one of those
     * are read again.
     */
    ServiceSelections over(ClusterSnapshot cluster, int[] changed) {
        if (changed.length == 0) {
            return this;
        }
        boolean[] touched = new boolean[cluster.pods().size()];
        for (int i : changed) {
            touched[i] = true;
        }
        List<Set<WorkloadKey>> next = new ArrayList<>(owners);
        for (int s = 0; s < positions.length; s++) {
            for (int p : positions[s]) {
                if (touched[p]) {
                    next.set(s, owners(cluster.pods(), positions[s]));
                    break;
                }
            }
        }
        return new ServiceSelections(cluster.services(), positions, next);
    }

    /** Every Service's health in {@code cluster}, worst first. */
    List<ServiceHealth> health(ClusterSnapshot cluster, MetricsSnapshot metrics) {
        Map<WorkloadKey, WorkloadInfo> workloads = new HashMap<>();
        for (WorkloadInfo w : cluster.workloads()) {
            workloads.put(new WorkloadKey(w.namespace(), w.kind().kubernetesName(), w.name()), w);
        }
        List<PodInfo> pods = cluster.pods();
        List<ServiceHealth> out = new ArrayList<>(services.size());
        for (int s = 0; s < positions.length; s++) {
            ServiceInfo svc = services.get(s);
            List<PodInfo> selected = new ArrayList<>(positions[s].length);
            for (int p : positions[s]) {
                selected.add(pods.get(p));
            }
            List<WorkloadInfo> backing = new ArrayList<>();
            for (WorkloadKey k : owners.get(s)) {
                WorkloadInfo w = workloads.get(k);
                if (w != null) {
                    backing.add(w);
                }
            }
            ServiceMetrics m = metrics.services().getOrDefault(svc.key(), ServiceMetrics.UNKNOWN);
            out.add(ServiceHealthRules.evaluate(svc, selected, List.copyOf(backing), m, cluster.podsScope()));
        }
        out.sort(ORDER);
        return out;
    }

    private static Set<WorkloadKey> owners(List<PodInfo> pods, int[] at) {
        Set<WorkloadKey> out = new LinkedHashSet<>();
        for (int p : at) {
            PodInfo pod = pods.get(p);
            out.add(new WorkloadKey(pod.namespace(), pod.owner().kind(), pod.owner().name()));
        }
        return out;
    }

    /** A workload by namespace, kind and name, without building the text of a key for every pod. */
    private record WorkloadKey(String namespace, String kind, String name) {
    }
}
