package io.opsdeck.services.model;

public enum WorkloadKind {
    DEPLOYMENT("Deployment"), STATEFULSET("StatefulSet"), DAEMONSET("DaemonSet");

    private final String kubernetesName;

    WorkloadKind(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    public String kubernetesName() {
        return kubernetesName;
    }
}
