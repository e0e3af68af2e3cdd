package io.opsdeck.app.wiring;

import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.FlushMarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads the flushes of the last hour from the current session's audit trail, off the FX thread,
 * and hands them to the Caches view, which marks them on its hour charts. The trail is the one
 * record of flushes made from this window, the command line, or another Opsdeck.
 */
final class FlushMarkFeed {
    static final Duration EVERY = Duration.ofSeconds(10);
    private static final Duration SPAN = Duration.ofHours(1);

    private final AtomicReference<Session> current = new AtomicReference<>();

    /** @param sink gets the marks on the thread it hands them to (the FX thread: it wraps Platform.runLater) */
    FlushMarkFeed(ScheduledExecutorService scheduler, Clock clock, Consumer<Map<String, List<Instant>>> sink) {
        scheduler.scheduleWithFixedDelay(() -> {
            Session s = current.get();
            if (s == null) {
                return;
            }
            s.actions().ifPresent(p -> sink.accept(marks(p, clock.instant())));
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void follow(Session session) {
        current.set(session);
    }

    static Map<String, List<Instant>> marks(ActionPipeline pipeline, Instant now) {
        return FlushMarks.from(pipeline.history(0), pipeline.identity().context(), now.minus(SPAN));
    }
}
