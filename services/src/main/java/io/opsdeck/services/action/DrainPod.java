package io.opsdeck.services.action;

import io.opsdeck.services.model.PodPhase;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pod read fresh for a drain: what kubectl's drain filters look at (controller, mirror annotation,
 * emptyDir volumes, phase), its UID (a pod recreated under the same name is another pod), and what
 * its replacement will ask of a node.
 *
 * @param uid                metadata.uid
 * @param controllerKind     the kind of the ownerReference with {@code controller: true}, as written
 *                           ({@code ReplicaSet}, {@code StatefulSet}, {@code DaemonSet}, …); empty for none
 * @param controllerName     its name
 * @param mirror             a mirror pod of a static pod ({@code kubernetes.io/config.mirror} annotation)
 * @param emptyDirVolumes    the names of its emptyDir volumes
 * @param gracePeriodSeconds spec.terminationGracePeriodSeconds; -1 when not set
 * @param deleting           metadata.deletionTimestamp is set: it is terminating already
 * @param created            metadata.creationTimestamp; null when unknown
 */
public record DrainPod(String namespace, String name, String uid, String nodeName, PodPhase phase, boolean ready,
                       String controllerKind, String controllerName, boolean mirror, List<String> emptyDirVolumes,
                       long gracePeriodSeconds, boolean deleting, Map<String, String> labels, NodeFit.Needs needs,
                       Instant created) {
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    public DrainPod {
        uid = uid == null ? "" : uid;
        nodeName = nodeName == null ? "" : nodeName;
        controllerKind = controllerKind == null ? "" : controllerKind;
        controllerName = controllerName == null ? "" : controllerName;
        emptyDirVolumes = List.copyOf(emptyDirVolumes);
        labels = Map.copyOf(labels);
        needs = needs == null ? NodeFit.Needs.NOTHING : needs;
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean hasController() {
        return !controllerKind.isEmpty();
    }

    /**
     * The workload a person knows the pod by: its controller, with a Deployment's ReplicaSet named as
     * its Deployment (the {@code pod-template-hash} suffix dropped): {@code Deployment/web}; empty for none.
     */
    public String workload() {
        String hash = labels.get("pod-template-hash");
        if (controllerKind.equals("ReplicaSet") && hash != null && controllerName.endsWith("-" + hash)) {
            return "Deployment/" + controllerName.substring(0, controllerName.length() - hash.length() - 1);
        }
        return controller();
    }

    /** {@code ReplicaSet/web-7f9c}, or empty. */
    public String controller() {
        return hasController() ? controllerKind + "/" + controllerName : "";
    }
}
