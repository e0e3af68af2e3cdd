package io.opsdeck.services.cache;

import io.opsdeck.services.action.AccessVerdict;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.services.action.ClusterOps;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.Identity;
import io.opsdeck.services.action.Permission;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline for flush tests: a cluster port that allows everything and records the access it was
 * asked for (flushes change no Kubernetes object), the cache port under test, an audit trail in a
 * temporary file.
 */
final class FlushHarness {
    final List<Permission> asked = new ArrayList<>();
    final ActionPipeline pipeline;
    final Path audit;

    FlushHarness(CacheOps caches, Path dir, ClusterSnapshot snapshot) {
        this.audit = dir.resolve("audit.jsonl");
        this.pipeline = new ActionPipeline(new AllowAll(), caches, ContextPolicy.OPEN, new AuditTrail(audit),
                () -> snapshot, Clock.systemUTC());
    }

    /** Plans, checks and runs with {@code typed} as the typed confirmation. */
    ActionOutcome run(ActionPlan plan, String typed) {
        ActionCheck check = pipeline.check(plan);
        return pipeline.run(plan, check, typed, ActionProgress.Listener.NONE, new Cancellation());
    }

    private final class AllowAll implements ClusterOps {
        @Override
        public Identity identity() {
            return new Identity("test", "https://127.0.0.1:6443", "tester", false);
        }

        @Override
        public boolean supportsDryRun() {
            return true;
        }

        @Override
        public AccessVerdict access(Permission permission) {
            asked.add(permission);
            return AccessVerdict.allowed(permission);
        }

        @Override
        public ScaleState readScale(WorkloadRef ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeScale(WorkloadRef ref, int replicas, String resourceVersion, boolean dryRun) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WorkloadStatus readStatus(WorkloadRef ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NodeState readNode(String node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setUnschedulable(String node, boolean unschedulable, boolean dryRun) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ClusterEvent> recentWarnings(String namespace, String namePrefix) {
            return List.of();
        }

        @Override
        public boolean recordEvent(String kind, String namespace, String name, String reason, String message) {
            return false;
        }

        // the drain's part of the port: a flush never asks for it

        @Override
        public List<io.opsdeck.services.action.DrainPod> podsOnNode(String node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.opsdeck.services.action.Budget> disruptionBudgets(String namespace) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String evictionApi() {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.opsdeck.services.action.Eviction evict(String namespace, String name, String uid, long grace, boolean dryRun) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<io.opsdeck.services.action.DrainPod> readPod(String namespace, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deletePod(String namespace, String name, String uid, long grace, boolean dryRun) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.opsdeck.services.action.NodeFit.Node> schedulingNodes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.opsdeck.services.action.DrainPod> podsLabelled(String namespace, java.util.Map<String, String> labels) {
            throw new UnsupportedOperationException();
        }
    }
}
