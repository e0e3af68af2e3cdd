package io.opsdeck.app.wiring;

import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.FlushMarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the flushes of the last hour from the current session's audit trail, off the FX thread,
 * and hands them to the Caches view, which marks them on its hour charts. The trail is the one
 * record of flushes made from this window, the command line, or another Opsdeck: it is read when a
 * session opens and when an action of this window ends ({@link #refresh()}, on the action model's
 * finished count), so a flush made here is marked as soon as it ends; and once a minute, for the
 * flushes made elsewhere and the marks that leave the hour.
 */
final class FlushMarkFeed {
    static final Duration ELSEWHERE = Duration.ofMinutes(1);
    private static final Duration SPAN = Duration.ofHours(1);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Consumer<Map<String, List<Instant>>> sink;
    private final AtomicReference<Supplier<Optional<ActionPipeline>>> current = new AtomicReference<>();

    /** @param sink gets the marks on the thread it hands them to (the FX thread: it wraps Platform.runLater) */
    FlushMarkFeed(ScheduledExecutorService scheduler, Clock clock, Consumer<Map<String, List<Instant>>> sink) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.sink = sink;
        scheduler.scheduleWithFixedDelay(this::read, ELSEWHERE.toMillis(), ELSEWHERE.toMillis(), TimeUnit.MILLISECONDS);
    }

    void follow(Session session) {
        follow(session::actions);
    }

    /** Follows the pipeline {@code actions} gives (the session's), reading its marks at once. */
    void follow(Supplier<Optional<ActionPipeline>> actions) {
        current.set(actions);
        refresh();
    }

    /** Reads the trail again, off the calling thread: an action ended, and a flush may be among them. */
    void refresh() {
        try {
            scheduler.execute(this::read);
        } catch (RejectedExecutionException e) {
            // the window is closing
        }
    }

    private void read() {
        Supplier<Optional<ActionPipeline>> s = current.get();
        if (s != null) {
            s.get().ifPresent(p -> sink.accept(marks(p, clock.instant())));
        }
    }

    static Map<String, List<Instant>> marks(ActionPipeline pipeline, Instant now) {
        return FlushMarks.from(pipeline.history(0), pipeline.identity().context(), now.minus(SPAN));
    }
}
