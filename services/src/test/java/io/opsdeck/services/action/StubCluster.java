package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.PodPhase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A ClusterOps in memory: one workload and one node, with knobs for refusals, conflicts and slow rollouts. */
class StubCluster implements ClusterOps {
    int replicas = 3;
    long version = 10;
    int ready = 3;
    boolean unschedulable;
    Predicate<Permission> allowed = p -> true;
    boolean conflictOnWrite;
    /** How many ready pods a status read adds, towards the target (0: stuck). */
    int readyStep = 100;
    Runnable beforeWrite = () -> { };
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> eventsRecorded = new CopyOnWriteArrayList<>();
    final List<ClusterEvent> warnings = new ArrayList<>();
    String hpa = "";
    final MutableClock clock;

    StubCluster(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public Identity identity() {
        return new Identity("prod-eu", "https://10.0.0.1:6443", "alice", false);
    }

    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public AccessVerdict access(Permission p) {
        return allowed.test(p) ? AccessVerdict.allowed(p) : AccessVerdict.denied(p, "no RBAC policy matched");
    }

    @Override
    public ScaleState readScale(WorkloadRef ref) throws ActionException {
        if (!ref.name().equals("web")) {
            throw new ActionException(ActionException.Kind.BAD_REQUEST, "No deployment " + ref.namespace() + "/" + ref.name());
        }
        return new ScaleState(replicas, String.valueOf(version), hpa, List.of(), Map.of());
    }

    @Override
    public void writeScale(WorkloadRef ref, int n, String resourceVersion, boolean dryRun) throws ActionException {
        sent.add("scale " + n + " rv=" + resourceVersion + (dryRun ? " dry" : ""));
        if (dryRun) {
            return;
        }
        beforeWrite.run();
        if (conflictOnWrite || !resourceVersion.equals(String.valueOf(version))) {
            throw new ActionException(ActionException.Kind.CONFLICT, "changed meanwhile (409 Conflict)");
        }
        replicas = n;
        version++;
        if (ready > n) {
            ready = n;
        }
    }

    @Override
    public WorkloadStatus readStatus(WorkloadRef ref) {
        clock.advance(java.time.Duration.ofSeconds(10));
        ready = Math.min(replicas, ready + readyStep);
        return new WorkloadStatus(replicas, replicas, ready, replicas, 2, 2);
    }

    @Override
    public NodeState readNode(String node) throws ActionException {
        if (!node.equals("node-1")) {
            throw new ActionException(ActionException.Kind.BAD_REQUEST, "No node " + node);
        }
        return new NodeState(node, unschedulable, true, List.of(new DrainPod("shop", "web-1", "uid-1", node,
                PodPhase.RUNNING, true, "ReplicaSet", "web-5d9f", false, List.of(), 30, false,
                Map.of("pod-template-hash", "5d9f"), null, null)));
    }

    @Override
    public void setUnschedulable(String node, boolean value, boolean dryRun) {
        sent.add((value ? "cordon " : "uncordon ") + node + (dryRun ? " dry" : ""));
        if (!dryRun) {
            unschedulable = value;
        }
    }

    @Override
    public List<ClusterEvent> recentWarnings(String namespace, String namePrefix) {
        return List.copyOf(warnings);
    }

    @Override
    public boolean recordEvent(String kind, String namespace, String name, String reason, String message) {
        eventsRecorded.add(kind + " " + name + " " + reason + ": " + message);
        return true;
    }

    static final class MutableClock extends java.time.Clock {
        private volatile Instant now = Instant.parse("2026-12-07T03:00:00Z");

        void advance(java.time.Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Set<String> none() {
        return Set.of();
    }

    // ---- drain: not exercised through this stub (DrainPlannerTest, KubernetesDrainTest, SandboxDrainTest are) ----

    @Override
    public List<DrainPod> podsOnNode(String node) {
        return List.of();
    }

    @Override
    public List<Budget> disruptionBudgets(String namespace) {
        return List.of();
    }

    @Override
    public String evictionApi() {
        return "policy/v1";
    }

    @Override
    public Eviction evict(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun) {
        sent.add("evict " + namespace + "/" + name + (dryRun ? " dryRun" : ""));
        return Eviction.accepted(201);
    }

    @Override
    public java.util.Optional<DrainPod> readPod(String namespace, String name) {
        return java.util.Optional.empty();
    }

    @Override
    public void deletePod(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun) {
        sent.add("delete " + namespace + "/" + name + (dryRun ? " dryRun" : ""));
    }

    @Override
    public List<NodeFit.Node> schedulingNodes() {
        return List.of();
    }

    @Override
    public List<DrainPod> podsLabelled(String namespace, Map<String, String> labels) {
        return List.of();
    }
}
