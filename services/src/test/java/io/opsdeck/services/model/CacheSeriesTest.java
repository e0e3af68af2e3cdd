package io.opsdeck.services.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CacheSeriesTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anAppendLeavesTheSeriesItGrewFromAsItWas() {
        CacheSeries a = CacheSeries.EMPTY;
        for (int i = 0; i < 100; i++) {
            a = a.append(T0.plusSeconds(i).toEpochMilli(), i / 100.0, i, 1000);
        }
        CacheSeries b = a.append(T0.plusSeconds(100).toEpochMilli(), 1.0, 100, 1000);
        CacheSeries c = a.append(T0.plusSeconds(100).toEpochMilli(), 0.0, 7, 1000);

        assertThat(a.since(Long.MIN_VALUE)).hasSize(100).last().extracting(CacheSample::opsPerSec).isEqualTo(99.0);
        assertThat(b.since(Long.MIN_VALUE)).hasSize(101).last().extracting(CacheSample::opsPerSec).isEqualTo(100.0);
        assertThat(c.since(Long.MIN_VALUE)).as("a second branch from the same series").last()
                .extracting(CacheSample::opsPerSec).isEqualTo(7.0);
    }

    @Test
    void keepsTheNewestPointsWithinCapacityAcrossChunks() {
        int capacity = CacheSeries.CHUNK * 2 + 5;
        CacheSeries s = CacheSeries.EMPTY;
        int n = CacheSeries.CHUNK * 5 + 3;
        for (int i = 0; i < n; i++) {
            s = s.append(T0.plusSeconds(i).toEpochMilli(), Double.NaN, i, capacity);
        }

        List<CacheSample> points = s.since(Long.MIN_VALUE);
        assertThat(s.size()).isEqualTo(capacity);
        assertThat(points).extracting(CacheSample::opsPerSec)
                .containsExactlyElementsOf(IntStream.range(n - capacity, n).mapToObj(i -> (double) i).toList());
        assertThat(s.firstMillis()).isEqualTo(T0.plusSeconds(n - capacity).toEpochMilli());
        assertThat(s.lastMillis()).isEqualTo(T0.plusSeconds(n - 1).toEpochMilli());
    }

    @Test
    void aPointOlderThanTheNewestIsDropped() {
        CacheSeries s = CacheSeries.EMPTY.append(T0.toEpochMilli(), 0.5, 1, 10);
        assertThat(s.append(T0.minusSeconds(1).toEpochMilli(), 0.1, 1, 10)).isSameAs(s);
    }

    @Test
    void aSnapshotReadsItsSeriesWithinTheSpanBeforeItsOwnInstant() {
        PodKey pod = new PodKey("cache", "redis-0");
        CacheSeries s = CacheSeries.EMPTY;
        for (int i = 0; i < 5; i++) {
            s = s.append(T0.plusSeconds(60L * i).toEpochMilli(), 0.9, i, 100);
        }
        CacheHistorySnapshot snap = new CacheHistorySnapshot(T0.plusSeconds(240), Duration.ofMinutes(2),
                Map.of(CacheHistorySnapshot.nodeKey(pod), s));

        assertThat(snap.node(pod)).extracting(CacheSample::at)
                .containsExactly(T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(240));
        assertThat(snap.cluster("cache", "redis")).isEmpty();
    }
}
