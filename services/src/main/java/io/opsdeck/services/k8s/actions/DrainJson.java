package io.opsdeck.services.k8s.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsdeck.services.action.Budget;
import io.opsdeck.services.action.DrainPod;
import io.opsdeck.services.action.NodeFit;
import io.opsdeck.services.k8s.slim.Quantities;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.Taint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pods, budgets and nodes read for a drain, from the API server's JSON. */
final class DrainJson {
    private DrainJson() {
    }

    static DrainPod pod(JsonNode p) {
        JsonNode meta = p.path("metadata");
        JsonNode spec = p.path("spec");
        JsonNode status = p.path("status");
        String kind = "";
        String owner = "";
        for (JsonNode o : meta.path("ownerReferences")) {
            if (o.path("controller").asBoolean(false)) {
                kind = o.path("kind").asText();
                owner = o.path("name").asText();
            }
        }
        List<String> emptyDirs = new ArrayList<>();
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("emptyDir")) {
                emptyDirs.add(v.path("name").asText());
            }
        }
        boolean ready = false;
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                ready = c.path("status").asText().equals("True");
            }
        }
        return new DrainPod(meta.path("namespace").asText(), meta.path("name").asText(), meta.path("uid").asText(""),
                spec.path("nodeName").asText(""), PodPhase.parse(status.path("phase").asText(null)), ready, kind, owner,
                meta.path("annotations").has(DrainPod.MIRROR_ANNOTATION), emptyDirs,
                spec.path("terminationGracePeriodSeconds").asLong(-1), meta.hasNonNull("deletionTimestamp"),
                KubernetesActions.strings(meta.path("labels")), needs(spec), instant(meta.path("creationTimestamp").asText("")));
    }

    /** What the pod asks of a node: the scheduler's view of its spec. */
    static NodeFit.Needs needs(JsonNode spec) {
        List<NodeFit.Toleration> tolerations = new ArrayList<>();
        for (JsonNode t : spec.path("tolerations")) {
            tolerations.add(new NodeFit.Toleration(t.path("key").asText(""), t.path("operator").asText(""),
                    t.path("value").asText(""), t.path("effect").asText("")));
        }
        List<List<NodeFit.Requirement>> terms = new ArrayList<>();
        for (JsonNode term : spec.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms")) {
            List<NodeFit.Requirement> reqs = new ArrayList<>(requirements(term.path("matchExpressions")));
            for (NodeFit.Requirement f : requirements(term.path("matchFields"))) {
                reqs.add(new NodeFit.Requirement(NodeFit.Requirement.NODE_NAME_FIELD, f.operator(), f.values()));
            }
            terms.add(reqs);
        }
        long cpu = 0;
        long mem = 0;
        for (JsonNode c : spec.path("containers")) {
            cpu += Quantities.milli(c.path("resources").path("requests").path("cpu").asText("0"));
            mem += Quantities.units(c.path("resources").path("requests").path("memory").asText("0"));
        }
        for (JsonNode c : spec.path("initContainers")) {
            cpu = Math.max(cpu, Quantities.milli(c.path("resources").path("requests").path("cpu").asText("0")));
            mem = Math.max(mem, Quantities.units(c.path("resources").path("requests").path("memory").asText("0")));
        }
        return new NodeFit.Needs(KubernetesActions.strings(spec.path("nodeSelector")), tolerations, terms, cpu, mem);
    }

    static List<NodeFit.Requirement> requirements(JsonNode expressions) {
        List<NodeFit.Requirement> out = new ArrayList<>();
        for (JsonNode e : expressions) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            out.add(new NodeFit.Requirement(e.path("key").asText(), e.path("operator").asText(), values));
        }
        return out;
    }

    static Budget budget(JsonNode b, boolean v1) {
        JsonNode meta = b.path("metadata");
        JsonNode spec = b.path("spec");
        JsonNode status = b.path("status");
        JsonNode selector = spec.path("selector");
        int allowed = status.has("disruptionsAllowed") ? status.path("disruptionsAllowed").asInt(0)
                : status.path("podDisruptionsAllowed").asInt(0); // policy/v1beta1 before 1.15
        return new Budget(meta.path("namespace").asText(), meta.path("name").asText(),
                KubernetesActions.strings(selector.path("matchLabels")), requirements(selector.path("matchExpressions")),
                v1 && !selector.isMissingNode() && !selector.isNull(), spec.path("minAvailable").asText(""),
                spec.path("maxUnavailable").asText(""), status.path("currentHealthy").asInt(0),
                status.path("desiredHealthy").asInt(0), status.path("expectedPods").asInt(0), allowed,
                "AlwaysAllow".equals(spec.path("unhealthyPodEvictionPolicy").asText("")));
    }

    /** A node with its allocatable; the requests bound to it are taken off by the caller. */
    static NodeFit.Node node(JsonNode n, Map<String, long[]> requested) {
        String name = n.path("metadata").path("name").asText();
        boolean ready = false;
        for (JsonNode c : n.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                ready = c.path("status").asText().equals("True");
            }
        }
        List<Taint> taints = new ArrayList<>();
        for (JsonNode t : n.path("spec").path("taints")) {
            taints.add(new Taint(t.path("key").asText(), t.path("value").asText(""), t.path("effect").asText("")));
        }
        JsonNode alloc = n.path("status").path("allocatable");
        long[] used = requested.getOrDefault(name, new long[2]);
        return new NodeFit.Node(name, ready, n.path("spec").path("unschedulable").asBoolean(false),
                KubernetesActions.strings(n.path("metadata").path("labels")), taints,
                Quantities.milli(alloc.path("cpu").asText("0")) - used[0],
                Quantities.units(alloc.path("memory").asText("0")) - used[1]);
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
