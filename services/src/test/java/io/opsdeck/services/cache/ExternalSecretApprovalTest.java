package io.opsdeck.services.cache;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.LogCapture;
import io.opsdeck.services.fixtures.MemcachedFixture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.fixtures.TestClock;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.opsdeck.services.fixtures.RedisCounters.authCalls;
import static io.opsdeck.services.fixtures.RedisCounters.counter;
import static io.opsdeck.services.fixtures.RedisCounters.info;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A settings file names an external Redis and a {@code secret:} reference: until the user approved
 * that pairing, Opsdeck neither reads the Secret nor connects, let alone sends AUTH; after approval it
 * does; another address, or another reference, waits for its own approval. The Redis is a real
 * {@code redis-server} with {@code requirepass}, watched from a connection of the test's own.
 */
@EnableKubernetesMockClient(crud = true)
class ExternalSecretApprovalTest {
    static final String PASSWORD = "Kp4-test-only-approval-password";
    static final String REF = "secret:cache/redis-auth#password";
    static KubernetesMockServer server;
    static KubernetesClient client;
    static RedisFixture redis;

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    @BeforeAll
    static void start() {
        redis = RedisFixture.start("redis-approval", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(redis);
    }

    @BeforeEach
    void secret() throws Exception {
        client.secrets().inNamespace("cache").resource(new SecretBuilder().withNewMetadata().withName("redis-auth")
                .withNamespace("cache").endMetadata().withStringData(Map.of("password", PASSWORD)).build())
                .createOr(r -> r.update());
        requests();
    }

    @Test
    void noSecretIsReadAndNoAuthSentBeforeApprovalAndAuthAfterIt() throws Exception {
        CacheApprovalStore store = store();
        CacheAddress managed = new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(),
                REF, CacheTls.OFF, true);
        try (LogCapture logs = new LogCapture("io.opsdeck", "redis.clients");
             Resp watch = redis.client();
             DirectCachePoller poller = poller(store, managed)) {
            long connections = counter(watch, "stats", "total_connections_received");
            long auths = authCalls(watch);

            CacheStats waiting = read(poller);

            assertThat(waiting.error()).contains("external/managed is waiting for approval: send the password from"
                    + " Secret cache/redis-auth#password to 127.0.0.1:" + redis.port() + " without TLS?")
                    .contains("opsdeck caches approve managed").contains("no Secret is read and no password is sent");
            assertThat(requests()).as("no Secret was read").noneMatch(p -> p.contains("/secrets"));
            assertThat(counter(watch, "stats", "total_connections_received")).as("Opsdeck did not even connect")
                    .isEqualTo(connections);
            assertThat(authCalls(watch)).as("no AUTH reached the server").isEqualTo(auths);

            CacheApprovalRequest pending = poller.endpoints().approvals().pending(managed.key()).orElseThrow();
            assertThat(pending.question()).isEqualTo("send the password from Secret cache/redis-auth#password to 127.0.0.1:"
                    + redis.port() + " without TLS?");
            poller.endpoints().approvals().approve(pending);

            assertThat(poller.endpoints().approvals().pending(managed.key())).isEmpty();
            read(poller);
            clock.advance(Duration.ofSeconds(5));
            CacheStats approved = read(poller);

            assertThat(approved.error()).isEmpty();
            assertThat(approved.memoryUsedBytes()).isPositive();
            assertThat(requests()).as("the Secret is read once approved").anyMatch(p -> p.contains("/secrets/redis-auth"));
            assertThat(authCalls(watch)).as("AUTH was sent").isGreaterThan(auths);
            Path file = dir.resolve(CacheApprovalStore.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).contains(REF).contains("127.0.0.1:" + redis.port())
                    .doesNotContain(PASSWORD);
            assertThat(logs.allText()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void anotherAddressOrAnotherReferenceVoidsTheApproval() throws Exception {
        CacheApprovalStore store = store();
        CacheAddress approved = new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(),
                REF, CacheTls.OFF, true);
        store.approve(store.requestFor(approved).orElseThrow());
        // the same server under another name: an approval is of the address written, not of where it leads
        CacheAddress moved = new CacheAddress("managed", CacheKind.REDIS, "localhost", redis.port(),
                REF, CacheTls.OFF, true);
        CacheAddress otherKey = new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(),
                "cache/redis-auth#admin-password", CacheTls.OFF, true);
        try (Resp watch = redis.client()) {
            for (CacheAddress changed : List.of(moved, otherKey)) {
                long connections = counter(watch, "stats", "total_connections_received");
                long auths = authCalls(watch);
                try (DirectCachePoller poller = poller(store(), changed)) {
                    CacheStats s = read(poller);

                    assertThat(s.error()).as(changed.toString()).contains("waiting for approval");
                    assertThat(poller.endpoints().approvals().pending(changed.key())).isPresent();
                }
                assertThat(requests()).noneMatch(p -> p.contains("/secrets"));
                assertThat(counter(watch, "stats", "total_connections_received")).isEqualTo(connections);
                assertThat(authCalls(watch)).isEqualTo(auths);
            }
        }
        try (DirectCachePoller poller = poller(store(), approved)) {
            assertThat(poller.endpoints().approvals().pending(approved.key())).as("the approved pair still is").isEmpty();
        }
    }

    @Test
    void anApprovalsFileOthersMayWriteIsNotTrusted() throws Exception {
        CacheAddress managed = new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(),
                REF, CacheTls.OFF, true);
        store().approve(store().requestFor(managed).orElseThrow());
        Files.setPosixFilePermissions(dir.resolve(CacheApprovalStore.FILE_NAME), PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(store().approved(store().requestFor(managed).orElseThrow())).isFalse();
    }

    @Test
    void aMemcachedTakesNoPasswordSoItsReferenceIsNeitherAskedForNorRead() throws Exception {
        try (MemcachedFixture memcached = MemcachedFixture.start("memcached-approval")) {
            CacheAddress sessions = new CacheAddress("managed", CacheKind.MEMCACHED, "127.0.0.1", memcached.port(),
                    REF, CacheTls.OFF, false);
            try (DirectCachePoller poller = poller(store(), sessions)) {
                read(poller);
                clock.advance(Duration.ofSeconds(5));
                CacheStats s = read(poller);

                // before: "waiting for approval" for a password the text protocol never sends, and once approved,
                // "did not send the password": its figures unknown for good
                assertThat(s.error()).isEmpty();
                assertThat(s.memoryMaxBytes()).as("limit_maxbytes was read").isPositive();
                assertThat(poller.endpoints().approvals().pending(sessions.key())).isEmpty();
            }
            assertThat(requests()).as("no Secret read for it").noneMatch(p -> p.contains("/secrets"));
        }
    }

    @Test
    void anEnvironmentReferenceWaitsForItsApprovalToo() throws Exception {
        // a settings file from someone else could name any variable of the user's ($AWS_SECRET_ACCESS_KEY)
        CacheAddress managed = new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(),
                "env:PW", CacheTls.OFF, true);
        CachePasswords env = new CachePasswords(Map.of("PW", PASSWORD)::get, client, clock);
        try (Resp watch = redis.client();
             DirectCachePoller poller = DirectCachePoller.create(new CacheEndpoints(null, null, env,
                     CacheCredentials.NONE, List.of(managed), store(), clock), Duration.ofMinutes(5), clock)) {
            long connections = counter(watch, "stats", "total_connections_received");
            long auths = authCalls(watch);

            CacheStats waiting = read(poller);

            assertThat(waiting.error()).contains("waiting for approval: send the password from environment variable PW"
                    + " to 127.0.0.1:" + redis.port() + " without TLS?").contains("no password is sent")
                    .doesNotContain("Secret");
            assertThat(counter(watch, "stats", "total_connections_received")).as("Opsdeck did not even connect")
                    .isEqualTo(connections);
            assertThat(authCalls(watch)).as("no AUTH reached the server").isEqualTo(auths);

            poller.endpoints().approvals().approve(poller.endpoints().approvals().pending(managed.key()).orElseThrow());
            read(poller);
            clock.advance(Duration.ofSeconds(5));

            assertThat(read(poller).error()).isEmpty();
            assertThat(authCalls(watch)).as("AUTH was sent once approved").isGreaterThan(auths);
            assertThat(Files.readString(dir.resolve(CacheApprovalStore.FILE_NAME))).contains("env:PW")
                    .doesNotContain(PASSWORD);
        }
    }

    private CacheApprovalStore store() {
        return new CacheApprovalStore(dir.resolve(CacheApprovalStore.FILE_NAME), "prod", clock);
    }

    private DirectCachePoller poller(CacheApprovalStore store, CacheAddress address) {
        CachePasswords passwords = new CachePasswords(Map.<String, String>of()::get, client, clock);
        return DirectCachePoller.create(new CacheEndpoints(null, null, passwords, CacheCredentials.NONE,
                List.of(address), store, clock), Duration.ofMinutes(5), clock);
    }

    private static CacheStats read(DirectCachePoller poller) {
        return poller.read(poller.endpoints().externalNodes()).get(new PodKey("external", "managed")).stats();
    }

    /** The paths the mock API server was asked for since the last call. */
    private static List<String> requests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getPath());
        }
        return paths;
    }
}
