package io.opsdeck.services.action;

import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.Taint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The drain's plan as pure functions: kubectl's filters, the budgets, where replacements can go. */
class DrainPlannerTest {
    private static final DrainOptions PLAIN = DrainOptions.DEFAULTS;
    private static final long GIB = 1L << 30;

    static DrainPod pod(String ns, String name, String controllerKind, Map<String, String> labels) {
        return new DrainPod(ns, name, "uid-" + name, "node-1", PodPhase.RUNNING, true, controllerKind,
                controllerKind.isEmpty() ? "" : name + "-owner", false, List.of(), 30, false, labels,
                new NodeFit.Needs(Map.of(), List.of(), List.of(), 500, GIB), null);
    }

    static Budget budget(String ns, String name, Map<String, String> selector, int healthy, int desired, int allowed) {
        return new Budget(ns, name, selector, List.of(), true, String.valueOf(desired), "", healthy, desired, healthy,
                allowed, false);
    }

    private static DrainPod withEmptyDir(DrainPod p) {
        return new DrainPod(p.namespace(), p.name(), p.uid(), p.nodeName(), p.phase(), p.ready(), p.controllerKind(),
                p.controllerName(), false, List.of("cache"), 30, false, p.labels(), p.needs(), null);
    }

    private static DrainPod notReady(DrainPod p) {
        return new DrainPod(p.namespace(), p.name(), p.uid(), p.nodeName(), p.phase(), false, p.controllerKind(),
                p.controllerName(), p.mirror(), p.emptyDirVolumes(), 30, false, p.labels(), p.needs(), null);
    }

    @Test
    void kubectlsFiltersSkipDaemonSetAndMirrorPodsAndAskForFlags() {
        DrainPod ds = pod("kube-system", "kube-proxy-x", "DaemonSet", Map.of());
        DrainPod mirror = new DrainPod("kube-system", "etcd-node-1", "u", "node-1", PodPhase.RUNNING, true, "Node",
                "node-1", true, List.of(), 30, false, Map.of(), null, null);
        DrainPod emptyDir = withEmptyDir(pod("shop", "web-1", "ReplicaSet", Map.of()));
        DrainPod bare = pod("shop", "debug", "", Map.of());
        DrainPod finished = new DrainPod("batch", "job-1", "u", "node-1", PodPhase.SUCCEEDED, false, "", "", false,
                List.of("tmp"), 30, false, Map.of(), null, null);

        assertThat(DrainPlanner.classify(ds, PLAIN).state()).isEqualTo("skip");
        assertThat(DrainPlanner.classify(ds, PLAIN).reason()).contains("DaemonSet");
        assertThat(DrainPlanner.classify(mirror, PLAIN).state()).isEqualTo("skip");
        assertThat(DrainPlanner.classify(emptyDir, PLAIN).state()).isEqualTo("needs-flag");
        assertThat(DrainPlanner.classify(emptyDir, PLAIN).reason()).contains("--delete-emptydir-data").contains("cache");
        assertThat(DrainPlanner.classify(bare, PLAIN).state()).isEqualTo("needs-flag");
        assertThat(DrainPlanner.classify(bare, PLAIN).reason()).contains("--force");
        // a finished pod goes whatever its volumes and owner, as in kubectl
        assertThat(DrainPlanner.classify(finished, PLAIN).state()).isEqualTo("evict");

        DrainOptions flags = new DrainOptions(Duration.ofMinutes(1), -1, true, true);
        assertThat(DrainPlanner.classify(emptyDir, flags).state()).isEqualTo("evict");
        assertThat(DrainPlanner.classify(emptyDir, flags).reason()).contains("lost");
        assertThat(DrainPlanner.classify(bare, flags).state()).isEqualTo("evict");
        assertThat(DrainPlanner.classify(bare, flags).reason()).contains("will not come back");
    }

    @Test
    void aBudgetThatAllowsNoDisruptionBlocksItsPods() {
        DrainPod db = pod("payments", "db-0", "StatefulSet", Map.of("app", "db"));
        DrainPod web = pod("payments", "web-1", "ReplicaSet", Map.of("app", "web"));
        List<DrainPlanner.Row> rows = DrainPlanner.plan(List.of(db, web),
                List.of(budget("payments", "db-pdb", Map.of("app", "db"), 2, 2, 0)), PLAIN);

        assertThat(rows).extracting(DrainPlanner.Row::state).containsExactly("blocked", "evict");
        assertThat(rows.get(0).pdb()).isEqualTo("payments/db-pdb");
        assertThat(rows.get(0).reason()).contains("allows no disruption now").contains("2 of 2 healthy");
        assertThat(rows.get(1).pdb()).isEmpty();
    }

    @Test
    void aBudgetThatAllowsFewerDisruptionsThanTheNodeHoldsBlocksTheRest() {
        Map<String, String> app = Map.of("app", "cache");
        List<DrainPlanner.Row> rows = DrainPlanner.plan(
                List.of(pod("c", "r-0", "StatefulSet", app), pod("c", "r-1", "StatefulSet", app),
                        pod("c", "r-2", "StatefulSet", app)),
                List.of(budget("c", "redis", app, 5, 4, 1)), PLAIN);

        assertThat(rows).extracting(DrainPlanner.Row::state).containsExactly("evict", "blocked", "blocked");
        assertThat(rows.get(1).reason()).contains("allows 1 disruption now and this node holds 3");
    }

    @Test
    void anUnreadyPodGoesWhileItsBudgetIsHealthyAndTwoBudgetsAreRefused() {
        Map<String, String> app = Map.of("app", "api");
        DrainPod sick = notReady(pod("shop", "api-1", "ReplicaSet", app));
        List<DrainPlanner.Row> healthy = DrainPlanner.plan(List.of(sick), List.of(budget("shop", "api", app, 3, 3, 0)), PLAIN);
        assertThat(healthy.get(0).state()).isEqualTo("evict");
        assertThat(healthy.get(0).reason()).contains("lets unhealthy pods go");

        List<DrainPlanner.Row> unhealthy = DrainPlanner.plan(List.of(sick), List.of(budget("shop", "api", app, 1, 3, 0)), PLAIN);
        assertThat(unhealthy.get(0).state()).isEqualTo("blocked");

        List<DrainPlanner.Row> two = DrainPlanner.plan(List.of(pod("shop", "api-2", "ReplicaSet", app)),
                List.of(budget("shop", "api", app, 3, 1, 2), budget("shop", "all", Map.of(), 3, 1, 2)), PLAIN);
        assertThat(two.get(0).state()).isEqualTo("blocked");
        assertThat(two.get(0).reason()).contains("More than one PodDisruptionBudget");
    }

    @Test
    void anEmptySelectorSelectsAllInPolicyV1AndNothingInV1beta1() {
        Budget v1 = new Budget("shop", "all", Map.of(), List.of(), true, "1", "", 1, 1, 1, 0, false);
        Budget v1beta1 = new Budget("shop", "all", Map.of(), List.of(), false, "1", "", 1, 1, 1, 0, false);
        assertThat(v1.selects("shop", Map.of("app", "x"))).isTrue();
        assertThat(v1.selects("other", Map.of("app", "x"))).isFalse();
        assertThat(v1beta1.selects("shop", Map.of("app", "x"))).isFalse();
        Budget expr = new Budget("shop", "tier", Map.of(), List.of(new NodeFit.Requirement("tier", "In", List.of("db"))),
                true, "1", "", 1, 1, 1, 0, false);
        assertThat(expr.selects("shop", Map.of("tier", "db"))).isTrue();
        assertThat(expr.selects("shop", Map.of("tier", "web"))).isFalse();
    }

    @Test
    void replacementsThatNoOtherNodeFitsStayPending() {
        NodeFit.Node drained = new NodeFit.Node("node-1", true, true, Map.of(), List.of(), 8000, 32 * GIB);
        NodeFit.Node tainted = new NodeFit.Node("gpu-1", true, false, Map.of("pool", "gpu"),
                List.of(new Taint("nvidia.com/gpu", "", "NoSchedule")), 8000, 32 * GIB);
        NodeFit.Node small = new NodeFit.Node("small-1", true, false, Map.of("pool", "general"), List.of(), 8000, 2 * GIB);
        DrainPod big = new DrainPod("shop", "big", "u1", "node-1", PodPhase.RUNNING, true, "ReplicaSet", "big-x", false,
                List.of(), 30, false, Map.of(), new NodeFit.Needs(Map.of(), List.of(), List.of(), 500, 4 * GIB), null);
        DrainPod gpu = new DrainPod("ml", "train", "u2", "node-1", PodPhase.RUNNING, true, "ReplicaSet", "train-x", false,
                List.of(), 30, false, Map.of(), new NodeFit.Needs(Map.of("pool", "gpu"),
                List.of(new NodeFit.Toleration("nvidia.com/gpu", "Exists", "", "NoSchedule")), List.of(), 500, GIB), null);
        DrainPod pinned = new DrainPod("ml", "pinned", "u3", "node-1", PodPhase.RUNNING, true, "ReplicaSet", "p-x", false,
                List.of(), 30, false, Map.of(), new NodeFit.Needs(Map.of(), List.of(),
                List.of(List.of(new NodeFit.Requirement("metadata.name", "In", List.of("node-1")))), 10, 1), null);
        List<DrainPlanner.Row> rows = DrainPlanner.plan(List.of(big, gpu, pinned), List.of(), PLAIN);

        Map<String, String> pending = DrainPlanner.staysPending(rows, List.of(drained, tainted, small), "node-1");

        assertThat(pending).containsOnlyKeys("shop/big", "ml/pinned");
        assertThat(pending.get("shop/big")).contains("0/2 other nodes fit").contains("1 insufficient memory")
                .contains("1 untolerated taint");
        assertThat(pending.get("ml/pinned")).contains("1 didn't match the required node affinity").contains("1 untolerated taint");
    }

    @Test
    void theBudgetsCauseIsReadFromA429() {
        Eviction e = Eviction.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.",
                "DisruptionBudget: The disruption budget db-pdb needs 2 healthy pods and has 2 currently");
        assertThat(e.kind()).isEqualTo(Eviction.Kind.BUDGET);
        assertThat(e.waitingFor("payments"))
                .isEqualTo("payments/db-pdb needs 2 healthy, has 2: waiting for a replacement to become Ready");
        Eviction flowControl = Eviction.tooManyRequests("Too many requests, please try again later.", "");
        assertThat(flowControl.kind()).isEqualTo(Eviction.Kind.RETRY);
    }
}
