package io.opsdeck.services.k8s.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pod read fresh for an action's plan, as the slim {@link PodInfo} the views use. */
final class PodJson {
    private PodJson() {
    }

    static PodInfo pod(JsonNode p) {
        JsonNode meta = p.path("metadata");
        JsonNode status = p.path("status");
        boolean ready = false;
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                ready = c.path("status").asText().equals("True");
            }
        }
        int restarts = 0;
        for (JsonNode c : status.path("containerStatuses")) {
            restarts += c.path("restartCount").asInt(0);
        }
        List<String> images = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (JsonNode c : p.path("spec").path("containers")) {
            images.add(c.path("image").asText());
            for (JsonNode port : c.path("ports")) {
                ports.add(port.path("containerPort").asInt());
            }
        }
        Map<String, String> labels = KubernetesActions.strings(meta.path("labels"));
        return new PodInfo(meta.path("namespace").asText(), meta.path("name").asText(), p.path("spec").path("nodeName").asText(""),
                PodPhase.parse(status.path("phase").asText(null)), ready, restarts, owner(meta, labels), labels, images, ports,
                0, 0, status.path("podIP").asText(""));
    }

    /** The controller, with a Deployment's ReplicaSet named as its Deployment (the pod-template-hash suffix dropped). */
    static OwnerRef owner(JsonNode meta, Map<String, String> labels) {
        for (JsonNode o : meta.path("ownerReferences")) {
            if (!o.path("controller").asBoolean(false)) {
                continue;
            }
            String kind = o.path("kind").asText();
            String name = o.path("name").asText();
            String hash = labels.get("pod-template-hash");
            if (kind.equals("ReplicaSet") && hash != null && name.endsWith("-" + hash)) {
                return new OwnerRef("Deployment", name.substring(0, name.length() - hash.length() - 1));
            }
            return new OwnerRef(kind, name);
        }
        return OwnerRef.NONE;
    }
}
