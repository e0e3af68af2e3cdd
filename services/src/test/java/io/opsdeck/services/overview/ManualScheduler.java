package io.opsdeck.services.overview;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a made-up clock, for tests: tasks run on the caller's thread when {@link #advance}
 * or {@link #runDue} reaches their time, never by themselves. Single-threaded use only.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final List<Task<?>> queue = new ArrayList<>();
    private long now;
    private long sequence;

    /** The made-up time in nanoseconds, for the code under test. */
    long nanoTime() {
        return now;
    }

    /** How many tasks wait, due or not. */
    int pending() {
        return queue.size();
    }

    /** When the next task is due, relative to now; -1 without one. */
    long nextDelayNanos() {
        return queue.stream().mapToLong(t -> t.due).min().stream().map(d -> d - now).findFirst().orElse(-1);
    }

    /** Runs the tasks due now, those they schedule for now included. */
    void runDue() {
        advance(0);
    }

    /** Moves the clock on by {@code nanos}, running every task that falls due on the way, in time order. */
    void advance(long nanos) {
        long until = now + nanos;
        while (true) {
            Task<?> next = queue.stream().filter(t -> t.due <= until)
                    .min(Comparator.comparingLong((Task<?> t) -> t.due).thenComparingLong(t -> t.sequence))
                    .orElse(null);
            if (next == null) {
                break;
            }
            queue.remove(next);
            now = Math.max(now, next.due);
            next.run();
        }
        now = until;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(command, null, now + unit.toNanos(Math.max(0, delay))));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, now + unit.toNanos(Math.max(0, delay))));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    private <V> Task<V> add(Task<V> t) {
        queue.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        queue.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        queue.clear();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long due;
        final long sequence = ManualScheduler.this.sequence++;

        Task(Runnable r, V result, long due) {
            super(r, result);
            this.due = due;
        }

        Task(Callable<V> c, long due) {
            super(c);
            this.due = due;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            queue.remove(this);
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
