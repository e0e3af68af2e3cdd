package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Flushing real Redis servers on loopback: a primary with keys in two databases, a replica of it, a
 * server whose user may not run @dangerous commands, and one with FLUSHALL renamed away.
 */
class RedisFlushTest {
    static final String PASSWORD = "s3cret-flush-pw";
    static RedisFixture primary;
    static RedisFixture replica;
    static RedisFixture restricted;
    static RedisFixture renamed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        primary = RedisFixture.start("flush-primary");
        replica = RedisFixture.start("flush-replica", null, "--replicaof", "127.0.0.1", Integer.toString(primary.port()));
        restricted = RedisFixture.start("flush-acl", PASSWORD);
        renamed = RedisFixture.start("flush-renamed", null, "--rename-command", "FLUSHALL", "");
        try (Resp c = restricted.client()) {
            c.command("ACL", "SETUSER", "default", "-@dangerous", "+info");
        }
    }

    @AfterAll
    static void stop() {
        for (RedisFixture r : new RedisFixture[]{replica, primary, restricted, renamed}) {
            if (r != null) {
                r.close();
            }
        }
    }

    @BeforeEach
    void keys() {
        try (Resp c = primary.client()) {
            c.command("FLUSHALL");
            c.pipeline(List.of(new String[]{"SET", "a", "1"}, new String[]{"SET", "b", "2"}, new String[]{"SET", "c", "3"},
                    new String[]{"SELECT", "1"}, new String[]{"SET", "d", "4"}, new String[]{"SET", "e", "5"}));
        }
        for (RedisFixture r : List.of(restricted, renamed)) {
            try (Resp c = r.client()) {
                c.command("SET", "kept", "1");
            }
        }
    }

    @Test
    void flushAllEmptiesEveryDatabaseAfterTheNameIsTyped() throws Exception {
        FlushHarness h = harness();
        String target = "127.0.0.1:" + primary.port();
        ActionPlan plan = h.pipeline.plan(new FlushRequest(target, CacheKind.REDIS, null, 0));

        assertThat(plan.destructive()).isTrue();
        assertThat(plan.title()).contains("5 keys");
        assertThat(plan.changes().get(0)).contains("primary").contains("FLUSHALL ASYNC").contains("db0 3 keys")
                .contains("db1 2 keys");
        assertThat(plan.undo()).contains("Nothing brings the keys back");
        assertThat(plan.permissions()).as("an address needs no Kubernetes permission").isEmpty();
        ActionCheck check = h.pipeline.check(plan);
        assertThat(check.confirmText()).isEqualTo(target);

        ActionOutcome o = h.run(plan, target);

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(o.facts()).containsEntry("kind", "redis").containsEntry("role", "primary")
                .containsEntry("keysBefore", 5L).containsEntry("keysAfter", 0L);
        assertThat(dbsize(primary, 0)).isZero();
        assertThat(dbsize(primary, 1)).isZero();
        String trail = Files.readString(h.audit);
        assertThat(trail).contains("\"keysBefore\":5").contains("\"keysAfter\":0").contains("\"result\":\"done\"")
                .contains(target);
        assertThat(h.pipeline.history(1).get(0).undo()).as("a flush has no undo").isNull();
    }

    @Test
    void oneDatabaseIsFlushedWithFlushDbAndTheOthersKeepTheirKeys() throws Exception {
        FlushHarness h = harness();
        ActionPlan plan = h.pipeline.plan(new FlushRequest("127.0.0.1:" + primary.port(), CacheKind.REDIS, 1, 0));

        assertThat(plan.changes().get(0)).contains("FLUSHDB ASYNC").contains("db1 2 keys").doesNotContain("db0")
                .contains("the other databases keep theirs");

        ActionOutcome o = h.run(plan, "127.0.0.1:" + primary.port());

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(o.facts()).containsEntry("keysBefore", 2L).containsEntry("keysAfter", 0L);
        assertThat(dbsize(primary, 1)).isZero();
        assertThat(dbsize(primary, 0)).isEqualTo(3);
    }

    @Test
    void withoutTheTypedNameNothingIsFlushed() throws Exception {
        FlushHarness h = harness();
        ActionPlan plan = h.pipeline.plan(new FlushRequest("127.0.0.1:" + primary.port(), CacheKind.REDIS, null, 0));

        ActionOutcome o = h.run(plan, "yes");

        assertThat(o.result()).isEqualTo(ActionResult.REFUSED);
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(dbsize(primary, 0) + dbsize(primary, 1)).isEqualTo(5);
    }

    @Test
    void aReplicaIsRefusedWithTheNameOfItsPrimary() throws Exception {
        awaitReplicated();
        FlushHarness h = harness();
        String target = "127.0.0.1:" + replica.port();
        ActionPlan plan = h.pipeline.plan(new FlushRequest(target, CacheKind.REDIS, null, 0));

        assertThat(plan.blocker()).contains("replica of 127.0.0.1:" + primary.port())
                .contains("Flush the primary 127.0.0.1:" + primary.port());
        ActionOutcome o = h.run(plan, target);
        assertThat(o.result()).isEqualTo(ActionResult.REFUSED);
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(dbsize(primary, 0)).isEqualTo(3);

        ActionException e = catchThrowableOfType(ActionException.class, () -> flusher().flush(
                new CacheOps.Node("", target, target, CacheKind.REDIS, "", false),
                new CacheOps.Flush(null, List.of("FLUSHALL", "ASYNC"), 0)));
        assertThat(e.kind()).as("the server's own refusal").isEqualTo(ActionException.Kind.FORBIDDEN);
        assertThat(e.getMessage()).contains("READONLY").contains("Flush its primary instead");
    }

    @Test
    void anAclUserWithoutDangerousCommandsIsNamedWithTheCommandAndNoPasswordIsWritten() throws Exception {
        FlushHarness h = harness(new CacheAddress("sessions", CacheKind.REDIS, "127.0.0.1", restricted.port(), "env:PW"),
                PASSWORD);
        ActionPlan plan = h.pipeline.plan(new FlushRequest("sessions"));
        assertThat(plan.objectName()).isEqualTo("sessions");

        ActionOutcome o = h.run(plan, "sessions");

        assertThat(o.result()).isEqualTo(ActionResult.REFUSED);
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(o.message()).contains("NOPERM").contains("'default'").contains("FLUSHALL").contains("@dangerous");
        assertThat(dbsize(restricted, 0)).isEqualTo(1);
        assertThat(Files.readString(h.audit)).contains("NOPERM").doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsSaidAndNothingIsPlanned() {
        FlushHarness h = harness(new CacheAddress("sessions", CacheKind.REDIS, "127.0.0.1", restricted.port(), "env:PW"),
                "not-the-password");

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> h.pipeline.plan(new FlushRequest("sessions")));

        assertThat(e.kind()).isEqualTo(ActionException.Kind.FORBIDDEN);
        assertThat(e.getMessage()).contains("refused the password").doesNotContain("not-the-password");
    }

    @Test
    void aRenamedFlushAllIsSaidToBeRenamedOrDisabled() throws Exception {
        FlushHarness h = harness();
        String target = "127.0.0.1:" + renamed.port();
        ActionPlan plan = h.pipeline.plan(new FlushRequest(target, CacheKind.REDIS, null, 0));

        ActionOutcome o = h.run(plan, target);

        assertThat(o.result()).isEqualTo(ActionResult.REFUSED);
        assertThat(o.message()).contains("does not know FLUSHALL").contains("rename-command");
        assertThat(dbsize(renamed, 0)).isEqualTo(1);
    }

    @Test
    void anAddressOnAnUnusualPortNeedsTheKind() {
        FlushHarness h = harness();

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> h.pipeline.plan(new FlushRequest("127.0.0.1:" + primary.port())));

        assertThat(e.kind()).isEqualTo(ActionException.Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("--kind redis");
    }

    @Test
    void aRedisClusterNodeListsEveryMasterAndIsFlushedWhenThePlanReachesThemAll() throws Exception {
        try (RedisFixture cluster = RedisFixture.start("flush-cluster", null, "--cluster-enabled", "yes")) {
            try (Resp c = cluster.client()) {
                c.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            }
            awaitClusterUp(cluster);
            FlushHarness h = harness();
            String target = "127.0.0.1:" + cluster.port();
            ActionPlan plan = h.pipeline.plan(new FlushRequest(target, CacheKind.REDIS, null, 0));

            assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("Redis Cluster mode")
                    .contains("127.0.0.1:" + cluster.port()));
            assertThat(plan.blocker()).as("its one master is the node planned").isEmpty();
            ActionOutcome o = h.run(plan, target);
            assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
            assertThat(dbsize(cluster, 0)).isZero();
        }
    }

    @Test
    void aServerThatAnnouncesAHugeAnswerIsRefusedBeforeItIsRead() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.ExecutorService answer = java.util.concurrent.Executors.newSingleThreadExecutor();
            answer.submit(() -> {
                try (java.net.Socket s = fake.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream().write("$1500000000\r\nxxxxxxxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // until the client gives up
                }
                return null;
            });
            String target = "127.0.0.1:" + fake.getLocalPort();
            try {
                ActionException e = catchThrowableOfType(ActionException.class, () -> flusher().read(
                        new CacheOps.Node("", target, target, CacheKind.REDIS, "", false)));

                assertThat(e.getMessage()).contains("declared a reply of 1500000000 bytes").contains("is this port really Redis?");
            } finally {
                answer.shutdownNow();
            }
        }
    }

    private FlushHarness harness() {
        return new FlushHarness(flusher(), dir, null);
    }

    private FlushHarness harness(CacheAddress plain, String password) {
        // a password over plain TCP to 127.0.0.1: allowed here, as a user would for a trusted network
        CacheAddress external = new CacheAddress(plain.name(), plain.kind(), plain.host(), plain.port(),
                plain.passwordRef(), plain.tls(), true);
        CacheEndpoints endpoints = ApprovedCaches.endpoints(new CachePasswords(Map.of("PW", password)::get, null,
                Clock.systemUTC()), List.of(external));
        return new FlushHarness(new CacheFlusher(endpoints), dir, null);
    }

    private static CacheFlusher flusher() {
        return new CacheFlusher(new CacheEndpoints(null, CachePasswords.fromEnvironment(), CacheCredentials.NONE, List.of()));
    }

    static long dbsize(RedisFixture r, int db) {
        try (Resp c = r.client()) {
            c.command("SELECT", Integer.toString(db));
            return (Long) c.command("DBSIZE");
        }
    }

    /** A one-node Redis Cluster serving every slot takes writes once its state is ok. */
    private static void awaitClusterUp(RedisFixture cluster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Resp c = cluster.client()) {
                c.command("SET", "k", "v");
                return;
            } catch (RuntimeException clusterDown) {
                if (System.nanoTime() > deadline) {
                    throw clusterDown;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The replica has the primary's keys (it is a real replica, not only configured as one). */
    private static void awaitReplicated() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (dbsize(replica, 0) != 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(dbsize(replica, 0)).as("replicated from the primary").isEqualTo(3);
    }
}
