package io.opsdeck.services.model;

import java.util.Map;

/** A Deployment, StatefulSet or DaemonSet and its replica counts. */
public record WorkloadInfo(
        WorkloadKind kind,
        String namespace,
        String name,
        int desired,
        int ready,
        int available,
        int updated,
        Map<String, String> selector) {

    public WorkloadInfo {
        selector = Map.copyOf(selector);
    }

    public OwnerRef ref() {
        return new OwnerRef(kind.kubernetesName(), name);
    }
}
