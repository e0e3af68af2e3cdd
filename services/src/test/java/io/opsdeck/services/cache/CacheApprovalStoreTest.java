package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.TestClock;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An approval is of the pair and of the way the password travels there; the approvals file is trusted only as a plain file of the user's own: approvals reached through a
 * symbolic link (to a file someone else prepared) are not given, and a pipe in its place is not read
 * (reading one would block the poll that asks).
 */
class CacheApprovalStoreTest {
    static final CacheAddress MANAGED = new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", 6379,
            "secret:cache/redis-auth#password", CacheTls.OFF, true);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    @Test
    void aPlainFileOfTheUsersOwnIsTrusted() throws Exception {
        CacheApprovalStore store = store(dir.resolve(CacheApprovalStore.FILE_NAME));
        store.approve(request(store));

        assertThat(store(dir.resolve(CacheApprovalStore.FILE_NAME)).approved(request(store))).isTrue();
    }

    @Test
    void aWeakerConnectionToTheSamePairNeedsANewApproval() throws Exception {
        CacheTls verified = new CacheTls(true, true, "/etc/opsdeck/ca.pem", "redis.cache.svc", "", "");
        CacheApprovalStore store = store(dir.resolve(CacheApprovalStore.FILE_NAME));
        store.approve(store.requestFor(managed(verified, false)).orElseThrow());

        assertThat(store.approved(store.requestFor(managed(verified, false)).orElseThrow())).as("as approved").isTrue();
        // a settings file changed afterwards must not make the approved password travel less protected
        for (CacheAddress weaker : List.of(
                managed(new CacheTls(true, false, "", "", "", ""), false),
                managed(CacheTls.OFF, true),
                managed(new CacheTls(true, true, "/tmp/their-ca.pem", "redis.cache.svc", "", ""), false),
                managed(new CacheTls(true, true, "/etc/opsdeck/ca.pem", "redis.evil.example", "", ""), false))) {
            CacheApprovalRequest asked = store.requestFor(weaker).orElseThrow();
            assertThat(store.approved(asked)).as(asked.question()).isFalse();
        }
        assertThat(store.requestFor(managed(CacheTls.OFF, true)).orElseThrow().question())
                .isEqualTo("send the password from Secret cache/redis-auth#password to 127.0.0.1:6379 without TLS?");
    }

    @Test
    void approvalsReachedThroughASymbolicLinkAreNotGiven() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        CacheApprovalStore prepared = store(elsewhere.resolve(CacheApprovalStore.FILE_NAME));
        prepared.approve(request(prepared));
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.createSymbolicLink(state.resolve(CacheApprovalStore.FILE_NAME), elsewhere.resolve(CacheApprovalStore.FILE_NAME));

        CacheApprovalStore linked = store(state.resolve(CacheApprovalStore.FILE_NAME));
        assertThat(linked.approved(request(linked))).isFalse();
    }

    @Test
    void aPipeInPlaceOfTheFileIsNotRead() throws Exception {
        Path fifo = dir.resolve(CacheApprovalStore.FILE_NAME);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();

        CacheApprovalStore store = store(fifo);
        // without the check, opening the pipe blocks until someone writes to it: the guard only ends that hang
        boolean approved = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> store.approved(request(store)));
        assertThat(approved).isFalse();
    }

    private static CacheAddress managed(CacheTls tls, boolean allowCleartext) {
        return new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", 6379, "secret:cache/redis-auth#password",
                tls, allowCleartext);
    }

    private CacheApprovalStore store(Path file) {
        return new CacheApprovalStore(file, "prod", clock);
    }

    private static CacheApprovalRequest request(CacheApprovalStore store) {
        return store.requestFor(MANAGED).orElseThrow();
    }
}
