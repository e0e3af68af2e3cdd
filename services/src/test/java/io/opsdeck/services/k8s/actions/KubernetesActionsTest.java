package io.opsdeck.services.k8s.actions;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.CordonRequest;
import io.opsdeck.services.action.Identity;
import io.opsdeck.services.action.Permission;
import io.opsdeck.services.action.ScaleRequest;
import io.opsdeck.services.action.WorkloadRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The requests actions send to a real API server's paths, against fabric8's mock server: CRUD for
 * objects, expectations for the scale subresource, access reviews, conflicts and refusals.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesActionsTest {
    KubernetesMockServer server; // one per test: expectations do not leak between tests
    KubernetesClient client;

    @TempDir
    Path dir;
    KubernetesActions ops;
    ActionPipeline pipeline;

    private static final String SCALE = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
    private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    @BeforeEach
    void setUp() throws Exception {
        drain();
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .withNamespace("shop").addToLabels("app", "web").endMetadata().withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withReplicas(2).withReadyReplicas(2).withUpdatedReplicas(2).endStatus().build()).createOr(r -> r.update());
        ops = new KubernetesActions(new KubeRest(client, Duration.ofSeconds(5)),
                new Identity("prod", "https://api.example:6443", "alice", false), Clock.systemUTC());
        pipeline = new ActionPipeline(ops, ContextPolicy.OPEN, new AuditTrail(dir.resolve("audit.jsonl")), () -> null,
                Clock.systemUTC());
    }

    private void allow(boolean allowed, String reason) {
        server.expect().post().withPath(SSAR).andReturn(201, "{\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"kind\":\"SelfSubjectAccessReview\",\"status\":{\"allowed\":" + allowed + ",\"reason\":\"" + reason + "\"}}")
                .always();
    }

    private static String scaleJson(int replicas, String rv) {
        return "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\","
                + "\"resourceVersion\":\"" + rv + "\"},\"spec\":{\"replicas\":" + replicas + "},\"status\":{\"replicas\":" + replicas + "}}";
    }

    /** Requests the server received since the last call, as "METHOD path". */
    private List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void scaleReadsThenPutsTheScaleSubresourceWithItsResourceVersion() throws Exception {
        allow(true, "");
        server.expect().get().withPath(SCALE).andReturn(200, scaleJson(2, "417")).always();
        server.expect().put().withPath(SCALE + "?dryRun=All").andReturn(200, scaleJson(4, "417")).once();
        server.expect().put().withPath(SCALE).andReturn(200, scaleJson(4, "418")).once();
        ActionPlan plan = pipeline.plan(new ScaleRequest(WorkloadRef.parse("shop/deploy/web"), 4, null));
        assertThat(plan.facts()).containsEntry("from", 2).containsEntry("to", 4);
        ActionCheck check = pipeline.check(plan);
        assertThat(check.allowed()).isTrue();
        ActionOutcome o = pipeline.run(plan, check, null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);

        List<RecordedRequest> sent = drain();
        List<String> reviews = sent.stream().filter(r -> r.getPath().equals(SSAR)).map(RecordedRequest::getUtf8Body).toList();
        assertThat(reviews).anyMatch(b -> b.contains("\"verb\":\"update\"") && b.contains("\"resource\":\"deployments\"")
                && b.contains("\"subresource\":\"scale\"") && b.contains("\"namespace\":\"shop\""));
        List<RecordedRequest> puts = sent.stream().filter(r -> r.getMethod().equals("PUT") && r.getPath().contains("/scale")).toList();
        assertThat(puts).extracting(RecordedRequest::getPath).containsExactly(SCALE + "?dryRun=All", SCALE);
        assertThat(puts.get(1).getUtf8Body()).contains("\"resourceVersion\":\"417\"").contains("\"replicas\":4");
        assertThat(client.v1().events().inNamespace("shop").list().getItems()).anyMatch(e -> e.getMessage()
                .equals("Scaled shop/deployment/web from 2 to 4 (2 ready now). (by alice with Opsdeck)")
                && e.getInvolvedObject().getName().equals("web") && e.getReason().equals("OpsdeckScale"));
    }

    @Test
    void aConflictOnThePutIsReportedAsAChangeMeanwhile() throws Exception {
        allow(true, "");
        server.expect().get().withPath(SCALE).andReturn(200, scaleJson(2, "417")).always();
        server.expect().put().withPath(SCALE + "?dryRun=All").andReturn(200, scaleJson(4, "417")).once();
        server.expect().put().withPath(SCALE).andReturn(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"Operation cannot be fulfilled on deployments.apps \\\"web\\\": the object has been modified\","
                + "\"reason\":\"Conflict\",\"code\":409}").once();
        ActionPlan plan = pipeline.plan(new ScaleRequest(WorkloadRef.parse("shop/deploy/web"), 4, null));
        ActionOutcome o = pipeline.run(plan, pipeline.check(plan), null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).isEqualTo(ActionResult.FAILED);
        assertThat(o.exitCode()).isEqualTo(6);
        assertThat(o.message()).contains("changed after it was planned");
    }

    @Test
    void aRefusedAccessReviewDisablesTheActionWithThePermissionNamed() throws Exception {
        allow(false, "RBAC: no rule allows it");
        server.expect().get().withPath(SCALE).andReturn(200, scaleJson(2, "417")).always();
        ActionPlan plan = pipeline.plan(new ScaleRequest(WorkloadRef.parse("shop/deploy/web"), 4, null));
        ActionCheck check = pipeline.check(plan);
        assertThat(check.allowed()).isFalse();
        assertThat(check.refusal()).isEqualTo(ActionResult.FORBIDDEN);
        assertThat(check.reason()).contains("may not get on deployments/scale (apps) in namespace shop")
                .contains("RBAC: no rule allows it");
        pipeline.run(plan, check, null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(drain()).noneMatch(r -> r.getMethod().equals("PUT"));
    }

    @Test
    void accessReviewsAreCachedAndAFailedReviewIsUnknownNotAllowed() throws Exception {
        allow(true, "");
        Permission p = Permission.cluster("patch", "", "nodes");
        assertThat(ops.access(p).allowed()).isTrue();
        assertThat(ops.access(p).allowed()).isTrue();
        assertThat(drain().stream().filter(r -> r.getPath().equals(SSAR))).hasSize(1);
    }

    @Test
    void theWarningsNameAnAutoscalerAndArgoCd() throws Exception {
        client.apps().deployments().inNamespace("shop").withName("web").edit(d -> new DeploymentBuilder(d).editMetadata()
                .addToLabels("argocd.argoproj.io/instance", "shop-prod").endMetadata().build());
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("web-hpa").withNamespace("shop").endMetadata().withNewSpec().withMinReplicas(2)
                .withMaxReplicas(10).withNewScaleTargetRef().withKind("Deployment").withName("web").withApiVersion("apps/v1")
                .endScaleTargetRef().endSpec().build()).create();
        server.expect().get().withPath(SCALE).andReturn(200, scaleJson(2, "417")).always();
        ActionPlan plan = pipeline.plan(new ScaleRequest(WorkloadRef.parse("shop/deploy/web"), 5, null));
        assertThat(plan.warnings()).anyMatch(w -> w.contains("HorizontalPodAutoscaler shop/web-hpa (min 2, max 10)"))
                .anyMatch(w -> w.contains("Argo CD manages this workload (application shop-prod)"));
    }

    @Test
    void noSuchWorkloadIsABadRequestAndAnExpiredTokenSaysSo() {
        assertThatThrownBy(() -> ops.readScale(WorkloadRef.parse("shop/deploy/nope")))
                .isInstanceOf(ActionException.class).hasMessageContaining("No deployment shop/nope in context prod")
                .extracting(e -> ((ActionException) e).kind()).isEqualTo(ActionException.Kind.BAD_REQUEST);
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/expired/scale")
                .andReturn(401, "{\"kind\":\"Status\",\"code\":401,\"message\":\"Unauthorized\"}").once();
        assertThatThrownBy(() -> ops.readScale(WorkloadRef.parse("shop/deploy/expired")))
                .hasMessageContaining("token may have expired");
    }

    @Test
    void warningEventsAreReadPageByPageNewestLast() throws Exception {
        String events = "/api/v1/namespaces/shop/events?fieldSelector=type%3DWarning&limit=500";
        server.expect().get().withPath(events).andReturn(200, eventList("c1",
                warningJson("api-1.a", "api-1", "BackOff", "2026-12-07T01:00:00Z"),
                warningJson("web-7f9c-x.b", "web-7f9c-x", "FailedScheduling", "2026-12-07T01:05:00Z"))).always();
        // the second page, which a single LIST of 500 never read
        server.expect().get().withPath(events + "&continue=c1").andReturn(200, eventList("",
                warningJson("web-7f9c-y.c", "web-7f9c-y", "FailedMount", "2026-12-07T01:10:00Z"))).always();
        List<io.opsdeck.services.model.ClusterEvent> warnings = ops.recentWarnings("shop", "web-");
        assertThat(warnings).extracting(io.opsdeck.services.model.ClusterEvent::reason)
                .containsExactly("FailedScheduling", "FailedMount");
    }

    private static String eventList(String continueToken, String... items) {
        return "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"metadata\":{\"continue\":\"" + continueToken + "\"},"
                + "\"items\":[" + String.join(",", items) + "]}";
    }

    private static String warningJson(String name, String object, String reason, String last) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\"},\"type\":\"Warning\",\"reason\":\"" + reason
                + "\",\"message\":\"m\",\"count\":1,\"lastTimestamp\":\"" + last + "\",\"involvedObject\":{\"kind\":\"Pod\","
                + "\"name\":\"" + object + "\",\"namespace\":\"shop\"}}";
    }

    @Test
    void cordonMergePatchesUnschedulableAndReadsThePodsOnTheNode() throws Exception {
        allow(true, "");
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).createOr(r -> r.update());
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop")
                .addToLabels("pod-template-hash", "5d9f").addNewOwnerReference().withKind("ReplicaSet").withName("web-5d9f")
                .withController(true).endOwnerReference().endMetadata().withNewSpec().withNodeName("node-1").endSpec().withNewStatus().withPhase("Running").endStatus()
                .build()).createOr(r -> r.update());
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("elsewhere").withNamespace("shop")
                .endMetadata().withNewSpec().withNodeName("node-2").endSpec().build()).createOr(r -> r.update());
        // a lenient server that ignores the field selector: the adapter filters again
        server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&limit=500").andReturn(200,
                client.pods().inAnyNamespace().list()).always();
        ActionPlan plan = pipeline.plan(new CordonRequest("node-1", true));
        assertThat(plan.items()).extracting(i -> i.key()).containsExactly("shop/web-1");
        assertThat(plan.items().get(0).reason()).as("named by its Deployment").isEqualTo("Deployment/web");
        ActionOutcome o = pipeline.run(plan, pipeline.check(plan), null, ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(client.nodes().withName("node-1").get().getSpec().getUnschedulable()).isTrue();
        assertThat(drain()).anyMatch(r -> r.getMethod().equals("PATCH") && r.getPath().equals("/api/v1/nodes/node-1")
                && r.getHeader("Content-Type").startsWith("application/merge-patch+json"));
        assertThat(pipeline.history(0).get(0).undo()).isEqualTo("uncordon node-1");
    }

    @Test
    void anUnreachableServerIsExitThree() throws Exception {
        KubernetesMockServer gone = new KubernetesMockServer();
        gone.start();
        KubernetesClient c = gone.createClient();
        KubernetesActions dead = new KubernetesActions(new KubeRest(c, Duration.ofSeconds(2)),
                new Identity("x", "", "", false), Clock.systemUTC());
        gone.shutdown();
        try {
            assertThatThrownBy(() -> dead.readNode("node-1")).isInstanceOf(ActionException.class)
                    .hasMessageContaining("check the connection")
                    .extracting(e -> ((ActionException) e).kind().exitCode()).isEqualTo(3);
        } finally {
            c.close();
        }
    }
}
