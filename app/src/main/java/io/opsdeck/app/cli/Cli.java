package io.opsdeck.app.cli;

import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.settings.SettingsStore;
import io.opsdeck.app.wiring.Session;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.caches.HitRatioThresholds;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.time.Duration;

/** Checks shared by the sub-commands; a bad value is a usage error (exit 2) with a sentence. */
final class Cli {
    private Cli() {
    }

    static void validate(SourceOptions source, CommandLine cmd) {
        try {
            source.sandboxSpec();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "Invalid --demo-size: " + e.getMessage());
        }
        if (source.prometheusUrl() != null && !source.prometheusUrl().matches("(?i)https?://.+")) {
            throw new ParameterException(cmd, "Invalid --prometheus-url '" + source.prometheusUrl()
                    + "': it must start with http:// or https://");
        }
    }

    /** How long a headless command waits before a second sample of caches read directly. */
    static final Duration SECOND_SAMPLE = Duration.ofSeconds(2);

    /** The user's settings (saved Prometheus URLs, external caches, thresholds); defaults when unusable. */
    static Settings settings() {
        SettingsStore.LoadResult loaded = new SettingsStore(AppDirs.fromEnvironment().settingsFile()).load();
        loaded.warning().ifPresent(w -> LoggerFactory.getLogger(Cli.class).warn("{}", w));
        return loaded.settings();
    }

    static HitRatioThresholds thresholds(Settings s) {
        return new HitRatioThresholds(s.caches().warnBelow(), s.caches().criticalBelow());
    }

    /**
     * Starts the session and waits for its first overview; when some cache is read directly and has
     * only its first sample (no rate yet), waits {@link #SECOND_SAMPLE} and polls once more, so that
     * the figures printed are rates, within the same timeout.
     */
    static Overview awaitOverview(Session session, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        session.monitor().start();
        Overview overview = session.monitor().awaitFirst(timeout);
        boolean collecting = overview.caches().stream()
                .anyMatch(c -> CacheNodeState.of(c.stats()) == CacheNodeState.COLLECTING);
        if (collecting && deadline - System.nanoTime() > SECOND_SAMPLE.toNanos()) {
            Thread.sleep(SECOND_SAMPLE.toMillis());
            long polls = session.monitor().completedPolls();
            session.monitor().refreshNow();
            overview = session.monitor().awaitPoll(polls, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return overview;
    }
}
