package io.opsdeck.services.k8s.slim;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An apps/v1 ReplicaSet reduced to its controlling owner: all Opsdeck needs of ReplicaSets is to
 * resolve a pod's owner to its Deployment. A full ReplicaSet carries its pod template and
 * managedFields, and a cluster keeps up to ten of them per Deployment.
 */
@Group("apps")
@Version("v1")
@Kind("ReplicaSet")
@Plural("replicasets")
public final class SlimReplicaSet extends SlimResource {
    private static final long serialVersionUID = 1L;

    private String ownerKind = "";
    private String ownerName = "";

    @Override
    protected void onMetadata(SlimMeta meta) {
        ownerKind = meta.controllerKind();
        ownerName = meta.controllerName();
    }

    /** Kind of the controlling owner (normally {@code Deployment}); empty when none. */
    public String ownerKind() {
        return ownerKind;
    }

    public String ownerName() {
        return ownerName;
    }
}
