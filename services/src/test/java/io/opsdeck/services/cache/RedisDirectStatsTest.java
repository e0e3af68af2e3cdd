package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A real Redis read through INFO, twice, the way the direct path does on each refresh. */
class RedisDirectStatsTest {
    static RedisFixture redis;
    final RedisInfoReader reader = new RedisInfoReader();
    final CacheRateTracker tracker = new CacheRateTracker(Duration.ofMinutes(5));

    @BeforeAll
    static void start() {
        redis = RedisFixture.start("redis-direct");
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(redis);
    }

    @Test
    void hitRatioIsThatOfTheTrafficBetweenReadsNotOfTheLifetimeCounters() throws Exception {
        CacheNode node = node("ratio");
        // lifetime counters full of misses, which must not weigh in
        traffic(0, 500, 0);
        DirectReading first = read(node);
        assertThat(first.stats().error()).isEqualTo("collecting (first sample)");
        assertThat(first.stats().opsPerSec()).as("no rate yet, rather than 0").isNaN();
        assertThat(first.details().state()).isEqualTo(CacheNodeState.COLLECTING);
        assertThat(first.stats().memoryUsedBytes()).as("gauges are known at once").isPositive();

        traffic(900, 95, 5);
        DirectReading second = read(node);

        CacheStats s = second.stats();
        assertThat(s.error()).isEmpty();
        assertThat(s.source()).isEqualTo("direct");
        assertThat(s.hitRatio()).as("%s", s).isCloseTo(0.9, within(0.001));
        assertThat(s.missesPerSec() / s.hitsPerSec()).isCloseTo(100.0 / 900, within(1e-9));
        assertThat(s.opsPerSec()).isPositive();
        assertThat(s.keys()).isEqualTo(10);
        assertThat(s.memoryMaxBytes()).as("maxmemory 0 is no limit, so unknown").isEqualTo(-1);
        assertThat(s.connectedClients()).isPositive();
        assertThat(s.evictionsPerSec()).isZero();
        CacheNodeDetails d = second.details();
        assertThat(d.state()).isEqualTo(CacheNodeState.OK);
        assertThat(d.role()).isEqualTo("primary");
        assertThat(d.expiredPerSec()).as("5 keys expired between the reads").isPositive();
        assertThat(d.uptimeSeconds()).isNotNegative();
        assertThat(d.replication()).isNotNull();
        assertThat(d.replication().replicas()).isEmpty();
        assertThat(d.window()).isPositive();
    }

    @Test
    void redisWithoutTrafficHasNoHitRatioAndNoOps() throws Exception {
        CacheNode node = node("idle");
        read(node);
        DirectReading second = read(node);

        assertThat(second.stats().hitRatio()).as("no traffic is no ratio, not 0%").isNaN();
        assertThat(second.stats().hasTraffic()).isFalse();
        assertThat(second.stats().opsPerSec()).as("the INFO reads themselves are not traffic").isZero();
        assertThat(second.stats().error()).isEmpty();
        assertThat(second.details().state()).isEqualTo(CacheNodeState.NO_TRAFFIC);
        assertThat(second.details().state().label()).isEqualTo("no traffic");
    }

    @Test
    void aRestartStartsTheWindowAgainWithoutNegativeRates() throws Exception {
        CacheNode node = node("restart");
        traffic(200, 0, 0);
        read(node);
        traffic(50, 50, 0);
        assertThat(read(node).stats().hitRatio()).isCloseTo(0.5, within(0.001));

        redis.restart();
        DirectReading afterRestart = read(node);
        assertThat(afterRestart.stats().error()).isEqualTo("collecting (first sample since the server restarted)");
        assertThat(afterRestart.stats().hitsPerSec()).isNaN();
        assertThat(afterRestart.details().state()).isEqualTo(CacheNodeState.COLLECTING);

        traffic(30, 10, 0);
        CacheStats s = read(node).stats();
        assertThat(s.hitsPerSec()).isPositive();
        assertThat(s.missesPerSec()).isPositive();
        assertThat(s.opsPerSec()).isPositive();
        assertThat(s.hitRatio()).isCloseTo(0.75, within(0.001));
    }

    private DirectReading read(CacheNode node) throws CacheReadException {
        return tracker.update(node, reader.read(CacheTarget.of("127.0.0.1", redis.port())));
    }

    /** Sets 10 keys, then {@code hits} GETs of them, {@code misses} GETs of missing keys, and {@code expired}
     * GETs of keys that have just expired (misses too). */
    static void traffic(int hits, int misses, int expired) throws InterruptedException {
        try (Resp r = redis.client()) {
            List<String[]> commands = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                commands.add(new String[] {"SET", "key-" + i, "value-" + i});
            }
            for (int i = 0; i < expired; i++) {
                commands.add(new String[] {"SET", "short-" + i, "v", "PX", "1"});
            }
            for (int i = 0; i < hits; i++) {
                commands.add(new String[] {"GET", "key-" + (i % 10)});
            }
            for (int i = 0; i < misses; i++) {
                commands.add(new String[] {"GET", "missing-" + i});
            }
            r.pipeline(commands);
            if (expired > 0) {
                // past their 1 ms: the GETs find them expired (a miss each) and expire them
                Thread.sleep(20);
                List<String[]> gets = new ArrayList<>();
                for (int i = 0; i < expired; i++) {
                    gets.add(new String[] {"GET", "short-" + i});
                }
                r.pipeline(gets);
            }
        }
    }

    static CacheNode node(String name) {
        return new CacheNode(new PodKey("cache", name), CacheKind.REDIS, "redis", "", "node-1", 6379);
    }
}
