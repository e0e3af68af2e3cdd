package io.opsdeck.services.cache;

import io.opsdeck.services.model.PodKey;

/** Reads a pod's chain of controllers from the cluster, each verified by UID ({@link OwnerChain}). */
public interface PodOwners {
    /** Never throws: what cannot be read ends the chain as {@link OwnerChain.End#UNREADABLE} with the reason. */
    OwnerChain chain(PodKey pod);
}
