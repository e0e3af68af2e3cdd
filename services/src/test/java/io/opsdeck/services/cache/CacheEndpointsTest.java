package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheTls;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.fixtures.TestClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Where cache nodes are reached: configured addresses, and port-forwards kept open across polls. */
@EnableKubernetesMockClient
class CacheEndpointsTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    static final List<CacheAddress> MANAGED = List.of(new CacheAddress("managed", CacheKind.REDIS, "Redis.Example.COM",
            6380, "env:PW", CacheTls.VERIFIED, false));
    final FakeForwarder forwarder = new FakeForwarder();
    final CachePasswords passwords = new CachePasswords(Map.of("PW", "not-shown")::get, null, Clock.systemUTC());
    final TestClock clock = new TestClock();
    /** The pods of cache/redis are its StatefulSet's, as the API server would show. */
    final PodOwners owners = pod -> new OwnerChain(List.of(new OwnerChain.Link("StatefulSet", "redis")),
            OwnerChain.End.COMPLETE, "", "");
    final CacheEndpoints endpoints = new CacheEndpoints(forwarder, owners, passwords,
            new CacheCredentials(Map.of("cache/redis", "env:PW")),
            MANAGED, ApprovedCaches.store(MANAGED), clock);

    @Test
    void aConfiguredAddressIsUsedAsItIsWithItsPassword() throws Exception {
        CacheNode managed = endpoints.externalNodes().get(0);

        CacheTarget t = endpoints.target(managed);

        assertThat(managed.pod()).isEqualTo(new PodKey("external", "managed"));
        assertThat(t.host()).isEqualTo("redis.example.com");
        assertThat(t.port()).isEqualTo(6380);
        assertThat(t.password()).isNotNull();
        assertThat(t.tls()).isEqualTo(CacheTls.VERIFIED);
        assertThat(t.cleartextAllowed()).isFalse();
        assertThat(t.description()).contains("redis.example.com:6380");
        assertThat(forwarder.opened).isEmpty();
    }

    @Test
    void aForwardIsOpenedOncePerPodAndReused() throws Exception {
        CacheTarget first = endpoints.target(node("redis-0"));
        CacheTarget again = endpoints.target(node("redis-0"));
        endpoints.target(node("redis-1"));

        assertThat(forwarder.opened).containsExactly("cache/redis-0:6379", "cache/redis-1:6379");
        assertThat(again.port()).isEqualTo(first.port());
        assertThat(first.description()).contains("cache/redis-0:6379").contains("port-forward")
                .contains("127.0.0.1:" + first.port());
        assertThat(first.password()).as("the cluster's password reference applies").isNotNull();
        assertThat(endpoints.openForwards()).isEqualTo(2);
    }

    @Test
    void aBrokenForwardIsReplacedAtTheNextRead() throws Exception {
        endpoints.target(node("redis-0"));
        forwarder.forwards.get(0).healthy = false;

        endpoints.target(node("redis-0"));

        assertThat(forwarder.opened).hasSize(2);
        assertThat(forwarder.forwards.get(0).closed).isTrue();
        assertThat(forwarder.forwards.get(1).closed).isFalse();
    }

    @Test
    void aFailedReadDropsTheForwardAndTellsWhatTheApiServerSaid() throws Exception {
        endpoints.target(node("redis-0"));
        forwarder.forwards.get(0).problem = "pods \"redis-0\" is forbidden: cannot create pods/portforward";

        CacheReadException e = endpoints.failed(node("redis-0"), new CacheReadException(CacheReadException.Kind.CONNECTION,
                "Could not connect"));

        assertThat(e.getMessage()).contains("cannot create pods/portforward");
        assertThat(forwarder.forwards.get(0).closed).isTrue();
        assertThat(endpoints.openForwards()).isZero();
        endpoints.target(node("redis-0"));
        assertThat(forwarder.opened).hasSize(2);
    }

    @Test
    void forwardsOfPodsThatAreGoneAreClosedAndCloseClosesTheRest() throws Exception {
        endpoints.target(node("redis-0"));
        endpoints.target(node("redis-1"));

        endpoints.retain(List.of(new PodKey("cache", "redis-1")));
        assertThat(forwarder.forwards.get(0).closed).isTrue();
        assertThat(forwarder.forwards.get(1).closed).isFalse();

        endpoints.close();
        assertThat(forwarder.forwards.get(1).closed).isTrue();
        assertThat(catchThrowableOfType(CacheReadException.class,
                () -> endpoints.target(node("redis-1"))))
                .hasMessageContaining("stopped");
    }

    @Test
    void aForwardUnusedForAMinuteIsClosedAndReopenedAtTheNextRead() throws Exception {
        endpoints.target(node("redis-0"));
        clock.advance(Duration.ofSeconds(30));
        endpoints.target(node("redis-1"));
        clock.advance(Duration.ofSeconds(29));
        endpoints.target(node("redis-1"));

        endpoints.closeIdle();
        assertThat(forwarder.forwards.get(0).closed).as("redis-0 was used 59 s ago").isFalse();

        clock.advance(Duration.ofSeconds(1));
        endpoints.retain(List.of(new PodKey("cache", "redis-0"), new PodKey("cache", "redis-1")));
        assertThat(forwarder.forwards.get(0).closed).as("redis-0 unused for 60 s").isTrue();
        assertThat(forwarder.forwards.get(1).closed).as("redis-1 was used 29 s ago").isFalse();
        assertThat(endpoints.openForwards()).isEqualTo(1);

        CacheTarget again = endpoints.target(node("redis-0"));
        assertThat(forwarder.opened).containsExactly("cache/redis-0:6379", "cache/redis-1:6379", "cache/redis-0:6379");
        assertThat(again.port()).isEqualTo(forwarder.forwards.get(2).port);

        clock.advance(Duration.ofSeconds(59));
        endpoints.target(node("redis-0"));
        assertThat(forwarder.opened).hasSize(3);
        assertThat(forwarder.forwards.get(1).closed).as("a read of another pod closes the idle ones too").isTrue();
        assertThat(forwarder.forwards.get(2).closed).as("the forward in use, refreshed").isFalse();
        assertThat(endpoints.openForwards()).isEqualTo(1);
    }

    @Test
    void withoutAClusterAPodCannotBeReachedAndSaysWhatToDo() {
        CacheEndpoints noCluster = new CacheEndpoints(null, passwords, CacheCredentials.NONE, List.of());

        CacheReadException e = catchThrowableOfType(CacheReadException.class,
                () -> noCluster.target(node("redis-0")));

        assertThat(e.getMessage()).contains("cache/redis-0:6379").contains("add the cache by address in Settings");
    }

    /**
     * The real fabric8 port-forward against the mock API server, which plays a pod's Memcached over the
     * port-forward WebSocket protocol: a frame per channel naming the port, then the data on channel 0.
     */
    @Test
    void memcachedStatsAreReadThroughARealFabric8PortForward() throws Exception {
        String pod = "memcached-0";
        String stats = "STAT pid 7\r\nSTAT uptime 100\r\nSTAT get_hits 30\r\nSTAT get_misses 10\r\nSTAT cmd_get 40\r\n"
                + "STAT cmd_set 5\r\nSTAT bytes 1024\r\nSTAT limit_maxbytes 67108864\r\nSTAT evictions 0\r\n"
                + "STAT curr_connections 2\r\nSTAT curr_items 5\r\nSTAT reclaimed 0\r\nEND\r\n";
        // Memcached answers once asked: the mock closes a stream on any message it does not expect, and scripts
        // one stream per expectation, so this pod can be read once
        server.expect().withPath("/api/v1/namespaces/cache/pods/" + pod + "/portforward?ports=11211")
                .andUpgradeToWebSocket()
                .open(new WebSocketMessage(frame(0, new byte[] {(byte) 0xBB, 0x2B})),
                        new WebSocketMessage(frame(1, new byte[] {(byte) 0xBB, 0x2B})))
                .expect("\u0000stats\r\n").andEmit(new WebSocketMessage(frame(0, stats.getBytes(StandardCharsets.US_ASCII))))
                .always()
                .done().always();
        CacheNode node = new CacheNode(new PodKey("cache", pod), CacheKind.MEMCACHED, "memcached", "", "n", 11211);
        try (CacheEndpoints live = new CacheEndpoints(new Fabric8PortForwarder(client), passwords,
                CacheCredentials.NONE, List.of())) {
            CacheTarget t = live.target(node);
            CacheCounters c = new MemcachedStatsReader().read(t);

            assertThat(t.host()).isEqualTo("127.0.0.1");
            assertThat(c.hits()).isEqualTo(30);
            assertThat(c.misses()).isEqualTo(10);
            assertThat(c.keys()).isEqualTo(5);
            assertThat(c.memoryMaxBytes()).isEqualTo(64L << 20);
            assertThat(live.target(node).port()).as("the forward is kept for the next poll").isEqualTo(t.port());
        }
    }

    @Test
    void aPodThatCannotBeForwardedToGivesAnErrorAndTheOthersAreRead() {
        CacheNode missing = new CacheNode(new PodKey("cache", "gone-0"), CacheKind.MEMCACHED, "gone", "", "n", 11211);
        CacheNode managed = endpoints.externalNodes().get(0);
        try (DirectCachePoller poller = DirectCachePoller.create(new CacheEndpoints(new Fabric8PortForwarder(client),
                passwords, CacheCredentials.NONE, List.of()), Duration.ofMinutes(5), Clock.systemUTC())) {
            Map<PodKey, DirectReading> r = poller.read(List.of(missing, managed));

            CacheStats s = r.get(missing.pod()).stats();
            assertThat(s.error()).contains("cache/gone-0:11211").contains("127.0.0.1:");
            assertThat(s.source()).isEqualTo("direct");
            assertThat(r.get(managed.pod()).stats().error()).as("not configured in this poller: its own reason")
                    .contains("external/managed");
        }
    }

    private static byte[] frame(int channel, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(channel);
        b.writeBytes(data);
        return b.toByteArray();
    }

    private static CacheNode node(String pod) {
        return new CacheNode(new PodKey("cache", pod), CacheKind.REDIS, "redis", "", "node-1", 6379);
    }

    /** Records what was opened; forwards lead nowhere (the reads are tested against real servers). */
    static final class FakeForwarder implements PodPortForwarder {
        final List<String> opened = new ArrayList<>();
        final List<FakeForward> forwards = new ArrayList<>();

        @Override
        public synchronized Forward open(PodKey pod, int port) {
            opened.add(pod + ":" + port);
            FakeForward f = new FakeForward(40000 + forwards.size());
            forwards.add(f);
            return f;
        }
    }

    static final class FakeForward implements PodPortForwarder.Forward {
        final int port;
        volatile boolean healthy = true;
        volatile boolean closed;
        volatile String problem = "";

        FakeForward(int port) {
            this.port = port;
        }

        @Override
        public String localHost() {
            return "127.0.0.1";
        }

        @Override
        public int localPort() {
            return port;
        }

        @Override
        public boolean healthy() {
            return healthy && !closed;
        }

        @Override
        public String problem() {
            return problem;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
