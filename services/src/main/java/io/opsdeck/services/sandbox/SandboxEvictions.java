package io.opsdeck.services.sandbox;

import io.opsdeck.services.action.Budget;
import io.opsdeck.services.action.DrainPod;
import io.opsdeck.services.action.Eviction;
import io.opsdeck.services.action.NodeFit;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.WorkloadKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's Eviction API, with the API server's rules: a pod held by a budget that allows no
 * disruption is refused with a 429 naming the budget; Pending and finished pods go without asking;
 * a pod that is not Ready goes while its budget is healthy; two budgets on one pod are an error. The
 * budgets are the sandbox's own (max unavailable 1 on Redis, Memcached, CoreDNS and the shop's
 * front services), computed from the pods as they are now.
 */
final class SandboxEvictions {
    private SandboxEvictions() {
    }

    static DrainPod drainPod(SandboxWorld w, PodInfo p) {
        String kind = p.owner().kind();
        String name = p.owner().name();
        if (kind.equals("Deployment")) { // the pod's controller is the Deployment's ReplicaSet
            kind = "ReplicaSet";
            name = name + "-" + p.labels().getOrDefault("pod-template-hash", "sandbox");
        }
        return new DrainPod(p.namespace(), p.name(), w.uid(p), p.nodeName(), p.phase(), p.ready(), kind, name, false,
                SandboxWorld.EMPTY_DIRS.getOrDefault(p.namespace() + "/" + p.owner().name(), List.of()), 30, false,
                p.labels(), new NodeFit.Needs(Map.of(), List.of(), List.of(), p.cpuRequestMilli(), p.memoryRequestBytes()),
                null);
    }

    static List<Budget> budgets(SandboxWorld w, String namespace) {
        List<Budget> out = new ArrayList<>();
        for (SandboxWorkload wl : w.workloads()) {
            if (wl.namespace().equals(namespace) && SandboxWorld.PDB_WORKLOADS.contains(wl.name())
                    && wl.kind() != WorkloadKind.DAEMONSET) {
                int ready = (int) w.podsOf(wl).stream().filter(PodInfo::ready).count();
                int desired = Math.max(0, wl.replicas() - 1);
                out.add(new Budget(namespace, wl.name(), wl.selector(), List.of(), true, "", "1", ready, desired,
                        wl.replicas(), Math.max(0, ready - desired), false));
            }
        }
        return out;
    }

    static Eviction evict(SandboxWorld w, String namespace, String name, String uid, boolean dryRun) {
        PodInfo p = w.pod(namespace, name);
        if (p == null) {
            return new Eviction(Eviction.Kind.GONE, 404, "pods \"" + name + "\" not found", "", -1, -1);
        }
        if (uid != null && !uid.isEmpty() && !uid.equals(w.uid(p))) {
            return new Eviction(Eviction.Kind.GONE, 409, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + w.uid(p), "", -1, -1);
        }
        List<Budget> mine = budgets(w, namespace).stream().filter(b -> b.selects(namespace, p.labels())).toList();
        if (mine.size() > 1) {
            return new Eviction(Eviction.Kind.FAILED, 500, "This pod has more than one PodDisruptionBudget, which the"
                    + " eviction subresource does not support.", "", -1, -1);
        }
        boolean ignoresBudget = p.phase() == PodPhase.PENDING || p.phase().terminal();
        if (mine.size() == 1 && !ignoresBudget) {
            Budget b = mine.get(0);
            boolean unhealthyMayGo = !p.ready() && b.desiredHealthy() > 0 && b.currentHealthy() >= b.desiredHealthy();
            if (!unhealthyMayGo && b.disruptionsAllowed() <= 0) {
                return Eviction.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.",
                        "DisruptionBudget: The disruption budget " + b.name() + " needs " + b.desiredHealthy()
                                + " healthy pods and has " + b.currentHealthy() + " currently");
            }
        }
        if (!dryRun) {
            w.evictPod(namespace, name);
        }
        return Eviction.accepted(201);
    }

    static List<NodeFit.Node> schedulingNodes(SandboxWorld w) {
        return NodeFit.of(w.nodes(), w.pods());
    }

    static List<DrainPod> labelled(SandboxWorld w, String namespace, Map<String, String> labels) {
        List<DrainPod> out = new ArrayList<>();
        for (PodInfo p : w.pods()) {
            if (p.namespace().equals(namespace) && p.labels().entrySet().containsAll(labels.entrySet())) {
                out.add(drainPod(w, p));
            }
        }
        return out;
    }
}
