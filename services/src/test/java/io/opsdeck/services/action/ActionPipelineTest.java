package io.opsdeck.services.action;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's rules, against an in-memory cluster: what is refused, confirmed, sent, recorded and undone. */
class ActionPipelineTest {
    @TempDir
    Path dir;
    StubCluster.MutableClock clock;
    StubCluster cluster;
    AuditTrail audit;

    @BeforeEach
    void setUp() {
        clock = new StubCluster.MutableClock();
        cluster = new StubCluster(clock);
        audit = new AuditTrail(dir.resolve("state").resolve("audit.jsonl"));
    }

    private ActionPipeline pipeline(ContextPolicy policy) {
        return new ActionPipeline(cluster, policy, audit, () -> null, clock);
    }

    private static ScaleRequest scale(int n) {
        return new ScaleRequest(WorkloadRef.parse("shop/deploy/web"), n, null);
    }

    @Test
    void scalePutsWithTheResourceVersionReadAtPlanningAndRecordsIntentOutcomeAndEvent() throws Exception {
        ActionPipeline p = pipeline(ContextPolicy.OPEN);
        ActionPlan plan = p.plan(scale(5));
        assertThat(plan.title()).isEqualTo("Scale shop/deployment/web from 3 to 5 replicas");
        assertThat(plan.destructive()).isFalse();
        assertThat(plan.permissions()).extracting(Permission::describe).containsExactly(
                "get on deployments/scale (apps) in namespace shop", "update on deployments/scale (apps) in namespace shop");
        List<Integer> intentLinesWhenSent = new CopyOnWriteArrayList<>();
        cluster.beforeWrite = () -> intentLinesWhenSent.add(lines().size());
        ActionCheck check = p.check(plan);
        assertThat(check.allowed()).isTrue();
        assertThat(check.confirmText()).isEmpty();
        assertThat(check.dryRun()).contains("dry run");
        ActionOutcome o = p.run(plan, check, null, ActionProgress.Listener.NONE, new Cancellation());

        assertThat(o.result()).isEqualTo(ActionResult.DONE);
        assertThat(o.exitCode()).isZero();
        assertThat(cluster.sent).containsExactly("scale 5 rv=10 dry", "scale 5 rv=10");
        assertThat(intentLinesWhenSent).containsExactly(1); // the intent was on disk before the request
        assertThat(lines()).hasSize(2);
        assertThat(o.undo()).isEqualTo(scale(3));
        assertThat(cluster.eventsRecorded).singleElement().asString()
                .contains("Deployment web OpsdeckScale").contains("by alice with Opsdeck");
        AuditEntry e = audit.read().get(0);
        assertThat(e.id()).isEqualTo(o.auditId());
        assertThat(e.result()).isEqualTo("done");
        assertThat(e.context()).isEqualTo("prod-eu");
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.undo()).isEqualTo("scale shop/deployment/web --replicas 3");
        assertThat(e.details()).containsEntry("from", 3).containsEntry("to", 5);
        assertThat(ActionPipeline.undoOf(e)).contains(scale(3));
    }

    @Test
    void aChangeMadeBetweenPlanAndRunIsReportedNotOverwritten() throws Exception {
        ActionPipeline p = pipeline(ContextPolicy.OPEN);
        ActionPlan plan = p.plan(scale(5));
        ActionCheck check = p.check(plan);
        cluster.version = 11; // someone else scaled it meanwhile
        ActionOutcome o = p.run(plan, check, null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).isEqualTo(ActionResult.FAILED);
        assertThat(o.exitCode()).isEqualTo(6);
        assertThat(o.message()).contains("changed after it was planned").contains("nothing was changed");
        assertThat(cluster.replicas).isEqualTo(3);
        assertThat(audit.read().get(0).result()).isEqualTo("failed");
    }

    @Test
    void aReadOnlyContextRefusesEverythingAndSendsNothing() throws Exception {
        ActionPipeline p = pipeline(new ContextPolicy(true, false, "--read-only"));
        ActionPlan plan = p.plan(new CordonRequest("node-1", true));
        ActionCheck check = p.check(plan);
        assertThat(check.allowed()).isFalse();
        assertThat(check.refusal()).isEqualTo(ActionResult.REFUSED);
        assertThat(check.reason()).contains("prod-eu is read-only (--read-only)");
        ActionOutcome o = p.run(plan, check, null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(cluster.sent).isEmpty();
        assertThat(audit.read()).singleElement().extracting(AuditEntry::result).isEqualTo("refused");
    }

    @Test
    void aMissingPermissionIsNamedAndNothingIsSent() throws Exception {
        cluster.allowed = perm -> !perm.verb().equals("update");
        ActionPipeline p = pipeline(ContextPolicy.OPEN);
        ActionPlan plan = p.plan(scale(5));
        ActionCheck check = p.check(plan);
        assertThat(check.allowed()).isFalse();
        assertThat(check.refusal()).isEqualTo(ActionResult.FORBIDDEN);
        assertThat(check.reason()).contains("may not update on deployments/scale (apps) in namespace shop");
        assertThat(cluster.sent).as("no dry run either once RBAC refused").isEmpty();
        ActionOutcome o = p.run(plan, check, null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).isEqualTo(ActionResult.FORBIDDEN);
        assertThat(cluster.sent).isEmpty();
    }

    @Test
    void aProtectedContextNeedsItsNameTypedAndScaleToZeroNeedsTheObjectsName() throws Exception {
        ActionPipeline prot = pipeline(new ContextPolicy(false, true, ""));
        ActionPlan plan = prot.plan(scale(4));
        ActionCheck check = prot.check(plan);
        assertThat(check.confirmText()).isEqualTo("prod-eu");
        assertThat(prot.run(plan, check, "web", ActionProgress.Listener.NONE, new Cancellation()).result())
                .isEqualTo(ActionResult.REFUSED);
        assertThat(cluster.replicas).isEqualTo(3);

        ActionPipeline open = pipeline(ContextPolicy.OPEN);
        ActionPlan zero = open.plan(scale(0));
        assertThat(zero.destructive()).isTrue();
        assertThat(zero.warnings()).anyMatch(w -> w.startsWith("Scaling to 0 stops every pod"));
        ActionCheck zeroCheck = open.check(zero);
        assertThat(zeroCheck.confirmText()).isEqualTo("web");
        assertThat(open.run(zero, zeroCheck, "", ActionProgress.Listener.NONE, new Cancellation()).result())
                .isEqualTo(ActionResult.REFUSED);
        assertThat(open.run(zero, zeroCheck, " web ", ActionProgress.Listener.NONE, new Cancellation()).result())
                .isEqualTo(ActionResult.DONE);
        assertThat(cluster.replicas).isZero();
    }

    @Test
    void anAuditTrailThatCannotBeWrittenStopsTheActionBeforeAnyRequest() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the directory should be");
        ActionPipeline p = new ActionPipeline(cluster, ContextPolicy.OPEN, new AuditTrail(blocked.resolve("audit.jsonl")),
                () -> null, clock);
        ActionPlan plan = p.plan(scale(5));
        ActionOutcome o = p.run(plan, p.check(plan), null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).isEqualTo(ActionResult.FAILED);
        assertThat(o.message()).contains("does not act without a record");
        assertThat(cluster.sent).containsExactly("scale 5 rv=10 dry");
        assertThat(cluster.replicas).isEqualTo(3);
    }

    @Test
    void aRolloutThatStallsEndsAsTimeoutWithTheReasonFromWarningEvents() throws Exception {
        cluster.ready = 3;
        cluster.readyStep = 0; // new pods never become ready
        cluster.warnings.add(new io.opsdeck.services.model.ClusterEvent("shop", "Warning", "FailedScheduling", "Pod",
                "web-7d9-x1", "0/12 nodes are available: 12 Insufficient memory.", 4, clock.instant().plusSeconds(5)));
        ActionPipeline p = pipeline(ContextPolicy.OPEN);
        ActionPlan plan = p.plan(new ScaleRequest(WorkloadRef.parse("shop/deployment/web"), 5, Duration.ofSeconds(30)));
        List<ActionProgress> seen = new CopyOnWriteArrayList<>();
        ActionOutcome o = p.run(plan, p.check(plan), null, seen::add, new Cancellation());
        assertThat(o.result()).isEqualTo(ActionResult.TIMEOUT);
        assertThat(o.exitCode()).isEqualTo(5);
        assertThat(o.message()).contains("only 3 of 5 were ready after 30s")
                .contains("FailedScheduling on web-7d9-x1: 0/12 nodes are available");
        assertThat(o.facts()).containsEntry("readyReplicas", 3);
        assertThat(o.undo()).as("a scale that timed out can still be undone").isNotNull();
        assertThat(seen).extracting(ActionProgress::message).anyMatch(m -> m.startsWith("3 of 5 ready"));
    }

    @Test
    void aRolloutThatCompletesIsDoneAndCancelStopsFollowingButKeepsTheScale() throws Exception {
        ActionPipeline p = pipeline(ContextPolicy.OPEN);
        ActionPlan plan = p.plan(new ScaleRequest(WorkloadRef.parse("shop/deployment/web"), 6, Duration.ofMinutes(5)));
        ActionOutcome done = p.run(plan, p.check(plan), null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(done.result()).isEqualTo(ActionResult.DONE);
        assertThat(done.facts()).containsEntry("readyReplicas", 6);

        cluster.readyStep = 0;
        ActionPlan more = p.plan(new ScaleRequest(WorkloadRef.parse("shop/deployment/web"), 9, Duration.ofMinutes(5)));
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        ActionOutcome cancelled = p.run(more, p.check(more), null, ActionProgress.Listener.NONE, cancel);
        assertThat(cancelled.result()).isEqualTo(ActionResult.CANCELLED);
        assertThat(cancelled.message()).contains("was sent and stands");
        assertThat(cluster.replicas).isEqualTo(9);
    }

    @Test
    void cordonPlansThePodsThatStayAndUndoUncordons() throws Exception {
        ActionPipeline p = pipeline(ContextPolicy.OPEN);
        ActionPlan plan = p.plan(new CordonRequest("node-1", true));
        assertThat(plan.items()).extracting(ActionItem::key).containsExactly("shop/web-1");
        assertThat(plan.permissions()).extracting(Permission::describe).containsExactly("patch on nodes");
        ActionOutcome o = p.run(plan, p.check(plan), null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).isEqualTo(ActionResult.DONE);
        assertThat(cluster.unschedulable).isTrue();
        assertThat(o.undo()).isEqualTo(new CordonRequest("node-1", false));
        ActionPlan undo = p.plan(o.undo());
        p.run(undo, p.check(undo), null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(cluster.unschedulable).isFalse();
        assertThat(cluster.sent).containsExactly("cordon node-1 dry", "cordon node-1", "uncordon node-1 dry", "uncordon node-1");
        assertThat(audit.read()).extracting(AuditEntry::action).containsExactly("uncordon", "cordon");
    }

    @Test
    void theTrailIsPrivateAndAnIntentWithoutOutcomeReadsAsIncomplete() throws Exception {
        audit.append(new AuditEntry("a1", Instant.parse("2026-12-07T01:00:00Z").toString(), AuditEntry.INTENT, "prod",
                "https://x", "bob", "scale", "shop/deployment/web", java.util.Map.of("replicas", 2), "Scale …", null, null,
                null, "scale shop/deployment/web --replicas 3", java.util.Map.of()));
        Files.writeString(audit.file(), "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(audit.read()).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo(AuditEntry.INCOMPLETE);
            assertThat(e.message()).contains("stopped while this action ran");
        });
        if (Files.getFileAttributeView(audit.file(), java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit.file()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit.file().getParent()))).isEqualTo("rwx------");
        }
    }

    @Test
    void requestsReadBackFromTheirCommandLines() {
        assertThat(ActionRequests.parse("scale shop/sts/db --replicas 2")).isEqualTo(
                new ScaleRequest(WorkloadRef.parse("shop/statefulset/db"), 2, null));
        assertThat(ActionRequests.parse("scale shop/deploy/web --replicas=4 --wait=90s"))
                .isEqualTo(new ScaleRequest(WorkloadRef.parse("shop/deployment/web"), 4, Duration.ofSeconds(90)));
        assertThat(ActionRequests.parse("uncordon node-1")).isEqualTo(new CordonRequest("node-1", false));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequests.parse("scale shop/daemonset/x --replicas 1"))
                .hasMessageContaining("only a deployment (deploy) or a statefulset (sts) can be scaled");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequests.parse("scale shop/deploy/web --replicas -1"))
                .hasMessageContaining("0 or more");
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }

    private List<String> lines() {
        try {
            return Files.exists(audit.file()) ? Files.readAllLines(audit.file()) : List.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
