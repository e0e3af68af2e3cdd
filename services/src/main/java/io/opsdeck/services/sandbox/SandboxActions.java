package io.opsdeck.services.sandbox;

import io.opsdeck.services.action.AccessVerdict;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionException.Kind;
import io.opsdeck.services.action.Budget;
import io.opsdeck.services.action.ClusterOps;
import io.opsdeck.services.action.DrainPod;
import io.opsdeck.services.action.Eviction;
import io.opsdeck.services.action.Identity;
import io.opsdeck.services.action.NodeFit;
import io.opsdeck.services.action.Permission;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.WorkloadKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sandbox behind the action port: the same pipeline, plans and dialogs as a live cluster, with
 * the simulated cluster standing in for the API server. Scaling adds pods that go Pending → Running
 * → Ready over a few ticks; cordon marks the node. The sandbox user may do everything; a dry run
 * checks what the API server would (the object exists, the resourceVersion still matches).
 */
public final class SandboxActions implements ClusterOps {
    private final SandboxClusterSource source;

    public SandboxActions(SandboxClusterSource source) {
        this.source = source;
    }

    @Override
    public Identity identity() {
        return new Identity(SandboxClusterSource.CONTEXT, "sandbox (simulated, in this process)",
                System.getProperty("user.name", ""), true);
    }

    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public AccessVerdict access(Permission permission) {
        return AccessVerdict.allowed(permission);
    }

    @Override
    public ScaleState readScale(WorkloadRef ref) throws ActionException {
        return call(w -> {
            SandboxWorkload wl = w.workload(ref.namespace(), ref.name());
            if (wl == null || wl.kind() != ref.kind()) {
                return null;
            }
            return new ScaleState(wl.replicas(), w.scaleVersion(ref.namespace(), ref.name()), "", List.of(), wl.selector());
        }, false, ref);
    }

    @Override
    public void writeScale(WorkloadRef ref, int replicas, String resourceVersion, boolean dryRun) throws ActionException {
        Boolean ok = call(w -> {
            SandboxWorkload wl = w.workload(ref.namespace(), ref.name());
            if (wl == null || wl.kind() != ref.kind()) {
                return null;
            }
            if (resourceVersion != null && !resourceVersion.isEmpty()
                    && !resourceVersion.equals(w.scaleVersion(ref.namespace(), ref.name()))) {
                return false;
            }
            if (!dryRun) {
                w.scale(ref.namespace(), ref.name(), replicas);
            }
            return true;
        }, !dryRun, ref);
        if (!ok) {
            throw new ActionException(Kind.CONFLICT, ref + " changed meanwhile (409 Conflict)");
        }
    }

    @Override
    public WorkloadStatus readStatus(WorkloadRef ref) throws ActionException {
        return call(w -> {
            SandboxWorkload wl = w.workload(ref.namespace(), ref.name());
            if (wl == null) {
                return null;
            }
            List<PodInfo> pods = w.podsOf(wl);
            int ready = (int) pods.stream().filter(PodInfo::ready).count();
            return new WorkloadStatus(wl.replicas(), pods.size(), ready, pods.size(), 1, 1);
        }, false, ref);
    }

    @Override
    public NodeState readNode(String node) throws ActionException {
        NodeState state = callWorld(w -> {
            NodeInfo n = w.node(node);
            return n == null ? null : new NodeState(n.name(), n.unschedulable(), n.ready(),
                    w.podsOn(node).stream().map(p -> SandboxEvictions.drainPod(w, p)).toList());
        }, false);
        if (state == null) {
            throw new ActionException(Kind.BAD_REQUEST, "No node " + node + " in the sandbox (404 Not Found)");
        }
        return state;
    }

    @Override
    public void setUnschedulable(String node, boolean unschedulable, boolean dryRun) throws ActionException {
        readNode(node);
        if (!dryRun) {
            callWorld(w -> {
                w.setUnschedulable(node, unschedulable);
                return Boolean.TRUE;
            }, true);
        }
    }

    @Override
    public List<ClusterEvent> recentWarnings(String namespace, String namePrefix) throws ActionException {
        return callWorld(w -> w.events().stream()
                .filter(e -> e.namespace().equals(namespace) && e.objectName().startsWith(namePrefix)
                        && "Warning".equals(e.type()))
                .toList(), false);
    }

    @Override
    public boolean recordEvent(String kind, String namespace, String name, String reason, String message) {
        return false; // the sandbox shows Warning events only; the audit trail has the record
    }

    // ---- drain: SandboxEvictions is the sandbox's Eviction API ----

    @Override
    public List<DrainPod> podsOnNode(String node) throws ActionException {
        readNode(node);
        return callWorld(w -> w.podsOn(node).stream().map(p -> SandboxEvictions.drainPod(w, p)).toList(), false);
    }

    @Override
    public List<Budget> disruptionBudgets(String namespace) throws ActionException {
        return callWorld(w -> SandboxEvictions.budgets(w, namespace), false);
    }

    @Override
    public String evictionApi() {
        return "policy/v1";
    }

    @Override
    public Eviction evict(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
            throws ActionException {
        return callWorld(w -> SandboxEvictions.evict(w, namespace, name, uid, dryRun), !dryRun);
    }

    @Override
    public Optional<DrainPod> readPod(String namespace, String name) throws ActionException {
        return callWorld(w -> Optional.ofNullable(w.pod(namespace, name)).map(p -> SandboxEvictions.drainPod(w, p)), false);
    }

    @Override
    public void deletePod(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
            throws ActionException {
        String found = callWorld(w -> {
            PodInfo p = w.pod(namespace, name);
            if (p == null) {
                return "";
            }
            if (uid != null && !uid.isEmpty() && !uid.equals(w.uid(p))) {
                return "uid";
            }
            if (!dryRun) {
                w.evictPod(namespace, name);
            }
            return "ok";
        }, !dryRun);
        if (found.isEmpty()) {
            throw new ActionException(Kind.BAD_REQUEST, "No pod " + namespace + "/" + name + " in the sandbox (404 Not Found)");
        }
        if (found.equals("uid")) {
            throw new ActionException(Kind.CONFLICT, "Pod " + namespace + "/" + name + " is another pod now (its UID"
                    + " changed): nothing was deleted");
        }
    }

    @Override
    public List<NodeFit.Node> schedulingNodes() throws ActionException {
        return callWorld(SandboxEvictions::schedulingNodes, false);
    }

    @Override
    public List<DrainPod> podsLabelled(String namespace, Map<String, String> labels) throws ActionException {
        return callWorld(w -> SandboxEvictions.labelled(w, namespace, labels), false);
    }

    private <T> T call(Function<SandboxWorld, T> work, boolean changes, WorkloadRef ref) throws ActionException {
        T t = callWorld(work, changes);
        if (t == null) {
            throw new ActionException(Kind.BAD_REQUEST, "No " + (ref.kind() == WorkloadKind.DEPLOYMENT ? "deployment " : "statefulset ")
                    + ref.namespace() + "/" + ref.name() + " in the sandbox (404 Not Found)");
        }
        return t;
    }

    private <T> T callWorld(Function<SandboxWorld, T> work, boolean changes) throws ActionException {
        try {
            return source.call(work, changes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException(Kind.FAILED, "Interrupted while the sandbox acted", e);
        }
    }
}
