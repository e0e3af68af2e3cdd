package io.opsdeck.services.model;

import java.util.Locale;

/** Pod phase as Kubernetes reports it. */
public enum PodPhase {
    PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN;

    public static PodPhase parse(String phase) {
        if (phase == null) {
            return UNKNOWN;
        }
        return switch (phase) {
            case "Pending" -> PENDING;
            case "Running" -> RUNNING;
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> UNKNOWN;
        };
    }

    /** Succeeded or Failed: the pod's containers will not run again. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** The phase as Kubernetes spells it. */
    public String kubernetesName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }
}
