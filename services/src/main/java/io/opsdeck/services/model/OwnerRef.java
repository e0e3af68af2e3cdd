package io.opsdeck.services.model;

/**
 * The controller of a pod, resolved to the workload a person thinks of: a pod owned by a
 * ReplicaSet of a Deployment is owned by that Deployment here.
 */
public record OwnerRef(String kind, String name) {
    public static final OwnerRef NONE = new OwnerRef("", "");

    public boolean isNone() {
        return kind.isEmpty();
    }

    @Override
    public String toString() {
        return isNone() ? "(none)" : kind + "/" + name;
    }
}
