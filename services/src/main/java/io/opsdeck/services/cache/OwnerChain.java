package io.opsdeck.services.cache;

import io.opsdeck.services.model.PodKey;

import java.util.List;

/**
 * A pod's controllers as read from the API server, nearest first (a Deployment's pod: its
 * ReplicaSet, then the Deployment; an operator's: its StatefulSet, then the custom resource), each
 * verified: the object exists and its UID is the one the reference below it names. The chain stops
 * at the first link that is not verified, and says why.
 *
 * @param owners   verified controllers, nearest first
 * @param end      why the chain ends where it does
 * @param claimed  the first unverified link ({@code Kind name}), empty when none
 * @param why      for {@link End#UNREADABLE}: what could not be read, in a sentence
 */
public record OwnerChain(List<Link> owners, End end, String claimed, String why) {

    /** A verified controller. */
    public record Link(String kind, String name) {
    }

    public enum End {
        /** The last verified object has no controller: the chain is complete. */
        COMPLETE,
        /** A controller reference names an object that has another UID (forged, or a recreated owner). */
        FORGED,
        /** A controller reference names an object that does not exist. */
        MISSING,
        /** The pod or a controller could not be read (RBAC, the API server): nothing is known beyond. */
        UNREADABLE
    }

    public OwnerChain {
        owners = List.copyOf(owners);
        claimed = claimed == null ? "" : claimed;
        why = why == null ? "" : why;
    }

    /** True when a verified controller of the chain is named {@code name}. */
    boolean reaches(String name) {
        return owners.stream().anyMatch(l -> l.name().equals(name));
    }

    /**
     * Why {@code pod}, which claims to belong to cache cluster {@code cluster}, gets none of that
     * cluster's password: a sentence that names the pod and the cluster, never a value.
     */
    String refusal(PodKey pod, String cluster) {
        return switch (end) {
            case UNREADABLE -> "The binding of " + pod + " to cache cluster " + cluster + " is unverified: " + why
                    + "; no password sent (a cluster's password goes only to pods whose owners show they are its own)";
            case FORGED -> pod + " names " + claimed + " as its owner, but not the one in the cluster (another UID),"
                    + " so it is not owned by cache cluster " + cluster + "; no password sent";
            case MISSING -> pod + " names " + claimed + " as its owner, which does not exist, so it is not owned by"
                    + " cache cluster " + cluster + "; no password sent";
            case COMPLETE -> owners.isEmpty()
                    ? pod + " claims to belong to cache cluster " + cluster + " by label but is not owned by it;"
                    + " no password sent"
                    : pod + " is owned by " + owners.get(owners.size() - 1).kind() + " "
                    + owners.get(owners.size() - 1).name() + ", not by cache cluster " + cluster
                    + " (it claims it by label); no password sent";
        };
    }
}
