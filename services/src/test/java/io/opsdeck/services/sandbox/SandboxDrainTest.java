package io.opsdeck.services.sandbox;

import io.opsdeck.services.action.ActionItem;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.DeletePodRequest;
import io.opsdeck.services.action.DrainOptions;
import io.opsdeck.services.action.DrainRequest;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.PodInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox drains with the API server's semantics: its Redis budget (max unavailable 1) blocks
 * a second drain until the first one's replacement is Ready, DaemonSet pods stay, Grafana's
 * emptyDir asks for --delete-emptydir-data. The world is not ticking: the test moves it.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES) // a drain waiting for ever fails, not hangs
class SandboxDrainTest {
    static final DrainRequest.Pace FAST = new DrainRequest.Pace(Duration.ofMillis(30), Duration.ofMillis(5), 4);
    @TempDir
    Path dir;
    private Workers workers;
    private SandboxClusterSource source;
    private ActionPipeline pipeline;

    @BeforeEach
    void setUp() {
        workers = new Workers();
        source = new SandboxClusterSource(SandboxSpec.DEFAULT, workers.scheduler("sandbox-test"), Duration.ofDays(1),
                Clock.systemUTC());
        pipeline = new ActionPipeline(new SandboxActions(source), ContextPolicy.OPEN,
                new AuditTrail(dir.resolve("audit.jsonl")), () -> null, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        workers.close();
    }

    private <T> T world(java.util.function.Function<SandboxWorld, T> read) throws InterruptedException {
        return source.call(read, false);
    }

    private List<PodInfo> pods() throws InterruptedException {
        return source.call(w -> List.copyOf(w.pods()), false);
    }

    /** A node holding a pod of that prefix, not {@code notOn}, and not Grafana's (whose emptyDir needs a flag). */
    private String nodeOf(String namespace, String namePrefix, String notOn) throws InterruptedException {
        List<PodInfo> all = pods();
        List<String> grafana = all.stream().filter(p -> p.name().startsWith("grafana-")).map(PodInfo::nodeName).toList();
        return all.stream().filter(p -> p.namespace().equals(namespace) && p.name().startsWith(namePrefix)
                        && p.scheduled() && !p.nodeName().equals(notOn) && !grafana.contains(p.nodeName()))
                .map(PodInfo::nodeName).findFirst().orElseThrow();
    }

    private ActionOutcome run(ActionPlan plan) {
        return pipeline.run(plan, pipeline.check(plan), plan.objectName(), ActionProgress.Listener.NONE, new Cancellation());
    }

    private static ActionItem redisRow(List<ActionItem> items) {
        return items.stream().filter(i -> i.namespace().equals("cache") && i.name().startsWith("redis-")).findFirst()
                .orElseThrow();
    }

    @Test
    void theRedisBudgetBlocksASecondDrainUntilTheFirstReplacementIsReady() throws Exception {
        String first = nodeOf("cache", "redis-", "");
        String second = nodeOf("cache", "redis-", first);

        ActionPlan plan = pipeline.plan(new DrainRequest(first, DrainOptions.DEFAULTS, FAST));
        assertThat(redisRow(plan.items()).state()).isEqualTo("evict");
        assertThat(redisRow(plan.items()).pdb()).isEqualTo("cache/redis");
        assertThat(plan.items()).anySatisfy(i -> {
            assertThat(i.state()).isEqualTo("skip");
            assertThat(i.reason()).contains("DaemonSet");
        });
        ActionOutcome drained = run(plan);
        assertThat(drained.result()).isEqualTo(ActionResult.DONE);
        assertThat(redisRow(drained.items()).state()).isEqualTo("evicted");
        assertThat(drained.items()).filteredOn(i -> i.state().equals("skipped")).isNotEmpty()
                .allSatisfy(i -> assertThat(i.reason()).contains("DaemonSet"));
        assertThat(this.<Boolean>world(w -> w.node(first).unschedulable())).isTrue();
        assertThat(this.<Boolean>world(w -> w.podsOn(first).stream().allMatch(p -> p.owner().kind().equals("DaemonSet"))))
                .isTrue();

        ActionPlan again = pipeline.plan(new DrainRequest(second, new DrainOptions(Duration.ofMillis(300), -1, false, false),
                FAST));
        assertThat(redisRow(again.items()).state()).isEqualTo("blocked");
        assertThat(redisRow(again.items()).reason()).contains("cache/redis needs 2 healthy, has 2");
        ActionOutcome blocked = run(again);
        assertThat(blocked.result()).isEqualTo(ActionResult.BLOCKED);
        assertThat(blocked.exitCode()).isEqualTo(5);
        assertThat(redisRow(blocked.items())).satisfies(i -> {
            assertThat(i.state()).isEqualTo("blocked");
            assertThat(i.pdb()).isEqualTo("cache/redis");
            assertThat(i.reason()).contains("cache/redis needs 2 healthy, has 2: waiting for a replacement to become Ready");
        });

        // the StatefulSet makes the evicted pod again, under its own name; it loads its data, then is Ready
        for (int i = 0; i < 3 + SandboxWorld.STATEFUL_WARMUP_TICKS; i++) {
            source.call(w -> {
                w.tick();
                return null;
            }, false);
        }
        String evicted = redisRow(drained.items()).name();
        PodInfo back = pods().stream().filter(p -> p.namespace().equals("cache") && p.name().equals(evicted)).findFirst()
                .orElseThrow();
        assertThat(back.ready()).isTrue();
        assertThat(back.nodeName()).isNotIn(first, second);
        ActionOutcome now = run(pipeline.plan(new DrainRequest(second, DrainOptions.DEFAULTS, FAST)));
        assertThat(now.result()).isEqualTo(ActionResult.DONE);
        assertThat(redisRow(now.items()).state()).isEqualTo("evicted");
    }

    @Test
    void grafanasEmptyDirNeedsTheFlag() throws Exception {
        String node = pods().stream().filter(p -> p.name().startsWith("grafana-")).findFirst().orElseThrow().nodeName();

        ActionPlan plan = pipeline.plan(new DrainRequest(node, DrainOptions.DEFAULTS, FAST));
        ActionItem grafana = plan.items().stream().filter(i -> i.name().startsWith("grafana-")).findFirst().orElseThrow();
        assertThat(grafana.state()).isEqualTo("needs-flag");
        assertThat(grafana.reason()).contains("emptyDir volume storage").contains("--delete-emptydir-data");
        ActionOutcome refused = run(plan);
        assertThat(refused.result()).isEqualTo(ActionResult.REFUSED);
        assertThat(this.<Boolean>world(w -> w.node(node).unschedulable())).isFalse();

        ActionPlan flagged = pipeline.plan(new DrainRequest(node, new DrainOptions(Duration.ZERO, -1, true, false), FAST));
        assertThat(flagged.items().stream().filter(i -> i.name().startsWith("grafana-")).findFirst().orElseThrow().state())
                .isEqualTo("evict");
        assertThat(flagged.destructive()).isTrue();
        // other pods of this node may wait for their budgets: stop once Grafana is gone
        Cancellation cancel = new Cancellation();
        ActionOutcome outcome = pipeline.run(flagged, pipeline.check(flagged), node, p -> {
            if (p.items().stream().anyMatch(i -> i.name().equals(grafana.name()) && i.state().equals("gone"))) {
                cancel.cancel();
            }
        }, cancel);
        assertThat(outcome.items().stream().filter(i -> i.name().startsWith("grafana-")).findFirst().orElseThrow()
                .state()).isEqualTo("evicted");
        assertThat(this.<PodInfo>world(w -> w.pod("monitoring", grafana.name()))).isNull();
    }

    @Test
    void theEscalationDeletesOneBlockedPodAndIsRecordedApart() throws Exception {
        String first = nodeOf("cache", "redis-", "");
        String second = nodeOf("cache", "redis-", first);
        run(pipeline.plan(new DrainRequest(first, DrainOptions.DEFAULTS, FAST)));
        ActionOutcome blocked = run(pipeline.plan(new DrainRequest(second, new DrainOptions(Duration.ofMillis(200), -1,
                false, false), FAST)));
        ActionItem held = redisRow(blocked.items());

        DeletePodRequest escalation = DeletePodRequest.forBlocked(held);
        ActionPlan plan = pipeline.plan(escalation);
        assertThat(plan.destructive()).isTrue();
        assertThat(plan.title()).contains("bypassing the budget cache/redis");
        var check = pipeline.check(plan);
        assertThat(check.confirmText()).isEqualTo(held.name());
        ActionOutcome notTyped = pipeline.run(plan, check, "", ActionProgress.Listener.NONE, new Cancellation());
        assertThat(notTyped.result()).isEqualTo(ActionResult.REFUSED);
        ActionOutcome deleted = pipeline.run(plan, check, held.name(), ActionProgress.Listener.NONE, new Cancellation());
        assertThat(deleted.result()).isEqualTo(ActionResult.DONE);
        assertThat(this.<PodInfo>world(w -> w.pod("cache", held.name()))).isNull();
        assertThat(pipeline.history(1)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("delete-pod");
            assertThat(e.target()).isEqualTo("cache/" + held.name());
        });
    }

    @Test
    void replacementsAreJudgedFromTheViewsSnapshotWhenThereIsOne() throws Exception {
        String node = nodeOf("cache", "redis-", "");
        io.opsdeck.services.model.ClusterSnapshot full = source.call(w -> w.snapshot("sandbox", java.time.Instant.now()), false);
        // the views' snapshot has one other node, nearly full: no replacement fits there
        io.opsdeck.services.model.NodeInfo drained = full.nodes().stream().filter(n -> n.name().equals(node)).findFirst()
                .orElseThrow();
        io.opsdeck.services.model.NodeInfo tiny = new io.opsdeck.services.model.NodeInfo("tiny-1", null, null, "worker",
                true, false, java.util.Set.of(), List.of(), 10, 1 << 20, "v1.30.4", java.util.Map.of());
        io.opsdeck.services.model.ClusterSnapshot seen = new io.opsdeck.services.model.ClusterSnapshot("sandbox",
                full.takenAt(), full.serverVersion(), List.of(drained, tiny), full.pods(), full.workloads(), full.services(),
                full.pdbs(), full.events(), full.namespaces(), List.of());
        ActionPipeline withSnapshot = new ActionPipeline(new SandboxActions(source), ContextPolicy.OPEN,
                new AuditTrail(dir.resolve("audit2.jsonl")), () -> seen, Clock.systemUTC());

        ActionPlan fromSnapshot = withSnapshot.plan(new DrainRequest(node, DrainOptions.DEFAULTS, FAST));
        ActionPlan fromReads = pipeline.plan(new DrainRequest(node, DrainOptions.DEFAULTS, FAST));

        assertThat(redisRow(fromSnapshot.items()).reason()).contains("will likely stay Pending: 0/1 other nodes fit: 1 insufficient");
        assertThat(fromSnapshot.warnings()).anySatisfy(w -> assertThat(w).contains("will likely stay Pending"));
        assertThat(fromReads.warnings()).noneSatisfy(w -> assertThat(w).contains("will likely stay Pending"));
    }
}
