package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rates from successive reads of lifetime counters, by hand-made reads at chosen times. */
class CacheRateTrackerTest {
    static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
    static final CacheNode NODE = new CacheNode(new PodKey("cache", "redis-0"), CacheKind.REDIS, "redis", "replica",
            "node-1", 6379);
    final CacheRateTracker tracker = new CacheRateTracker(Duration.ofMinutes(5));

    @Test
    void theFirstReadIsCollectingWithGaugesButNoRates() {
        DirectReading r = tracker.update(NODE, read(0, "run-a", 100, 1000, 500, 2000));

        assertThat(r.stats().error()).isEqualTo("collecting (first sample)");
        assertThat(r.stats().hitsPerSec()).isNaN();
        assertThat(r.stats().opsPerSec()).isNaN();
        assertThat(r.stats().memoryUsedBytes()).isEqualTo(4096);
        assertThat(CacheNodeState.of(r.stats())).isEqualTo(CacheNodeState.COLLECTING);
        assertThat(r.details().role()).as("from the labels until the server says").isEqualTo("replica");
    }

    @Test
    void ratesAreDeltasOverTimeWithoutTheReadsOwnCommands() {
        tracker.update(NODE, read(0, "run-a", 100, 1000, 500, 2000));

        CacheStats s = tracker.update(NODE, read(10, "run-a", 110, 1090, 510, 2202)).stats();

        assertThat(s.hitsPerSec()).isCloseTo(9.0, within(1e-9));
        assertThat(s.missesPerSec()).isCloseTo(1.0, within(1e-9));
        assertThat(s.hitRatio()).isCloseTo(0.9, within(1e-9));
        assertThat(s.opsPerSec()).as("(202 - 2 own) / 10 s").isCloseTo(20.0, within(1e-9));
        assertThat(s.error()).isEmpty();
    }

    @Test
    void ratesCoverTheWindowNotJustTheLastInterval() {
        tracker.update(NODE, read(0, "run-a", 100, 0, 0, 0));
        tracker.update(NODE, read(60, "run-a", 160, 600, 0, 600));
        tracker.update(NODE, read(120, "run-a", 220, 1200, 0, 1200));
        tracker.update(NODE, read(240, "run-a", 340, 1200, 0, 1200));
        DirectReading r = tracker.update(NODE, read(360, "run-a", 460, 1200, 1500, 2700));

        // the window (5 min) starts at 60 s: the read then is the base, the one at 0 s is dropped
        assertThat(r.details().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.stats().hitsPerSec()).isCloseTo(2.0, within(1e-9));
        assertThat(r.stats().missesPerSec()).isCloseTo(5.0, within(1e-9));
        assertThat(r.stats().hitRatio()).isCloseTo(2.0 / 7, within(1e-9));
    }

    @Test
    void aRestartOrACounterResetStartsAgainAndNoRateIsNegative() {
        tracker.update(NODE, read(0, "run-a", 100, 1000, 500, 2000));
        DirectReading otherRun = tracker.update(NODE, read(10, "run-b", 5, 3, 1, 10));
        assertThat(otherRun.stats().error()).isEqualTo("collecting (first sample since the server restarted)");

        DirectReading after = tracker.update(NODE, read(20, "run-b", 15, 13, 1, 20));
        assertThat(after.stats().hitsPerSec()).isCloseTo(1.0, within(1e-9));

        // CONFIG RESETSTAT: same process, counters back to 0
        DirectReading reset = tracker.update(NODE, read(30, "run-b", 25, 0, 0, 0));
        assertThat(reset.stats().hitsPerSec()).isNaN();
        assertThat(CacheNodeState.of(reset.stats())).isEqualTo(CacheNodeState.COLLECTING);
        CacheStats next = tracker.update(NODE, read(40, "run-b", 35, 4, 4, 10)).stats();
        assertThat(List.of(next.hitsPerSec(), next.missesPerSec(), next.opsPerSec())).allMatch(v -> v >= 0);
    }

    @Test
    void uptimeGoingDownIsARestartEvenWithoutAnInstanceId() {
        tracker.update(NODE, read(0, "", 1000, 50, 0, 100));

        assertThat(tracker.update(NODE, read(10, "", 3, 60, 0, 110)).stats().error()).startsWith("collecting");
    }

    @Test
    void forgottenNodesStartAgain() {
        tracker.update(NODE, read(0, "run-a", 100, 0, 0, 0));
        tracker.retain(List.of());

        assertThat(tracker.update(NODE, read(10, "run-a", 110, 5, 5, 10)).stats().error())
                .isEqualTo("collecting (first sample)");
    }

    @Test
    void aNodeWithFiguresButNoReadsHasNoTraffic() {
        tracker.update(NODE, read(0, "run-a", 100, 7, 3, 10));
        CacheStats s = tracker.update(NODE, read(10, "run-a", 110, 7, 3, 30)).stats();

        assertThat(s.hitRatio()).isNaN();
        assertThat(s.opsPerSec()).isPositive();
        assertThat(CacheNodeState.of(s)).isEqualTo(CacheNodeState.NO_TRAFFIC);
        assertThat(CacheNodeState.of(CacheStats.unavailable("direct", "refused"))).isEqualTo(CacheNodeState.UNAVAILABLE);
    }

    private static CacheCounters read(int second, String instance, long uptime, long hits, long misses, long commands) {
        return new CacheCounters(T0.plusSeconds(second), instance, uptime, hits, misses, commands, 2, 0, 0, 4096, -1,
                3, 10, "", null);
    }
}
