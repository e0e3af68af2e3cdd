package io.opsdeck.services.model;

/** The node conditions that signal trouble when they are True. */
public enum NodeCondition {
    MEMORY_PRESSURE("MemoryPressure"),
    DISK_PRESSURE("DiskPressure"),
    PID_PRESSURE("PIDPressure"),
    NETWORK_UNAVAILABLE("NetworkUnavailable");

    private final String kubernetesName;

    NodeCondition(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /** The condition type as Kubernetes spells it, e.g. {@code MemoryPressure}. */
    public String kubernetesName() {
        return kubernetesName;
    }
}
