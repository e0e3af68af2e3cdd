package io.opsdeck.services.action;

import io.opsdeck.services.model.WorkloadKind;

import java.util.Locale;

/** A scalable workload: {@code NAMESPACE/KIND/NAME}, KIND {@code deployment|statefulset} (or deploy, sts). */
public record WorkloadRef(WorkloadKind kind, String namespace, String name) {

    /** @throws IllegalArgumentException with a sentence when the text is not NAMESPACE/KIND/NAME of a scalable kind */
    public static WorkloadRef parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("'" + text + "' is not NAMESPACE/KIND/NAME, e.g. shop/deployment/checkout");
        }
        WorkloadKind kind = switch (parts[1].toLowerCase(Locale.ROOT)) {
            case "deployment", "deployments", "deploy" -> WorkloadKind.DEPLOYMENT;
            case "statefulset", "statefulsets", "sts" -> WorkloadKind.STATEFULSET;
            default -> throw new IllegalArgumentException("Unknown kind '" + parts[1]
                    + "': only a deployment (deploy) or a statefulset (sts) can be scaled");
        };
        return new WorkloadRef(kind, parts[0], parts[2]);
    }

    /** The plural resource name in the apps group: {@code deployments}, {@code statefulsets}. */
    public String resource() {
        return kind == WorkloadKind.DEPLOYMENT ? "deployments" : "statefulsets";
    }

    @Override
    public String toString() {
        return namespace + "/" + (kind == WorkloadKind.DEPLOYMENT ? "deployment" : "statefulset") + "/" + name;
    }
}
