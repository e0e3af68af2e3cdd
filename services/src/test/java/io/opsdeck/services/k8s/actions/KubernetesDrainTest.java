package io.opsdeck.services.k8s.actions;

import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionItem;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.services.action.CordonRequest;
import io.opsdeck.services.action.DrainOptions;
import io.opsdeck.services.action.DrainRequest;
import io.opsdeck.services.model.PodPhase;
import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.opsdeck.services.k8s.actions.DrainFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain against fabric8's mock API server (CRUD mode; its evictions answer 409, so every
 * eviction is scripted with {@code server.expect()}).
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES) // a drain waiting for ever fails, not hangs
@EnableKubernetesMockClient(crud = true)
class KubernetesDrainTest {
    static final DrainRequest.Pace FAST = new DrainRequest.Pace(Duration.ofMillis(40), Duration.ofMillis(10), 4);
    static final Map<String, String> WEB = Map.of("app", "web", "pod-template-hash", "abc");
    static final Map<String, String> DB = Map.of("app", "db");

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;
    private KubernetesActions ops;
    private ActionPipeline pipeline;

    @BeforeEach
    void setUp() {
        nodes(client, "node-1", "node-2");
        ops = ops(client);
        pipeline = pipeline(ops, dir);
    }

    private DrainRequest drain(DrainOptions options) {
        return new DrainRequest("node-1", options, FAST);
    }

    private static ActionItem row(List<ActionItem> items, String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void thePlanListsEveryPodWithItsVerdictItsBudgetAndTheServersDryRun() throws Exception {
        evictionIn(server, "v1");
        create(server, client, pod("kube-system", "kube-proxy-a", "node-1", "DaemonSet", Map.of("k", "p"), null),
                pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null),
                pod("payments", "db-0", "node-1", "StatefulSet", DB, null),
                pod("shop", "scratch-1", "node-1", "ReplicaSet", Map.of("app", "scratch"), "cache"),
                pod("shop", "debug", "node-1", "", Map.of("run", "debug"), null),
                pod("shop", "elsewhere", "node-2", "ReplicaSet", WEB, null));
        budget(client, "shop", "web-pdb", Map.of("app", "web"), 3, 2, 1);
        budget(client, "payments", "db-pdb", DB, 2, 2, 0);
        List<String> dryRunBodies = new CopyOnWriteArrayList<>();
        server.expect().post().withPath(evictionPath("shop", "web-1") + "?dryRun=All").andReply(201, r -> {
            dryRunBodies.add(r.getUtf8Body());
            return "{}";
        }).always();
        server.expect().post().withPath(evictionPath("payments", "db-0") + "?dryRun=All")
                .andReturn(429, tooManyRequests("db-pdb", 2, 2)).always();

        requests(); // the set-up's own requests
        ActionPlan plan = pipeline.plan(drain(DrainOptions.DEFAULTS));

        assertThat(plan.items()).extracting(ActionItem::name)
                .containsExactlyInAnyOrder("kube-proxy-a", "web-1", "db-0", "scratch-1", "debug");
        assertThat(row(plan.items(), "kube-proxy-a").state()).isEqualTo("skip");
        assertThat(row(plan.items(), "web-1").state()).isEqualTo("evict");
        assertThat(row(plan.items(), "web-1").pdb()).isEqualTo("shop/web-pdb");
        assertThat(row(plan.items(), "web-1").reason()).contains("allows 1 disruption now");
        assertThat(row(plan.items(), "db-0").state()).isEqualTo("blocked");
        assertThat(row(plan.items(), "db-0").pdb()).isEqualTo("payments/db-pdb");
        assertThat(row(plan.items(), "db-0").reason())
                .contains("payments/db-pdb needs 2 healthy, has 2: waiting for a replacement to become Ready");
        assertThat(row(plan.items(), "scratch-1").state()).isEqualTo("needs-flag");
        assertThat(row(plan.items(), "scratch-1").reason()).contains("--delete-emptydir-data");
        assertThat(row(plan.items(), "debug").state()).isEqualTo("needs-flag");
        assertThat(row(plan.items(), "debug").reason()).contains("--force");
        assertThat(plan.blocker()).contains("--delete-emptydir-data").contains("--force");
        assertThat(plan.facts()).containsEntry("evictionApi", "policy/v1").containsEntry("blocked", 1);
        assertThat(dryRunBodies).singleElement().satisfies(b -> assertThat(b.replace(" ", ""))
                .contains("\"apiVersion\":\"policy/v1\"").contains("\"dryRun\":[\"All\"]")
                .contains("\"uid\":\"" + client.pods().inNamespace("shop").withName("web-1").get().getMetadata().getUid() + "\""));
        assertThat(plan.undo()).contains("do not come back");

        access(server);
        ActionCheck refused = pipeline.check(plan);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusal()).isEqualTo(ActionResult.REFUSED);

        server.expect().post().withPath(evictionPath("shop", "scratch-1") + "?dryRun=All").andReturn(201, "{}").always();
        server.expect().post().withPath(evictionPath("shop", "debug") + "?dryRun=All").andReturn(201, "{}").always();
        ActionPlan flagged = pipeline.plan(drain(new DrainOptions(Duration.ofMinutes(5), -1, true, true)));
        assertThat(flagged.blocker()).isEmpty();
        assertThat(row(flagged.items(), "scratch-1").state()).isEqualTo("evict");
        assertThat(flagged.destructive()).isTrue();
        // planning and the dry run (what --dry-run does) change nothing, not even the cordon: every request
        // that would change something carries dryRun=All
        ActionCheck flaggedCheck = pipeline.check(flagged);
        assertThat(flaggedCheck.dryRun()).contains("accepts the cordon of node-1 (dry run)");
        assertThat(pipeline.dryRun(flagged, flaggedCheck).result()).isEqualTo(ActionResult.PLANNED);
        assertThat(requests()).filteredOn(r -> !r.startsWith("GET") && !r.contains("selfsubjectaccessreviews"))
                .isNotEmpty().allSatisfy(r -> assertThat(r).contains("dryRun=All"));
    }

    @Test
    void podsInANamespaceWhoseBudgetsAreRefusedSayTheirBudgetIsUnknown() throws Exception {
        evictionIn(server, "v1");
        create(server, client, pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null),
                pod("payments", "db-0", "node-1", "StatefulSet", DB, null));
        budget(client, "payments", "db-pdb", DB, 2, 1, 1);
        server.expect().get().withPath("/apis/policy/v1/namespaces/shop/poddisruptionbudgets").andReturn(403,
                status(403, "poddisruptionbudgets.policy is forbidden: User \"oncall\" cannot list resource"
                        + " \"poddisruptionbudgets\" in API group \"policy\" in the namespace \"shop\"")).always();
        server.expect().post().withPath(evictionPath("shop", "web-1") + "?dryRun=All").andReturn(201, "{}").always();
        server.expect().post().withPath(evictionPath("payments", "db-0") + "?dryRun=All").andReturn(201, "{}").always();

        ActionPlan plan = pipeline.plan(drain(DrainOptions.DEFAULTS));

        ActionItem web = row(plan.items(), "web-1");
        assertThat(web.state()).isEqualTo("evict");
        assertThat(web.pdb()).isEqualTo("unknown");
        assertThat(web.reason()).startsWith("Its budget is unknown (this user may not list poddisruptionbudgets (policy)"
                + " in namespace shop): a PodDisruptionBudget may hold it");
        assertThat(row(plan.items(), "db-0").pdb()).as("a namespace whose budgets were read").isEqualTo("payments/db-pdb");
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("Could not read the PodDisruptionBudgets of namespace shop"));
    }

    @Test
    void theRunCordonsEvictsRetriesTheBudgetAndGoesOnPastAFailure() throws Exception {
        evictionIn(server, "v1");
        access(server);
        create(server, client, pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null),
                pod("payments", "db-0", "node-1", "StatefulSet", DB, null),
                pod("shop", "gone-1", "node-1", "ReplicaSet", Map.of("app", "gone"), null),
                pod("shop", "bad-1", "node-1", "ReplicaSet", Map.of("app", "bad"), null));
        budget(client, "payments", "db-pdb", DB, 2, 2, 0);
        server.expect().post().withPath(evictionPath("shop", "web-1")).andReturn(201, "{}").once();
        server.expect().get().withPath(podPath("shop", "web-1")).andReturn(404, status(404, "pods \"web-1\" not found")).always();
        server.expect().post().withPath(evictionPath("payments", "db-0")).andReturn(429, tooManyRequests("db-pdb", 2, 2)).times(2);
        server.expect().post().withPath(evictionPath("payments", "db-0")).andReturn(201, "{}").once();
        // the StatefulSet made db-0 again: same name, another UID
        server.expect().get().withPath(podPath("payments", "db-0")).andReturn(200,
                client.getKubernetesSerialization().asJson(pod("payments", "db-0", "node-2", "StatefulSet", DB, null)
                        .edit().editMetadata().withUid("uid-db-0-new").endMetadata().build())).always();
        server.expect().post().withPath(evictionPath("shop", "gone-1")).andReturn(404, status(404, "pods \"gone-1\" not found")).once();
        server.expect().post().withPath(evictionPath("shop", "bad-1")).andReturn(500, status(500, "etcdserver: request timed out")).once();
        List<ActionProgress> seen = new CopyOnWriteArrayList<>();
        ActionProgress.Listener listener = p -> {
            seen.add(p);
            if (p.items().stream().anyMatch(i -> i.name().equals("web-1") && i.state().equals("terminating"))
                    && client.pods().inNamespace("shop").withName("web-2").get() == null) {
                // web-1's ReplicaSet starts its replacement on node-2
                client.pods().resource(pod("shop", "web-2", "node-2", "ReplicaSet", WEB, null).edit().editMetadata()
                        .editFirstOwnerReference().withName("web-1-owner").endOwnerReference().endMetadata().build()).create();
            }
        };

        ActionPlan plan = pipeline.plan(drain(DrainOptions.DEFAULTS));
        ActionOutcome outcome = pipeline.run(plan, pipeline.check(plan), "", listener, new Cancellation());

        assertThat(cordoned(client, "node-1")).isTrue();
        assertThat(outcome.result()).isEqualTo(ActionResult.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(6);
        assertThat(row(outcome.items(), "web-1").state()).isEqualTo("evicted");
        assertThat(row(outcome.items(), "web-1").node()).isEqualTo("node-2");
        assertThat(row(outcome.items(), "db-0").state()).isEqualTo("evicted");
        assertThat(row(outcome.items(), "db-0").reason()).contains("new pod of the same name");
        assertThat(row(outcome.items(), "gone-1").state()).isEqualTo("evicted");
        assertThat(row(outcome.items(), "bad-1").state()).isEqualTo("failed");
        assertThat(row(outcome.items(), "bad-1").reason()).contains("500").contains("etcdserver: request timed out");
        assertThat(outcome.message()).contains("Evicted 3").contains("failed 1").contains("shop/bad-1")
                .contains("shop/web-1 → node-2");
        assertThat(outcome.undo()).isEqualTo(new CordonRequest("node-1", false));
        // while the budget held it, db-0's row named the budget and what it waits for
        assertThat(seen.stream().flatMap(p -> p.items().stream())
                .filter(i -> i.name().equals("db-0") && i.state().equals("blocked"))).first().satisfies(i -> {
                    assertThat(i.pdb()).isEqualTo("payments/db-pdb");
                    assertThat(i.reason()).contains("payments/db-pdb needs 2 healthy, has 2: waiting for a replacement to become Ready");
                });
        assertThat(outcome.facts()).containsEntry("evicted", 3).containsEntry("failed", 1);
        assertThat(methods()).doesNotContain("DELETE");
    }

    @Test
    void aLostReadCostsARoundNotTheDrain() throws Exception {
        evictionIn(server, "v1");
        access(server);
        create(server, client, pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null));
        server.expect().post().withPath(evictionPath("shop", "web-1")).andReturn(201, "{}").once();
        server.expect().get().withPath(podPath("shop", "web-1")).andReturn(500, status(500, "connection reset")).times(2);
        server.expect().get().withPath(podPath("shop", "web-1")).andReturn(404, status(404, "not found")).always();
        List<String> reasons = new CopyOnWriteArrayList<>();

        ActionPlan plan = pipeline.plan(drain(DrainOptions.DEFAULTS));
        ActionOutcome outcome = pipeline.run(plan, pipeline.check(plan), "",
                p -> p.items().forEach(i -> reasons.add(i.reason())), new Cancellation());

        assertThat(outcome.result()).isEqualTo(ActionResult.DONE);
        assertThat(outcome.exitCode()).isZero();
        assertThat(row(outcome.items(), "web-1").state()).isEqualTo("evicted");
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("Could not read").contains("asking again"));
        assertThat(outcome.message()).startsWith("Drained node-1.");
    }

    @Test
    void anOldServerGetsPolicyV1beta1EvictionsAndBudgets() throws Exception {
        evictionIn(server, "v1beta1");
        access(server);
        server.expect().get().withPath("/apis/policy/v1/namespaces/shop/poddisruptionbudgets")
                .andReturn(404, status(404, "the server could not find the requested resource")).always();
        client.policy().v1beta1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withNamespace("shop").withName("web-pdb").endMetadata().withNewSpec()
                .withMaxUnavailable(new IntOrString(1)).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .endSpec().withNewStatus().withCurrentHealthy(3).withDesiredHealthy(3).withExpectedPods(3)
                .withDisruptionsAllowed(0).endStatus().build()).create();
        create(server, client, pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null));
        List<String> bodies = new CopyOnWriteArrayList<>();
        server.expect().post().withPath(evictionPath("shop", "web-1") + "?dryRun=All").andReply(429, r -> {
            bodies.add(r.getUtf8Body());
            return tooManyRequests("web-pdb", 3, 3);
        }).always();

        ActionPlan plan = pipeline.plan(drain(DrainOptions.DEFAULTS));

        assertThat(plan.facts()).containsEntry("evictionApi", "policy/v1beta1");
        assertThat(row(plan.items(), "web-1").state()).isEqualTo("blocked");
        assertThat(row(plan.items(), "web-1").pdb()).isEqualTo("shop/web-pdb");
        assertThat(row(plan.items(), "web-1").reason()).contains("max unavailable 1");
        assertThat(bodies).singleElement().satisfies(b -> assertThat(b.replace(" ", ""))
                .contains("\"apiVersion\":\"policy/v1beta1\""));
    }

    @Test
    void aUserWhoMayNotEvictSeesWhichNamespacesAreRefusedBeforeStarting() throws Exception {
        evictionIn(server, "v1");
        List<String> asked = access(server, "\"namespace\":\"payments\"", "\"namespace\":\"batch\"");
        create(server, client, pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null),
                pod("payments", "db-0", "node-1", "StatefulSet", DB, null),
                pod("batch", "job-1", "node-1", "Job", Map.of("job", "1"), null));
        server.expect().post().withPath(evictionPath("shop", "web-1") + "?dryRun=All").andReturn(201, "{}").always();
        server.expect().post().withPath(evictionPath("payments", "db-0") + "?dryRun=All")
                .andReturn(403, status(403, "pods \"db-0\" is forbidden")).always();
        server.expect().post().withPath(evictionPath("batch", "job-1") + "?dryRun=All")
                .andReturn(403, status(403, "pods \"job-1\" is forbidden")).always();

        ActionPlan plan = pipeline.plan(drain(DrainOptions.DEFAULTS));
        ActionCheck check = pipeline.check(plan);

        assertThat(check.allowed()).isFalse();
        assertThat(check.refusal()).isEqualTo(ActionResult.FORBIDDEN);
        assertThat(check.reason()).contains("create on pods/eviction in namespaces batch, payments");
        assertThat(check.reason()).doesNotContain("shop");
        assertThat(asked).anySatisfy(b -> assertThat(b.replace(" ", "")).contains("\"subresource\":\"eviction\"")
                .contains("\"namespace\":\"shop\""));
        assertThat(row(plan.items(), "db-0").reason()).contains("may not evict pods in namespace payments");
        ActionOutcome outcome = pipeline.run(plan, check, "", ActionProgress.Listener.NONE, new Cancellation());
        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(cordoned(client, "node-1")).isFalse();
    }

    @Test
    void cancelStopsEvictingLeavesTheNodeCordonedAndSaysWhatRemains() throws Exception {
        evictionIn(server, "v1");
        access(server);
        create(server, client, pod("payments", "db-0", "node-1", "StatefulSet", DB, null),
                pod("payments", "db-1", "node-1", "StatefulSet", DB, null));
        budget(client, "payments", "db-pdb", DB, 3, 3, 0);
        server.expect().post().withPath(evictionPath("payments", "db-0")).andReturn(429, tooManyRequests("db-pdb", 3, 3)).always();
        server.expect().post().withPath(evictionPath("payments", "db-1")).andReturn(429, tooManyRequests("db-pdb", 3, 3)).always();
        Cancellation cancel = new Cancellation();

        ActionPlan plan = pipeline.plan(drain(new DrainOptions(Duration.ZERO, -1, false, false)));
        ActionOutcome outcome = pipeline.run(plan, pipeline.check(plan), "", p -> {
            if (p.items().stream().anyMatch(i -> i.state().equals("blocked"))) {
                cancel.cancel();
            }
        }, cancel);

        assertThat(outcome.result()).isEqualTo(ActionResult.CANCELLED);
        assertThat(outcome.exitCode()).isEqualTo(5);
        assertThat(outcome.message()).contains("cancelled").contains("stays cordoned").contains("payments/db-0")
                .contains("payments/db-1");
        assertThat(outcome.items()).extracting(ActionItem::state).doesNotContain("evicted");
        assertThat(cordoned(client, "node-1")).isTrue();
        assertThat(outcome.undo()).isEqualTo(new CordonRequest("node-1", false));
    }

    @Test
    void aTimeoutEndsTheDrainAsBlockedWithTheTable() throws Exception {
        evictionIn(server, "v1");
        access(server);
        create(server, client, pod("payments", "db-0", "node-1", "StatefulSet", DB, null),
                pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null));
        server.expect().post().withPath(evictionPath("payments", "db-0")).andReturn(429, tooManyRequests("db-pdb", 2, 2)).always();
        server.expect().post().withPath(evictionPath("shop", "web-1")).andReturn(201, "{}").once();
        server.expect().get().withPath(podPath("shop", "web-1")).andReturn(404, status(404, "not found")).always();

        // long enough for web-1 to go on a loaded machine; db-0 is held for ever, so the drain ends at the timeout
        ActionPlan plan = pipeline.plan(drain(new DrainOptions(Duration.ofSeconds(3), -1, false, false)));
        ActionOutcome outcome = pipeline.run(plan, pipeline.check(plan), "", ActionProgress.Listener.NONE, new Cancellation());

        assertThat(outcome.result()).isEqualTo(ActionResult.BLOCKED);
        assertThat(outcome.exitCode()).isEqualTo(5);
        assertThat(row(outcome.items(), "db-0").state()).isEqualTo("blocked");
        assertThat(row(outcome.items(), "db-0").pdb()).isEqualTo("payments/db-pdb");
        assertThat(row(outcome.items(), "web-1").state()).isEqualTo("evicted");
        assertThat(outcome.message()).contains("did not finish within 3s").contains("held by payments/db-pdb");
        assertThat(pipeline.history(1)).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo("blocked");
            assertThat(e.undo()).isEqualTo("uncordon node-1");
        });
    }

    @Test
    void aPodThatTerminatesSlowlyIsRemainingAtTheTimeout() throws Exception {
        evictionIn(server, "v1");
        access(server);
        create(server, client, pod("shop", "web-1", "node-1", "ReplicaSet", WEB, null));
        server.expect().post().withPath(evictionPath("shop", "web-1")).andReturn(201, "{}").once();

        ActionPlan plan = pipeline.plan(drain(new DrainOptions(Duration.ofMillis(200), 10, false, false)));
        ActionOutcome outcome = pipeline.run(plan, pipeline.check(plan), "", ActionProgress.Listener.NONE, new Cancellation());

        assertThat(outcome.result()).isEqualTo(ActionResult.TIMEOUT);
        assertThat(row(outcome.items(), "web-1").state()).isEqualTo("remaining");
        assertThat(row(outcome.items(), "web-1").reason()).contains("grace period 10 s");
        assertThat(ops.readPod("shop", "web-1")).get().extracting(p -> p.phase()).isEqualTo(PodPhase.RUNNING);
    }

    @Test
    void theEscalationDeletesWithTheUidAsPreconditionOnlyWhereRbacAllowsIt() throws Exception {
        evictionIn(server, "v1");
        create(server, client, pod("payments", "db-0", "node-1", "StatefulSet", DB, null));
        String uid = client.pods().inNamespace("payments").withName("db-0").get().getMetadata().getUid();
        List<String> deletes = new CopyOnWriteArrayList<>();
        server.expect().delete().withPath(podPath("payments", "db-0")).andReply(200, r -> {
            deletes.add(r.getUtf8Body());
            return "{}";
        }).always();
        io.opsdeck.services.action.DeletePodRequest escalation =
                new io.opsdeck.services.action.DeletePodRequest("payments", "db-0", "payments/db-pdb");

        java.util.concurrent.atomic.AtomicBoolean mayDelete = new java.util.concurrent.atomic.AtomicBoolean();
        server.expect().post().withPath(SSAR).andReply(201, r -> "{\"status\":{\"allowed\":"
                + (mayDelete.get() || !r.getUtf8Body().replace(" ", "").contains("\"verb\":\"delete\"")) + "}}").always();
        ActionPlan plan = pipeline.plan(escalation);
        ActionCheck refused = pipeline.check(plan);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains("may not delete on pods in namespace payments");
        assertThat(pipeline.run(plan, refused, "db-0", ActionProgress.Listener.NONE, new Cancellation()).exitCode())
                .isEqualTo(4);
        assertThat(deletes).isEmpty();

        mayDelete.set(true);
        ActionPipeline allowed = pipeline(ops(client), dir); // a new adapter: the refusal was cached
        plan = allowed.plan(escalation);
        ActionCheck check = allowed.check(plan);
        assertThat(check.confirmText()).isEqualTo("db-0");
        ActionOutcome outcome = allowed.run(plan, check, "db-0", ActionProgress.Listener.NONE, new Cancellation());

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ActionResult.DONE);
        assertThat(deletes).filteredOn(b -> !b.contains("All")).singleElement()
                .satisfies(b -> assertThat(b.replace(" ", "")).contains("\"uid\":\"" + uid + "\""));
        assertThat(allowed.history(1)).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo("delete-pod"));
    }

    private List<String> methods() throws InterruptedException {
        return requests().stream().map(r -> r.substring(0, r.indexOf(' '))).toList();
    }

    /** Every request the server got so far, as {@code METHOD path}. */
    private List<String> requests() throws InterruptedException {
        List<String> out = new java.util.ArrayList<>();
        int n = server.getRequestCount();
        for (int i = 0; i < n; i++) {
            var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
            if (r == null) {
                break;
            }
            out.add(r.getMethod() + " " + r.getPath());
        }
        return out;
    }
}
