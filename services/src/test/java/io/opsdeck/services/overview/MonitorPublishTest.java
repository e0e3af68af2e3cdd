package io.opsdeck.services.overview;

import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.source.Backend;
import io.opsdeck.services.source.ClusterSource;
import io.opsdeck.services.source.MetricsSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the monitor paces its publications, on a made-up clock: a change after a quiet interval goes
 * out at once, a stream of changes at most once per {@link Monitor#MIN_PUBLISH_INTERVAL}.
 */
class MonitorPublishTest {
    private static final long INTERVAL = Monitor.MIN_PUBLISH_INTERVAL.toNanos();
    private static final long MS = 1_000_000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final List<Overview> published = new ArrayList<>();
    private final List<Long> publishedAt = new ArrayList<>();
    private ClusterSource.Listener source;
    private ConnectionStatus status;
    private int taken;
    /** Made-up time that passes while a rebuild runs, on top of the scheduler's. */
    private long skew;
    /** Run once from inside the next rebuild, as if it happened while the rebuild took its time. */
    private Runnable duringRebuild;

    private long now() {
        return scheduler.nanoTime() + skew;
    }

    @BeforeEach
    void start() {
        ClusterSource cluster = new ClusterSource() {
            @Override
            public String contextName() {
                return "prod";
            }

            @Override
            public void start(Listener l) {
                source = l;
            }

            @Override
            public ConnectionStatus status() {
                return ConnectionStatus.connecting("https://127.0.0.1:6443", clock.instant());
            }

            @Override
            public void close() {
            }
        };
        MetricsSource metrics = new MetricsSource() {
            @Override
            public String endpoint() {
                return "none";
            }

            @Override
            public MetricsSnapshot poll(ClusterSnapshot c, List<CacheNode> caches) {
                return MetricsSnapshot.EMPTY;
            }

            @Override
            public List<CacheNode> externalCaches() {
                // read by every rebuild
                Runnable r = duringRebuild;
                duringRebuild = null;
                if (r != null) {
                    r.run();
                }
                return List.of();
            }
        };
        // metrics polls go to a scheduler that is never run: only the cluster's changes publish
        Monitor monitor = new Monitor(new Backend(cluster, metrics), scheduler, new ManualScheduler(),
                Duration.ofHours(1), clock, this::now);
        monitor.addListener(o -> {
            published.add(o);
            publishedAt.add(now());
        });
        monitor.start();
        status = ConnectionStatus.connecting("https://127.0.0.1:6443", clock.instant());
        publish();
        scheduler.runDue();
        assertThat(published).hasSize(1);
    }

    /** A new snapshot the way sources hand it over: its status (dating the data), then the data. */
    private ClusterSnapshot publish() {
        ClusterSnapshot s = new ClusterSnapshot("prod", clock.instant().plusSeconds(++taken), "", List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        status = status.to(ConnectionState.CONNECTED, clock.instant(), "", s.takenAt());
        source.status(status);
        source.snapshot(s);
        return s;
    }

    @Test
    void aBatchAfterAQuietIntervalIsPublishedAtOnce() {
        scheduler.advance(2 * INTERVAL);

        ClusterSnapshot next = publish();

        assertThat(scheduler.nextDelayNanos()).as("no wait after a quiet interval").isZero();
        scheduler.runDue();
        assertThat(published).hasSize(2);
        assertThat(published.get(1).cluster()).as("the new data, not the old with a new status").isSameAs(next);
    }

    @Test
    void aBatchSoonAfterAPublicationWaitsForTheRestOfTheInterval() {
        scheduler.advance(100 * MS);

        ClusterSnapshot next = publish();

        assertThat(scheduler.nextDelayNanos()).isEqualTo(INTERVAL - 100 * MS);
        scheduler.advance(INTERVAL);
        assertThat(published).hasSize(2);
        assertThat(published.get(1).cluster()).isSameAs(next);
        assertThat(publishedAt.get(1) - publishedAt.get(0)).isEqualTo(INTERVAL);
    }

    @Test
    void aStreamOfChangesIsPublishedAtMostOncePerIntervalAndEndsWithTheNewest() {
        ClusterSnapshot last = null;
        // a change every 10 ms for 3 s
        for (int i = 0; i < 300; i++) {
            last = publish();
            scheduler.advance(10 * MS);
        }
        scheduler.advance(INTERVAL);

        assertThat(published.size()).as("publications in 3 s").isBetween(2, 1 + 3 * 4);
        for (int i = 1; i < publishedAt.size(); i++) {
            assertThat(publishedAt.get(i) - publishedAt.get(i - 1)).as("gap before publication %d", i)
                    .isGreaterThanOrEqualTo(INTERVAL);
        }
        assertThat(published.get(published.size() - 1).cluster()).as("nothing is left unpublished").isSameAs(last);
    }

    @Test
    void aChangeWhileARebuildRunsWaitsForTheIntervalFromThatRebuildsStart() {
        scheduler.advance(2 * INTERVAL);
        List<ClusterSnapshot> during = new ArrayList<>();
        // the rebuild takes 100 ms, and a snapshot arrives in the middle of it
        duringRebuild = () -> {
            skew += 100 * MS;
            during.add(publish());
        };

        publish();
        scheduler.runDue();

        assertThat(published).hasSize(2);
        assertThat(scheduler.nextDelayNanos()).as("not straight after the one still going out")
                .isEqualTo(INTERVAL - 100 * MS);
        scheduler.advance(INTERVAL);
        assertThat(published).hasSize(3);
        assertThat(published.get(2).cluster()).isSameAs(during.get(0));
    }

    @Test
    void aStatusThatOnlyDatesTheDataPublishesNothingByItself() {
        scheduler.advance(2 * INTERVAL);

        source.status(status.to(ConnectionState.CONNECTED, clock.instant(), "", clock.instant().plusSeconds(99)));

        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aStatusThatChangesTheStateIsPublishedAtOnce() {
        scheduler.advance(2 * INTERVAL);

        source.status(status.to(ConnectionState.DOWN, clock.instant().plusSeconds(5), "refused", null));

        scheduler.runDue();
        assertThat(published).hasSize(2);
        assertThat(published.get(1).clusterStatus().state()).isEqualTo(ConnectionState.DOWN);
    }
}
