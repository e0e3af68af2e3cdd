package io.opsdeck.services.k8s.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.Budget;
import io.opsdeck.services.action.DrainPod;
import io.opsdeck.services.action.Eviction;
import io.opsdeck.services.action.NodeFit;
import io.opsdeck.services.model.PodPhase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import static io.opsdeck.services.k8s.actions.KubernetesActions.enc;

/**
 * The requests a drain sends, as kubectl's drain sends them: the Eviction subresource in the version
 * discovery lists (with the pod's UID as precondition, so a pod recreated under the same name is
 * never evicted by mistake), the 429's cause read from the Status body, PDBs from policy/v1 else
 * v1beta1, and large lists read in pages.
 */
final class KubeDrain {
    private final KubeRest rest;
    private volatile String evictionApi;

    KubeDrain(KubeRest rest) {
        this.rest = rest;
    }

    List<DrainPod> podsOnNode(String node) throws ActionException {
        List<DrainPod> out = new ArrayList<>();
        rest.pages("/api/v1/pods?fieldSelector=" + enc("spec.nodeName=" + node), "pods on node " + node, p -> {
            if (node.equals(p.path("spec").path("nodeName").asText())) {
                out.add(DrainJson.pod(p));
            }
        });
        return out;
    }

    List<Budget> budgets(String namespace) throws ActionException {
        for (String version : List.of("v1", "v1beta1")) {
            KubeRest.Answer a = rest.get("/apis/policy/" + version + "/namespaces/" + enc(namespace) + "/poddisruptionbudgets");
            if (a.code() == 404 && version.equals("v1")) {
                continue;
            }
            JsonNode list = rest.expectOk(a, "PodDisruptionBudgets in " + namespace);
            List<Budget> out = new ArrayList<>();
            for (JsonNode b : list.path("items")) {
                out.add(DrainJson.budget(b, version.equals("v1")));
            }
            return out;
        }
        return List.of();
    }

    /** {@code pods/eviction} as {@code GET /api/v1} lists it (what kubectl's CheckEvictionSupport reads). */
    String evictionApi() throws ActionException {
        String known = evictionApi;
        if (known != null) {
            return known;
        }
        JsonNode resources = rest.expectOk(rest.get("/api/v1"), "the core API's resources");
        String found = "policy/v1beta1";
        for (JsonNode r : resources.path("resources")) {
            if (r.path("name").asText().equals("pods/eviction") && !r.path("group").asText("").isEmpty()) {
                found = r.path("group").asText() + "/" + r.path("version").asText("v1beta1");
            }
        }
        evictionApi = found;
        return found;
    }

    Eviction evict(String namespace, String name, String uid, long grace, boolean dryRun) throws ActionException {
        ObjectNode body = KubeRest.JSON.createObjectNode().put("apiVersion", evictionApi()).put("kind", "Eviction");
        body.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode options = deleteOptions(uid, grace, dryRun);
        body.set("deleteOptions", options);
        KubeRest.Answer a = rest.send("POST", podPath(namespace, name) + "/eviction" + (dryRun ? "?dryRun=All" : ""),
                "application/json", body);
        String message = a.statusMessage();
        return switch (a.code()) {
            case 200, 201 -> Eviction.accepted(a.code());
            case 429 -> Eviction.tooManyRequests(message, causes(a.body()));
            case 404 -> new Eviction(Eviction.Kind.GONE, 404, message, "", -1, -1);
            case 409 -> message.contains("recondition") || message.contains("UID")
                    ? new Eviction(Eviction.Kind.GONE, 409, message, "", -1, -1)
                    : new Eviction(Eviction.Kind.RETRY, 409, message, "", -1, -1);
            case 403 -> causes(a.body()).contains("NamespaceTerminating") || message.contains("being terminated")
                    ? new Eviction(Eviction.Kind.RETRY, 403, message, "", -1, -1)
                    : new Eviction(Eviction.Kind.FAILED, 403, KubeRest.failure(a, "the eviction of " + namespace + "/" + name)
                    .getMessage(), "", -1, -1);
            default -> new Eviction(Eviction.Kind.FAILED, a.code(), message.isEmpty()
                    ? KubeRest.failure(a, "the eviction of " + namespace + "/" + name).getMessage() : message, "", -1, -1);
        };
    }

    Optional<DrainPod> readPod(String namespace, String name) throws ActionException {
        KubeRest.Answer a = rest.get(podPath(namespace, name));
        if (a.code() == 404) {
            return Optional.empty();
        }
        return Optional.of(DrainJson.pod(rest.expectOk(a, "pod " + namespace + "/" + name)));
    }

    void deletePod(String namespace, String name, String uid, long grace, boolean dryRun) throws ActionException {
        ObjectNode options = deleteOptions(uid, grace, dryRun).put("apiVersion", "v1").put("kind", "DeleteOptions");
        rest.expectOk(rest.send("DELETE", podPath(namespace, name) + (dryRun ? "?dryRun=All" : ""), "application/json",
                options), "pod " + namespace + "/" + name);
    }

    List<NodeFit.Node> schedulingNodes() throws ActionException {
        Map<String, long[]> requested = new HashMap<>();
        rest.pages("/api/v1/pods?fieldSelector=" + enc("status.phase!=Succeeded,status.phase!=Failed"), "pods", p -> {
            String node = p.path("spec").path("nodeName").asText("");
            if (!node.isEmpty() && !PodPhase.parse(p.path("status").path("phase").asText(null)).terminal()) {
                NodeFit.Needs n = DrainJson.needs(p.path("spec"));
                long[] used = requested.computeIfAbsent(node, k -> new long[2]);
                used[0] += n.cpuMilli();
                used[1] += n.memoryBytes();
            }
        });
        List<NodeFit.Node> out = new ArrayList<>();
        rest.pages("/api/v1/nodes?", "nodes", n -> out.add(DrainJson.node(n, requested)));
        return out;
    }

    List<DrainPod> podsLabelled(String namespace, Map<String, String> labels) throws ActionException {
        StringJoiner selector = new StringJoiner(",");
        labels.forEach((k, v) -> selector.add(k + "=" + v));
        List<DrainPod> out = new ArrayList<>();
        rest.pages("/api/v1/namespaces/" + enc(namespace) + "/pods?labelSelector=" + enc(selector.toString()),
                "pods in " + namespace, p -> out.add(DrainJson.pod(p)));
        return out;
    }

    private static ObjectNode deleteOptions(String uid, long grace, boolean dryRun) {
        ObjectNode options = KubeRest.JSON.createObjectNode();
        if (grace >= 0) {
            options.put("gracePeriodSeconds", grace);
        }
        if (uid != null && !uid.isEmpty()) {
            options.putObject("preconditions").put("uid", uid);
        }
        if (dryRun) {
            options.putArray("dryRun").add("All");
        }
        return options;
    }

    /** The messages and reasons of a Status's causes, one string (where a 429 names the budget). */
    private static String causes(JsonNode status) {
        StringJoiner j = new StringJoiner("; ");
        for (JsonNode c : status.path("details").path("causes")) {
            j.add(c.path("reason").asText("") + ": " + c.path("message").asText(""));
        }
        return j.toString();
    }

    private static String podPath(String namespace, String name) {
        return "/api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(name);
    }
}
