package io.opsdeck.services.concurrent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place background threads are made: named, daemon, with an uncaught-exception handler
 * that logs. Closing it stops every executor it made.
 */
public final class Workers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    public static final Thread.UncaughtExceptionHandler LOGGING_HANDLER =
            (t, e) -> LOG.error("Uncaught exception on thread {}", t.getName(), e);

    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

    /** A single-threaded scheduler named {@code opsdeck-NAME}. */
    public ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, threadFactory(name));
        ex.setRemoveOnCancelPolicy(true);
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executors.add(ex);
        return ex;
    }

    public static ThreadFactory threadFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.getAndIncrement();
            Thread t = new Thread(r, "opsdeck-" + name + (i == 0 ? "" : "-" + i));
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(LOGGING_HANDLER);
            return t;
        };
    }

    @Override
    public void close() {
        for (ExecutorService ex : executors) {
            ex.shutdownNow();
        }
        for (ExecutorService ex : executors) {
            try {
                if (!ex.awaitTermination(2, TimeUnit.SECONDS)) {
                    LOG.warn("A background executor did not stop within 2 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        executors.clear();
    }
}
