package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.HostilePeer;
import io.opsdeck.services.fixtures.LogCapture;
import io.opsdeck.services.fixtures.MemcachedFixture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.fixtures.TlsFiles;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Cache connections over TLS against real servers — redis-server 7 with {@code --port 0 --tls-port} and
 * memcached 1.6 with {@code -Z} — whose certificate, made for the test, names only a Service's DNS name:
 * read and flushed with the CA file and that name; refused with a sentence, and without the password
 * sent, when the CA or the name is wrong; and a password never sent without TLS outside the cluster
 * unless the settings allow it.
 */
class CacheTlsTest {
    static final String PASSWORD = "Tq4-test-only-tls-password";
    static final String SERVICE = "redis.cache.svc";
    static TlsFiles certs;
    static RedisFixture redis;
    static RedisFixture mutual;
    static MemcachedFixture memcached;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        certs = TlsFiles.create(SERVICE);
        redis = RedisFixture.startTls("redis-tls", PASSWORD, certs, false);
        mutual = RedisFixture.startTls("redis-mtls", null, certs, true);
        memcached = MemcachedFixture.startTls("memcached-tls", certs, false);
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(redis, mutual, memcached, certs);
    }

    static CacheTls verified(Path ca, String serverName) {
        return new CacheTls(true, true, ca.toString(), serverName, "", "");
    }

    @Test
    void aRedisIsReadThroughTlsWithItsCaFileAndTheNameItsCertificateHolds() {
        long authBefore = authCalls();
        try (LogCapture logs = new LogCapture("redis.clients", "io.opsdeck");
             DirectCachePoller poller = poller(redisAt(verified(certs.ca, SERVICE), false))) {
            read(poller);
            DirectReading r = read(poller);

            assertThat(r.stats().error()).isEmpty();
            assertThat(r.stats().memoryUsedBytes()).isPositive();
            assertThat(r.details().role()).isEqualTo("primary");
            assertThat(authCalls() - authBefore).as("the password went, inside TLS (besides the look's own AUTH)")
                    .isGreaterThan(1);
            assertThat(poller.endpoints().transport(node(poller))).isEqualTo(CacheTransport.TLS);
            assertThat(logs.allText()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aRedisIsFlushedThroughTls() throws Exception {
        try (Resp c = redis.client()) {
            c.command("SET", "a", "1");
            c.command("SET", "b", "2");
        }
        FlushHarness h = harness(redisAt(verified(certs.ca, SERVICE), false));
        ActionPlan plan = h.pipeline.plan(new FlushRequest("secure"));

        ActionOutcome o = h.run(plan, "secure");

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(o.facts()).containsEntry("keysBefore", 2L).containsEntry("keysAfter", 0L);
        try (Resp c = redis.client()) {
            assertThat(c.command("DBSIZE")).isEqualTo(0L);
        }
        assertThat(Files.readString(h.audit)).doesNotContain(PASSWORD);
    }

    @Test
    void anAddressOnTheCommandLineIsFlushedOverTlsWithItsCaAndServerName() throws Exception {
        try (RedisFixture open = RedisFixture.startTls("redis-tls-open", null, certs, false)) {
            try (Resp c = open.client()) {
                c.command("SET", "a", "1");
            }
            FlushHarness h = harness(redisAt(CacheTls.OFF, false));
            String target = "rediss://127.0.0.1:" + open.port();
            ActionPlan plan = h.pipeline.plan(new FlushRequest(target, null, null, 0,
                    new CacheTls(true, true, certs.ca.toString(), SERVICE, "", "")));
            assertThat(plan.request().commandLine()).contains("--tls").contains("--tls-ca " + certs.ca)
                    .contains("--tls-server-name " + SERVICE);

            ActionOutcome o = h.run(plan, target);

            assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
            assertThat(o.facts()).containsEntry("keysBefore", 1L).containsEntry("keysAfter", 0L);
            ActionException e = catchThrowableOfType(ActionException.class, () -> h.pipeline.plan(
                    new FlushRequest(target, null, null, 0, null)));
            assertThat(e.getMessage()).as("rediss:// alone: the system's trust store, the host's name")
                    .contains("is not signed by a CA Opsdeck trusts (the system's trust store)");
            ActionException notAnAddress = catchThrowableOfType(ActionException.class, () -> h.pipeline.plan(
                    new FlushRequest("secure", null, null, 0, CacheTls.VERIFIED)));
            assertThat(notAnAddress.kind()).isEqualTo(ActionException.Kind.BAD_REQUEST);
            assertThat(notAnAddress.getMessage()).contains("takes its TLS from Settings");
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithASentenceAndNoPasswordIsSent() {
        long authBefore = authCalls();
        try (DirectCachePoller poller = poller(redisAt(verified(certs.otherCa, SERVICE), false))) {
            DirectReading r = read(poller);

            assertThat(r.details().state()).isEqualTo(CacheNodeState.UNAVAILABLE);
            assertThat(r.stats().error()).contains("127.0.0.1:" + redis.port())
                    .contains("is not signed by a CA Opsdeck trusts").contains("the CA file " + certs.otherCa)
                    .contains("nothing was sent").contains("Settings");
            FlushHarness h = harness(redisAt(verified(certs.otherCa, SERVICE), false));
            ActionException e = catchThrowableOfType(ActionException.class,
                    () -> h.pipeline.plan(new FlushRequest("secure")));
            assertThat(e.kind()).isEqualTo(ActionException.Kind.FORBIDDEN);
            assertThat(e.getMessage()).contains("is not signed by a CA Opsdeck trusts");
        }
        assertThat(authCalls() - authBefore).as("no AUTH reached the server but the look's own").isEqualTo(1);
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedAndSaysToSetTheServerName() {
        long authBefore = authCalls();
        try (DirectCachePoller poller = poller(redisAt(verified(certs.ca, ""), false))) {
            DirectReading r = read(poller);

            assertThat(r.stats().error()).contains("does not name 127.0.0.1").contains("TLS server name in Settings");
        }
        assertThat(authCalls() - authBefore).as("no AUTH reached the server but the look's own").isEqualTo(1);
    }

    @Test
    void withoutVerificationTheServerIsReadAndShownAsNotVerified() {
        CacheTls unverified = new CacheTls(true, false, certs.otherCa.toString(), "", "", "");
        try (DirectCachePoller poller = poller(redisAt(unverified, false))) {
            read(poller);
            DirectReading r = read(poller);

            assertThat(r.stats().error()).isEmpty();
            assertThat(poller.endpoints().transport(node(poller))).isEqualTo(CacheTransport.TLS_NOT_VERIFIED);
            assertThat(CacheTransport.TLS_NOT_VERIFIED.weakened()).isTrue();
        }
    }

    @Test
    void aServerThatRequiresAClientCertificateIsReadWithOneAndRefusesWithout() {
        CacheTls withCert = new CacheTls(true, true, certs.ca.toString(), SERVICE, certs.clientCert.toString(),
                certs.clientKey.toString());
        CacheAddress with = new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", mutual.port(), "", withCert, false);
        CacheAddress without = new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", mutual.port(), "",
                verified(certs.ca, SERVICE), false);
        try (DirectCachePoller ok = poller(with); DirectCachePoller refused = poller(without)) {
            read(ok);
            assertThat(read(ok).stats().error()).isEmpty();
            assertThat(read(refused).stats().error()).contains("127.0.0.1:" + mutual.port()).isNotEmpty();
            assertThat(read(refused).details().state()).isEqualTo(CacheNodeState.UNAVAILABLE);
        }
    }

    @Test
    void anInClusterCacheIsReadThroughTlsInsideItsPortForwardWithTheServiceName() {
        CacheNode pod = new CacheNode(new PodKey("cache", "redis-0"), CacheKind.REDIS, "redis", "", "", 6379);
        PodPortForwarder toTheTlsPort = (p, port) -> new CompositeMetricsSourceTest.LoopbackForwarder().openAt(redis.port());
        // the pod is its StatefulSet's, as the API server would show: the workload's password may go there
        PodOwners owners = p -> new OwnerChain(List.of(new OwnerChain.Link("StatefulSet", "redis")),
                OwnerChain.End.COMPLETE, "", "");
        CacheEndpoints endpoints = new CacheEndpoints(toTheTlsPort, owners, new CachePasswords(Map.of("PW", PASSWORD)::get,
                null, Clock.systemUTC()), new CacheCredentials(Map.of("cache/redis", "env:PW")),
                new CacheTlsRules(Map.of("cache/redis", verified(certs.ca, SERVICE))), List.of(),
                CacheApprovalStore.none(), Clock.systemUTC());
        try (DirectCachePoller poller = DirectCachePoller.create(endpoints, Duration.ofMinutes(5), Clock.systemUTC())) {
            poller.read(List.of(pod));
            DirectReading r = poller.read(List.of(pod)).get(pod.pod());

            assertThat(r.stats().error()).isEmpty();
            assertThat(endpoints.transport(pod)).isEqualTo(CacheTransport.TLS);
            CacheNode other = new CacheNode(new PodKey("cache", "plain-0"), CacheKind.REDIS, "plain", "", "", 6379);
            assertThat(endpoints.transport(other)).as("a port-forward without TLS").isEqualTo(CacheTransport.PORT_FORWARD);
        }
    }

    @Test
    void aPodsOwnTlsSettingWinsOverItsClustersAndACacheWithoutOneHasNone() {
        CacheTls cluster = verified(certs.ca, "redis.cache.svc");
        CacheTls pod = verified(certs.ca, "redis-1.redis.cache.svc");
        CacheTlsRules rules = new CacheTlsRules(Map.of("cache/redis", cluster, "cache/redis-1", pod));

        assertThat(rules.forNode(new CacheNode(new PodKey("cache", "redis-0"), CacheKind.REDIS, "redis", "", "", 6379)))
                .isEqualTo(cluster);
        assertThat(rules.forNode(new CacheNode(new PodKey("cache", "redis-1"), CacheKind.REDIS, "redis", "", "", 6379)))
                .isEqualTo(pod);
        assertThat(rules.forNode(new CacheNode(new PodKey("other", "redis-0"), CacheKind.REDIS, "redis", "", "", 6379)))
                .isEqualTo(CacheTls.OFF);
    }

    @Test
    void aMemcachedIsReadAndFlushedThroughTls() throws Exception {
        try (MemcachedFixture.Text t = memcached.client()) {
            t.set("a", "1");
            t.set("b", "2");
        }
        CacheAddress secure = new CacheAddress("secure", CacheKind.MEMCACHED, "127.0.0.1", memcached.port(), "",
                verified(certs.ca, SERVICE), false);
        try (DirectCachePoller poller = poller(secure)) {
            read(poller);
            assertThat(read(poller).stats().error()).isEmpty();
        }
        FlushHarness h = harness(secure);
        ActionPlan plan = h.pipeline.plan(new FlushRequest("secure"));

        ActionOutcome o = h.run(plan, "secure");

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        try (MemcachedFixture.Text t = memcached.client()) {
            assertThat(t.get("a")).as("flushed").isFalse();
        }
    }

    @Test
    void aMemcachedWithACertificateFromAnotherCaIsRefused() {
        CacheAddress wrong = new CacheAddress("secure", CacheKind.MEMCACHED, "127.0.0.1", memcached.port(), "",
                verified(certs.otherCa, SERVICE), false);
        try (DirectCachePoller poller = poller(wrong)) {
            assertThat(read(poller).stats().error()).contains("Memcached at 127.0.0.1:" + memcached.port())
                    .contains("is not signed by a CA Opsdeck trusts");
        }
    }

    @Test
    void tlsToAPlainPortAndPlainToATlsPortEachSayWhatToCheck() throws Exception {
        try (RedisFixture plain = RedisFixture.start("redis-plain-for-tls")) {
            CacheAddress tlsToPlain = new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", plain.port(), "",
                    verified(certs.ca, SERVICE), false);
            try (DirectCachePoller poller = poller(tlsToPlain)) {
                assertThat(read(poller).stats().error()).contains("127.0.0.1:" + plain.port())
                        .contains("did not answer the TLS handshake").contains("is TLS on for this port");
            }
        }
        CacheAddress plainToTls = new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", redis.port(), "",
                CacheTls.OFF, false);
        try (DirectCachePoller poller = poller(plainToTls)) {
            assertThat(read(poller).stats().error()).contains("127.0.0.1:" + redis.port())
                    .contains("turn TLS on for this cache in Settings");
        }
    }

    @Test
    void aPasswordIsNotSentWithoutTlsOutsideTheClusterAndTheNodeSaysWhatToSet() throws Exception {
        StringBuffer received = new StringBuffer();
        try (HostilePeer standIn = recording(received);
             DirectCachePoller poller = poller(new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", standIn.port(),
                     "env:PW", CacheTls.OFF, false))) {
            DirectReading r = read(poller);

            assertThat(r.details().state()).isEqualTo(CacheNodeState.UNAVAILABLE);
            assertThat(r.stats().error()).contains("did not send the password").contains("127.0.0.1:" + standIn.port())
                    .contains("not encrypted").contains("rediss://").contains("allowCleartextPassword");
            assertThat(poller.endpoints().transport(node(poller))).isEqualTo(CacheTransport.CLEARTEXT_REFUSED);
            FlushHarness h = harness(new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", standIn.port(), "env:PW",
                    CacheTls.OFF, false));
            ActionException e = catchThrowableOfType(ActionException.class,
                    () -> h.pipeline.plan(new FlushRequest("secure")));
            assertThat(e.kind()).isEqualTo(ActionException.Kind.FORBIDDEN);
            assertThat(e.getMessage()).contains("did not send the password");
            assertThat(standIn.connections()).as("nothing was sent, not even a connection").isZero();
            assertThat(received.toString()).doesNotContain("AUTH");
        }
    }

    @Test
    void whenTheSettingsAllowItThePasswordGoesWithoutTlsAndThatIsShown() throws Exception {
        StringBuffer received = new StringBuffer();
        try (HostilePeer standIn = recording(received);
             DirectCachePoller poller = poller(new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", standIn.port(),
                     "env:PW", CacheTls.OFF, true))) {
            read(poller);

            assertThat(standIn.connections()).isEqualTo(1);
            assertThat(received.toString()).contains("AUTH");
            assertThat(poller.endpoints().transport(node(poller))).isEqualTo(CacheTransport.CLEARTEXT_ALLOWED);
            assertThat(CacheTransport.CLEARTEXT_ALLOWED.label()).isEqualTo("password sent without TLS (allowed in Settings)");
        }
    }

    /** A stand-in Redis that records what it receives and answers an error. */
    private static HostilePeer recording(StringBuffer received) throws Exception {
        return HostilePeer.start((in, out) -> {
            byte[] b = new byte[512];
            int n = in.read(b);
            received.append(new String(b, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
            out.write("-ERR a stand-in\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    private static CacheAddress redisAt(CacheTls tls, boolean allowCleartext) {
        return new CacheAddress("secure", CacheKind.REDIS, "127.0.0.1", redis.port(), "env:PW", tls, allowCleartext);
    }

    private static DirectCachePoller poller(CacheAddress address) {
        return DirectCachePoller.create(endpoints(address), Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static CacheEndpoints endpoints(CacheAddress address) {
        return ApprovedCaches.endpoints(new CachePasswords(Map.of("PW", PASSWORD)::get, null, Clock.systemUTC()),
                List.of(address));
    }

    private FlushHarness harness(CacheAddress address) {
        return new FlushHarness(new CacheFlusher(endpoints(address)), dir, null);
    }

    private static CacheNode node(DirectCachePoller poller) {
        return poller.endpoints().externalNodes().get(0);
    }

    private static DirectReading read(DirectCachePoller poller) {
        return poller.read(poller.endpoints().externalNodes()).get(new PodKey("external", "secure"));
    }

    /**
     * How many AUTH commands the TLS Redis has run ({@code INFO commandstats}), the AUTH of the connection
     * that asks included: each look adds one.
     */
    private static long authCalls() {
        try (Resp c = redis.client()) {
            String stats = (String) c.command("INFO", "commandstats");
            for (String line : stats.split("\r\n")) {
                if (line.startsWith("cmdstat_auth:")) {
                    return Long.parseLong(RedisInfo.subField(line.substring(line.indexOf(':') + 1), "calls"));
                }
            }
            throw new AssertionError("INFO commandstats lists no AUTH, not even this connection's: " + stats);
        }
    }
}
