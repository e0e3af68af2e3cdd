package io.opsdeck.services.k8s.actions;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.Identity;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Nodes, pods, budgets and scripted answers for the drain tests against fabric8's mock API server. */
final class DrainFixtures {
    static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private DrainFixtures() {
    }

    static KubernetesActions ops(KubernetesClient client) {
        return new KubernetesActions(new KubeRest(client, Duration.ofSeconds(5)), new Identity("test", "", "alice", false),
                Clock.systemUTC());
    }

    static ActionPipeline pipeline(KubernetesActions ops, Path dir) {
        return new ActionPipeline(ops, ContextPolicy.OPEN, new AuditTrail(dir.resolve("audit.jsonl")), () -> null,
                Clock.systemUTC());
    }

    static void nodes(KubernetesClient client, String... names) {
        for (String n : names) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n).endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addToAllocatable("cpu", new Quantity("8")).addToAllocatable("memory", new Quantity("32Gi"))
                    .endStatus().build()).create();
        }
    }

    /** A Ready, running pod; {@code kind} empty for none; {@code emptyDir} a volume name or null. */
    static Pod pod(String ns, String name, String node, String kind, Map<String, String> labels, String emptyDir) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
                .withLabels(labels).endMetadata();
        if (!kind.isEmpty()) {
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(name + "-owner")
                    .withUid("owner-" + name).withController(true).endOwnerReference().endMetadata();
        }
        b.withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("img")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .endResources().endContainer().endSpec();
        if (emptyDir != null) {
            b.editSpec().addNewVolume().withName(emptyDir).withNewEmptyDir().endEmptyDir().endVolume().endSpec();
        }
        return b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
    }

    /**
     * Creates the pods, and serves the list of node-1's pods by {@code spec.nodeName} (the mock's
     * CRUD mode does not filter on that field; a real API server does).
     */
    static void create(KubernetesMockServer server, KubernetesClient client, Pod... pods) {
        List<Pod> onNode = new java.util.ArrayList<>();
        for (Pod p : pods) {
            Pod stored = client.pods().resource(p).create();
            if ("node-1".equals(p.getSpec().getNodeName())) {
                onNode.add(stored);
            }
        }
        String list = client.getKubernetesSerialization().asJson(new io.fabric8.kubernetes.api.model.PodListBuilder()
                .withItems(onNode).build());
        server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&limit=" + KubeRest.PAGE)
                .andReturn(200, list).always();
    }

    static void budget(KubernetesClient client, String ns, String name, Map<String, String> selector, int healthy,
                       int desired, int allowed) {
        client.policy().v1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withNamespace(ns).withName(name).endMetadata().withNewSpec().withMinAvailable(new IntOrString(desired))
                .withNewSelector().withMatchLabels(selector).endSelector().endSpec().withNewStatus()
                .withCurrentHealthy(healthy).withDesiredHealthy(desired).withExpectedPods(healthy)
                .withDisruptionsAllowed(allowed).endStatus().build()).create();
    }

    /** Discovery of the core group, listing {@code pods/eviction} in {@code policy/VERSION}. */
    static void evictionIn(KubernetesMockServer server, String version) {
        server.expect().get().withPath("/api/v1").andReturn(200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\","
                + "\"resources\":[{\"name\":\"pods\",\"namespaced\":true,\"kind\":\"Pod\"},{\"name\":\"pods/eviction\","
                + "\"namespaced\":true,\"group\":\"policy\",\"version\":\"" + version + "\",\"kind\":\"Eviction\"}]}").always();
    }

    /** Every access allowed but those whose review body contains one of {@code refused}; the bodies are kept. */
    static List<String> access(KubernetesMockServer server, String... refused) {
        List<String> asked = new CopyOnWriteArrayList<>();
        server.expect().post().withPath(SSAR).andReply(201, req -> {
            String body = req.getUtf8Body();
            asked.add(body);
            boolean no = false;
            for (String r : refused) {
                no |= body.replace(" ", "").contains(r);
            }
            return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"status\":{\"allowed\":"
                    + !no + (no ? ",\"reason\":\"no RBAC policy matched\"" : "") + "}}";
        }).always();
        return asked;
    }

    static boolean cordoned(KubernetesClient client, String node) {
        var n = client.nodes().withName(node).get();
        return n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    }

    static String tooManyRequests(String pdb, int needs, int has) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Cannot evict"
                + " pod as it would violate the pod's disruption budget.\",\"reason\":\"TooManyRequests\",\"details\":{"
                + "\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption budget " + pdb + " needs "
                + needs + " healthy pods and has " + has + " currently\"}]},\"code\":429}";
    }

    static String status(int code, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message + "\",\"code\":" + code + "}";
    }

    static String evictionPath(String ns, String name) {
        return "/api/v1/namespaces/" + ns + "/pods/" + name + "/eviction";
    }

    static String podPath(String ns, String name) {
        return "/api/v1/namespaces/" + ns + "/pods/" + name;
    }
}
