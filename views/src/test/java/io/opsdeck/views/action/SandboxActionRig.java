package io.opsdeck.views.action;

import io.opsdeck.services.action.AccessVerdict;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.Budget;
import io.opsdeck.services.action.ClusterOps;
import io.opsdeck.services.action.DrainPod;
import io.opsdeck.services.action.Eviction;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.Identity;
import io.opsdeck.services.action.Permission;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.overview.Monitor;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.source.Backend;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A live sandbox for the actions' UI tests: the simulated cluster ticking fast, its monitor, and an
 * action pipeline over the sandbox's own {@link SandboxActions} (optionally behind a stub that denies
 * some access), writing its audit trail to a test directory.
 */
public final class SandboxActionRig implements AutoCloseable {
    public static final Duration TICK = Duration.ofMillis(250);

    private final Workers workers = new Workers();
    private final Clock clock = Clock.systemUTC();
    private final Backend sandbox;
    private final Monitor monitor;
    private final Path audit;

    public SandboxActionRig(Path dir) {
        // the sandbox as the console has it: cluster, metrics, its actions and its caches' flushes
        this.sandbox = io.opsdeck.services.sandbox.Sandbox.backend(SandboxSpec.DEFAULT, workers, clock, TICK);
        this.monitor = new Monitor(sandbox, workers.scheduler("overview"), workers.scheduler("metrics"), TICK, clock);
        this.audit = dir.resolve("audit.jsonl");
    }

    /** Starts the sandbox; every overview goes to {@code overviews} (on the monitor's thread). */
    public SandboxActionRig start(Consumer<Overview> overviews) {
        monitor.addListener(overviews);
        monitor.start();
        return this;
    }

    public Overview latest() {
        return monitor.latest().orElse(null);
    }

    /** The views' handle on a pipeline over the sandbox with {@code policy}, refusing the permissions {@code denied} matches. */
    public ActionBackend backend(ContextPolicy policy, Predicate<Permission> denied) {
        ClusterOps ops = new Denying(sandbox.actions(), denied);
        ActionPipeline pipeline = new ActionPipeline(ops, sandbox.caches(), policy, new AuditTrail(audit),
                () -> monitor.latest().map(Overview::cluster).orElse(null), clock);
        return ActionBackend.of(pipeline, workers.scheduler("action-plan"), workers.scheduler("action-run"));
    }

    public ActionBackend backend() {
        return backend(ContextPolicy.OPEN, p -> false);
    }

    public Path auditFile() {
        return audit;
    }

    @Override
    public void close() {
        monitor.close();
        workers.close();
    }

    /** The sandbox's port, with the access review answering "no" where the test says. */
    private record Denying(ClusterOps ops, Predicate<Permission> denied) implements ClusterOps {
        @Override
        public Identity identity() {
            return ops.identity();
        }

        @Override
        public boolean supportsDryRun() {
            return ops.supportsDryRun();
        }

        @Override
        public AccessVerdict access(Permission permission) {
            return denied.test(permission) ? AccessVerdict.denied(permission, "RBAC: no rule grants it to test-user")
                    : ops.access(permission);
        }

        @Override
        public ScaleState readScale(WorkloadRef ref) throws ActionException {
            return ops.readScale(ref);
        }

        @Override
        public void writeScale(WorkloadRef ref, int replicas, String resourceVersion, boolean dryRun) throws ActionException {
            ops.writeScale(ref, replicas, resourceVersion, dryRun);
        }

        @Override
        public WorkloadStatus readStatus(WorkloadRef ref) throws ActionException {
            return ops.readStatus(ref);
        }

        @Override
        public NodeState readNode(String node) throws ActionException {
            return ops.readNode(node);
        }

        @Override
        public void setUnschedulable(String node, boolean unschedulable, boolean dryRun) throws ActionException {
            ops.setUnschedulable(node, unschedulable, dryRun);
        }

        @Override
        public List<ClusterEvent> recentWarnings(String namespace, String namePrefix) throws ActionException {
            return ops.recentWarnings(namespace, namePrefix);
        }

        @Override
        public boolean recordEvent(String kind, String namespace, String name, String reason, String message) {
            return ops.recordEvent(kind, namespace, name, reason, message);
        }

        @Override
        public List<DrainPod> podsOnNode(String node) throws ActionException {
            return ops.podsOnNode(node);
        }

        @Override
        public List<Budget> disruptionBudgets(String namespace) throws ActionException {
            return ops.disruptionBudgets(namespace);
        }

        @Override
        public String evictionApi() throws ActionException {
            return ops.evictionApi();
        }

        @Override
        public Eviction evict(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
                throws ActionException {
            return ops.evict(namespace, name, uid, gracePeriodSeconds, dryRun);
        }

        @Override
        public java.util.Optional<DrainPod> readPod(String namespace, String name) throws ActionException {
            return ops.readPod(namespace, name);
        }

        @Override
        public void deletePod(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
                throws ActionException {
            ops.deletePod(namespace, name, uid, gracePeriodSeconds, dryRun);
        }

        @Override
        public List<io.opsdeck.services.action.NodeFit.Node> schedulingNodes() throws ActionException {
            return ops.schedulingNodes();
        }

        @Override
        public List<DrainPod> podsLabelled(String namespace, java.util.Map<String, String> labels) throws ActionException {
            return ops.podsLabelled(namespace, labels);
        }
    }
}
