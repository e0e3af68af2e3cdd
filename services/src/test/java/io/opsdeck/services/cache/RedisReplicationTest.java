package io.opsdeck.services.cache;

import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.Fixtures;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles and replication from INFO as Redis writes it for a primary and a replica; a replica's lag
 * in bytes comes from its primary's view when both are read in the same poll.
 */
class RedisReplicationTest {
    static final String PRIMARY = """
            # Server\r
            redis_version:7.0.15\r
            run_id:aaaa\r
            uptime_in_seconds:500\r
            # Clients\r
            connected_clients:4\r
            # Memory\r
            used_memory:2000000\r
            maxmemory:104857600\r
            # Stats\r
            total_commands_processed:1000\r
            expired_keys:3\r
            evicted_keys:0\r
            keyspace_hits:10\r
            keyspace_misses:5\r
            # Replication\r
            role:master\r
            connected_slaves:1\r
            slave0:ip=10.0.0.12,port=6379,state=online,offset=4000,lag=1\r
            master_repl_offset:5000\r
            # Keyspace\r
            db0:keys=7,expires=1,avg_ttl=0\r
            db3:keys=2,expires=0,avg_ttl=0\r
            """;
    static final String REPLICA = """
            # Server\r
            redis_version:7.0.15\r
            run_id:bbbb\r
            uptime_in_seconds:400\r
            # Stats\r
            total_commands_processed:10\r
            keyspace_hits:0\r
            keyspace_misses:0\r
            # Replication\r
            role:slave\r
            master_host:10.0.0.11\r
            master_link_status:up\r
            master_last_io_seconds_ago:2\r
            slave_repl_offset:4000\r
            master_repl_offset:4000\r
            """;

    @Test
    void infoOfAPrimaryAndAReplicaIsParsed() throws Exception {
        CacheCounters p = RedisInfoReader.parse(PRIMARY, CacheTarget.of("10.0.0.11", 6379), Clock.systemUTC());
        CacheCounters r = RedisInfoReader.parse(REPLICA, CacheTarget.of("10.0.0.12", 6379), Clock.systemUTC());

        assertThat(p.role()).isEqualTo("primary");
        assertThat(p.keys()).as("summed over databases").isEqualTo(9);
        assertThat(p.memoryMaxBytes()).isEqualTo(100L << 20);
        assertThat(p.instance()).isEqualTo("aaaa");
        assertThat(p.replication().replicas()).containsExactly(
                new ReplicationState.ReplicaLink("10.0.0.12", 6379, "online", 4000, 1));
        assertThat(r.role()).isEqualTo("replica");
        assertThat(r.replication().masterLinkStatus()).isEqualTo("up");
        assertThat(r.replication().lastIoSecondsAgo()).isEqualTo(2);
        assertThat(r.replication().offset()).isEqualTo(4000);
        assertThat(r.keys()).as("no keyspace section: no keys").isZero();
    }

    @Test
    void aReplicaReadWithItsPrimaryGetsItsLagInBytesAndSeconds() throws Exception {
        PodInfo primary = pod("redis-0", "10.0.0.11");
        PodInfo replica = pod("redis-1", "10.0.0.12");
        ClusterSnapshot cluster = Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")), List.of(primary, replica),
                List.of(), List.of());
        DirectCacheStatsReader canned = new DirectCacheStatsReader() {
            @Override
            public CacheKind kind() {
                return CacheKind.REDIS;
            }

            @Override
            public CacheCounters read(CacheTarget target) throws CacheReadException {
                return RedisInfoReader.parse(target.port() == 1 ? PRIMARY : REPLICA, target, Clock.systemUTC());
            }
        };
        CacheEndpoints endpoints = new CacheEndpoints((pod, port) -> new CacheEndpointsTest.FakeForward(
                pod.name().equals("redis-0") ? 1 : 2), CachePasswords.fromEnvironment(), CacheCredentials.NONE,
                List.of());
        DirectCachePoller poller = new DirectCachePoller(endpoints, List.of(canned),
                new CacheRateTracker(Duration.ofMinutes(5)), Executors.newSingleThreadExecutor(Workers.threadFactory("test-cache-stats")), Clock.systemUTC(),
                Duration.ofSeconds(5));
        try (CompositeMetricsSource source = new CompositeMetricsSource(null, null, poller, new CacheHistory(),
                Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.poll(cluster, List.of(node(primary),
                    node(replica)))).as("without Prometheus the poll says so, with the caches read")
                    .isInstanceOf(io.opsdeck.services.source.PartialMetricsException.class);

            ReplicationState lag = source.book().details(replica.key()).orElseThrow().replication();
            assertThat(lag.lagBytes()).isEqualTo(1000);
            assertThat(lag.lagSeconds()).isEqualTo(1);
            assertThat(source.book().details(primary.key()).orElseThrow().role()).isEqualTo("primary");
            assertThat(source.book().details(replica.key()).orElseThrow().role()).isEqualTo("replica");
        }
    }

    private static PodInfo pod(String name, String ip) {
        PodInfo p = Fixtures.pod("cache", name, "node-1", PodPhase.RUNNING, true, new OwnerRef("StatefulSet", "redis"),
                Map.of(), List.of("redis:7"), List.of(6379));
        return new PodInfo(p.namespace(), p.name(), p.nodeName(), p.phase(), p.ready(), p.restarts(), p.owner(),
                p.labels(), p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), ip);
    }

    private static CacheNode node(PodInfo p) {
        return new CacheNode(new PodKey(p.namespace(), p.name()), CacheKind.REDIS, "redis", "", "node-1", 6379);
    }
}
