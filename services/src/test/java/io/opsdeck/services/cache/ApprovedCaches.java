package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * For tests whose subject is not the approval: a store in a fresh private directory in which every password
 * pairing of {@code caches} has been approved, as the user would on the Caches page
 * ({@link ExternalSecretApprovalTest} is about the waiting itself).
 */
final class ApprovedCaches {
    private ApprovedCaches() {
    }

    static CacheApprovalStore store(List<CacheAddress> caches) {
        try {
            Path dir = Files.createTempDirectory("opsdeck-approvals");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(CacheApprovalStore.FILE_NAME);
            file.toFile().deleteOnExit();
            CacheApprovalStore store = new CacheApprovalStore(file, "", Clock.systemUTC());
            for (CacheAddress c : caches) {
                store.requestFor(c).ifPresent(r -> {
                    try {
                        store.approve(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Endpoints without a cluster for {@code caches}, their pairings approved. */
    static CacheEndpoints endpoints(CachePasswords passwords, List<CacheAddress> caches) {
        return new CacheEndpoints(null, null, passwords, CacheCredentials.NONE, caches, store(caches),
                Clock.systemUTC());
    }
}
