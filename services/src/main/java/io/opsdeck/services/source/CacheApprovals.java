package io.opsdeck.services.source;

import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.PodKey;

import java.io.IOException;
import java.util.Optional;

/**
 * The approvals external caches with a {@code secret:} password reference wait for: until the user
 * approved the pairing of address and Secret, no Secret is read and no password is sent.
 */
public interface CacheApprovals {
    CacheApprovals NONE = new CacheApprovals() {
        @Override
        public Optional<CacheApprovalRequest> pending(PodKey cache) {
            return Optional.empty();
        }

        @Override
        public void approve(CacheApprovalRequest request) throws IOException {
            throw new IOException("There is nothing to approve here");
        }
    };

    /** The pairing {@code cache} waits for, if it waits for one; in memory, cheap enough for the FX thread. */
    Optional<CacheApprovalRequest> pending(PodKey cache);

    /**
     * Records that the user approved {@code request}; it is used from the next read on.
     *
     * @throws IOException when the approval could not be written (then it is not given)
     */
    void approve(CacheApprovalRequest request) throws IOException;
}
