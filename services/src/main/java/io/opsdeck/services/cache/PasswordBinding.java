package io.opsdeck.services.cache;

import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.source.CacheApprovals;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which password reference, if any, may be used for a cache node — a password goes only to what it
 * belongs to:
 * <ul>
 *   <li>an external cache's {@code secret:} reference only once the user approved that pairing of
 *       address and Secret ({@link CacheApprovalStore}); before, no Secret is read; the same for an
 *       {@code env:} reference (a settings file from someone else could name any variable);</li>
 *   <li>an in-cluster {@code namespace/pod} reference to that pod;</li>
 *   <li>an in-cluster {@code namespace/workload} reference only to pods whose controllers, read from
 *       the API server and verified by UID ({@link PodOwners}), reach that workload. A pod that claims
 *       the cluster by label, by a forged owner reference, or whose owners cannot be read, gets none
 *       and its figures are unknown with the reason.</li>
 * </ul>
 * Verified chains are kept for {@link #CHAIN_TTL} and dropped when a read of the pod fails.
 */
final class PasswordBinding {
    static final Duration CHAIN_TTL = Duration.ofSeconds(60);

    private final Map<PodKey, CacheAddress> externals;
    private final CacheCredentials credentials;
    private final PodOwners owners;
    private final CacheApprovalStore approvals;
    private final Clock clock;
    private final Map<PodKey, Checked> chains = new ConcurrentHashMap<>();

    private record Checked(OwnerChain chain, Instant at) {
    }

    /** @param owners null when there is no cluster to read owners from (no workload reference can apply) */
    PasswordBinding(Map<PodKey, CacheAddress> externals, CacheCredentials credentials, PodOwners owners,
                    CacheApprovalStore approvals, Clock clock) {
        this.externals = externals;
        this.credentials = credentials;
        this.owners = owners;
        this.approvals = approvals;
        this.clock = clock;
    }

    /**
     * The reference whose password may be sent to {@code node}; empty for none.
     *
     * @throws CacheReadException of kind {@link Kind#PASSWORD_WITHHELD} when a reference applies by its
     *                            claim but may not be used: the sentence says why and what to do
     */
    String refFor(CacheNode node) throws CacheReadException {
        if (node.kind() == CacheKind.MEMCACHED) {
            // the text protocol Opsdeck speaks has no password: none is read, approved or sent
            return "";
        }
        CacheAddress external = externals.get(node.pod());
        if (external != null) {
            Optional<CacheApprovalRequest> pending = pending(external);
            if (pending.isPresent()) {
                CacheApprovalRequest r = pending.get();
                throw new CacheReadException(Kind.PASSWORD_WITHHELD, node.pod() + " is waiting for approval: "
                        + r.question() + " Until then " + (r.fromEnvironment() ? "" : "no Secret is read and ")
                        + "no password is sent; " + r.howToApprove());
            }
            return external.passwordRef();
        }
        String byPod = credentials.forPod(node);
        if (!byPod.isEmpty()) {
            return byPod;
        }
        String namespace = node.pod().namespace();
        String claimed = credentials.forWorkload(namespace, node.cluster());
        if (!credentials.anyIn(namespace)) {
            return "";
        }
        OwnerChain chain = chain(node.pod());
        for (OwnerChain.Link owner : chain.owners()) {
            String ref = credentials.forWorkload(namespace, owner.name());
            if (!ref.isEmpty()) {
                return ref;
            }
        }
        if (claimed.isEmpty()) {
            return "";
        }
        throw new CacheReadException(Kind.PASSWORD_WITHHELD, chain.refusal(node.pod(), node.cluster()));
    }

    /** Forgets what was verified of {@code pod}: it is read again before a password goes there. */
    void forget(PodKey pod) {
        chains.remove(pod);
    }

    /** The approvals port over the external caches of this context. */
    CacheApprovals approvals() {
        return new CacheApprovals() {
            @Override
            public Optional<CacheApprovalRequest> pending(PodKey cache) {
                CacheAddress a = externals.get(cache);
                return a == null ? Optional.empty() : PasswordBinding.this.pending(a);
            }

            @Override
            public void approve(CacheApprovalRequest request) throws IOException {
                approvals.approve(request);
            }
        };
    }

    private Optional<CacheApprovalRequest> pending(CacheAddress external) {
        return approvals.requestFor(external).filter(r -> !approvals.approved(r));
    }

    private OwnerChain chain(PodKey pod) {
        if (owners == null) {
            return new OwnerChain(java.util.List.of(), OwnerChain.End.UNREADABLE, "",
                    "there is no cluster connection to read its owners from");
        }
        Instant now = clock.instant();
        Checked c = chains.get(pod);
        if (c != null && now.isBefore(c.at().plus(CHAIN_TTL))) {
            return c.chain();
        }
        OwnerChain read = owners.chain(pod);
        chains.put(pod, new Checked(read, now));
        return read;
    }
}
