package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.fixtures.MemcachedFixture;
import io.opsdeck.services.fixtures.ProcessFixture;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** A real Memcached read through the text protocol's {@code stats}. */
class MemcachedDirectStatsTest {
    static MemcachedFixture memcached;
    final MemcachedStatsReader reader = new MemcachedStatsReader();
    final CacheRateTracker tracker = new CacheRateTracker(Duration.ofMinutes(5));

    @BeforeAll
    static void start() {
        memcached = MemcachedFixture.start("memcached-direct");
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(memcached);
    }

    @Test
    void knownHitsAndMissesGiveTheirRatio() throws Exception {
        CacheNode node = node("mc-ratio");
        traffic(0, 300); // lifetime misses that must not count
        DirectReading first = read(node);
        assertThat(first.stats().error()).isEqualTo("collecting (first sample)");
        assertThat(first.stats().hitRatio()).isNaN();

        traffic(800, 200);
        CacheStats s = read(node).stats();

        assertThat(s.error()).isEmpty();
        assertThat(s.source()).isEqualTo("direct");
        assertThat(s.hitRatio()).as("%s", s).isCloseTo(0.8, within(0.001));
        assertThat(s.opsPerSec()).as("gets and sets").isGreaterThan(s.readsPerSec());
        assertThat(s.keys()).isEqualTo(10);
        assertThat(s.memoryUsedBytes()).isPositive();
        assertThat(s.memoryMaxBytes()).isEqualTo(64L << 20);
        assertThat(s.connectedClients()).isPositive();
        assertThat(s.evictionsPerSec()).isZero();
    }

    @Test
    void memcachedWithoutTrafficSaysSo() throws Exception {
        CacheNode node = node("mc-idle");
        read(node);
        DirectReading second = read(node);

        assertThat(second.stats().hitRatio()).isNaN();
        assertThat(second.stats().opsPerSec()).as("'stats' is not a command Memcached counts").isZero();
        assertThat(second.details().state()).isEqualTo(CacheNodeState.NO_TRAFFIC);
        assertThat(second.details().role()).isEmpty();
        assertThat(second.details().replication()).isNull();
    }

    @Test
    void aRestartedMemcachedStartsCollectingAgain() throws Exception {
        CacheNode node = node("mc-restart");
        traffic(10, 0);
        read(node);
        memcached.restart();

        DirectReading r = read(node);

        assertThat(r.stats().error()).startsWith("collecting (first sample");
        assertThat(r.stats().hitsPerSec()).isNaN();
        traffic(3, 1);
        assertThat(read(node).stats().hitRatio()).isCloseTo(0.75, within(0.001));
    }

    @Test
    void aPortThatRefusesTheConnectionIsNamedWithWhatToDo() {
        int closed = ProcessFixture.freePort();

        CacheReadException e = catchThrowableOfType(CacheReadException.class,
                () -> reader.read(CacheTarget.of("127.0.0.1", closed)));

        assertThat(e.kind()).isEqualTo(CacheReadException.Kind.CONNECTION);
        assertThat(e.getMessage()).contains("127.0.0.1:" + closed).contains("connection refused")
                .contains("check that the server is running");
    }

    @Test
    void aServerThatIsNotMemcachedIsSaidToBeSo() throws Exception {
        try (var redis = io.opsdeck.services.fixtures.RedisFixture.start("not-memcached")) {
            CacheReadException e = catchThrowableOfType(CacheReadException.class,
                () -> reader.read(CacheTarget.of("127.0.0.1", redis.port())));

            assertThat(e.kind()).isEqualTo(CacheReadException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("127.0.0.1:" + redis.port());
        }
    }

    private DirectReading read(CacheNode node) throws CacheReadException {
        return tracker.update(node, reader.read(CacheTarget.of("127.0.0.1", memcached.port())));
    }

    private static void traffic(int hits, int misses) {
        try (MemcachedFixture.Text t = memcached.client()) {
            for (int i = 0; i < 10; i++) {
                t.set("key-" + i, "value-" + i);
            }
            for (int i = 0; i < hits; i++) {
                assertThat(t.get("key-" + (i % 10))).isTrue();
            }
            for (int i = 0; i < misses; i++) {
                assertThat(t.get("missing-" + i)).isFalse();
            }
        }
    }

    private static CacheNode node(String name) {
        return new CacheNode(new PodKey("cache", name), CacheKind.MEMCACHED, "memcached", "", "node-1", 11211);
    }
}
