package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheHistorySnapshot;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CacheHistoryTest {
    static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
    static final PodKey POD = new PodKey("cache", "redis-0");

    @Test
    void keepsTheLastPointsInOrderWithinTheSpanAndCapacity() {
        CacheHistory h = new CacheHistory(Duration.ofMinutes(1), 4);
        for (int i = 0; i < 6; i++) {
            h.record(POD, T0.plusSeconds(10L * i), stats(i, 1));
        }

        List<CacheSample> points = h.node(POD, T0.plusSeconds(50));
        assertThat(points).extracting(CacheSample::at).containsExactly(T0.plusSeconds(20), T0.plusSeconds(30),
                T0.plusSeconds(40), T0.plusSeconds(50));
        assertThat(h.node(POD, T0.plusSeconds(95))).as("older than the span").extracting(CacheSample::at)
                .containsExactly(T0.plusSeconds(40), T0.plusSeconds(50));
    }

    @Test
    void noTrafficIsAGapNotZeroAndUnavailableFiguresAddNothing() {
        CacheHistory h = new CacheHistory();
        h.record(POD, T0, stats(0, 0));
        h.record(POD, T0.plusSeconds(10), CacheStats.unavailable("direct", "refused"));

        assertThat(h.node(POD, T0.plusSeconds(10))).singleElement()
                .satisfies(p -> assertThat(p.hitRatio()).isNaN());
    }

    @Test
    void clusterPointsAreWeightedByTraffic() {
        CacheNode a = new CacheNode(POD, CacheKind.REDIS, "redis", "", "n", 6379);
        CacheNode b = new CacheNode(new PodKey("cache", "redis-1"), CacheKind.REDIS, "redis", "", "n", 6379);
        List<CacheClusterSummary> rollup = CacheRollup.clusters(List.of(new CacheNodeStatus(a, stats(90, 10)),
                new CacheNodeStatus(b, stats(0, 900))));
        CacheHistory h = new CacheHistory();
        rollup.forEach(c -> h.record(c, T0));

        assertThat(h.cluster("cache", "redis", T0)).singleElement().satisfies(p ->
                assertThat(p.hitRatio()).as("90 hits of 1000 reads, not the mean of 90%% and 0%%")
                        .isCloseTo(0.09, within(1e-9)));
    }

    @Test
    void pruneDropsSeriesOfPodsLongGone() {
        CacheHistory h = new CacheHistory(Duration.ofMinutes(1), 10);
        h.record(POD, T0, stats(1, 1));

        h.prune(T0.plusSeconds(120));

        assertThat(h.node(POD, T0)).isEmpty();
    }

    private static CacheStats stats(double hits, double misses) {
        return new CacheStats(hits, misses, hits + misses, 1, -1, 0, 1, 1, "direct", "");
    }

    @Test
    void olderPointsAreBackfilledInFrontOfTheSeriesAndNewerOnesIgnored() {
        CacheHistory h = new CacheHistory(Duration.ofHours(1), 100);
        PodKey p = new PodKey("cache", "redis-0");
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        h.record(p, t0, new io.opsdeck.services.model.CacheStats(9, 1, 20, 1, 2, 0, 1, 1, "prometheus", ""));
        h.backfill(p, List.of(new CacheSample(t0.minusSeconds(60), 0.5, 10), new CacheSample(t0.minusSeconds(30),
                Double.NaN, 0), new CacheSample(t0, 0.1, 1), new CacheSample(t0.plusSeconds(5), 0.1, 1)));

        List<CacheSample> series = h.node(p, t0.plusSeconds(10));
        assertThat(series).extracting(CacheSample::at).containsExactly(t0.minusSeconds(60), t0.minusSeconds(30), t0);
        assertThat(series.get(0).hitRatio()).isEqualTo(0.5);
        assertThat(series.get(1).hitRatio()).isNaN();
        assertThat(series.get(2).hitRatio()).isEqualTo(0.9);

        h.backfillCluster("cache", "redis", List.of(new CacheSample(t0, 0.7, 3)));
        assertThat(h.cluster("cache", "redis", t0)).extracting(CacheSample::hitRatio).containsExactly(0.7);
    }

    @Test
    void aSnapshotStaysAsItWasWhileTheHistoryGoesOn() {
        CacheHistory h = new CacheHistory(Duration.ofMinutes(10), 100);
        h.record(POD, T0, stats(1, 1));
        CacheHistorySnapshot before = h.snapshot(T0.plusSeconds(10));

        h.record(POD, T0.plusSeconds(10), stats(3, 1));
        h.prune(T0.plusSeconds(3600));

        assertThat(before.node(POD)).extracting(CacheSample::at).containsExactly(T0);
        assertThat(h.node(POD, T0.plusSeconds(10))).as("pruned").isEmpty();
    }
}
