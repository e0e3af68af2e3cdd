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
 * that logs. Closing it stops every executor it made, and those of its {@link #child() children}.
 *
 * <p>One is made per window or headless command, and handed down: a session takes a child, which it
 * closes when it ends, without stopping the threads of the window that outlives it.
 */
public final class Workers implements AutoCloseable {
    // no static logger: the app makes a thread here before its logging is set up (Main), and a logger made
    // then would have Logback configure itself before it knows where the log goes
    public static final Thread.UncaughtExceptionHandler LOGGING_HANDLER =
            (t, e) -> log().error("Uncaught exception on thread {}", t.getName(), e);

    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();
    private final List<Workers> children = new CopyOnWriteArrayList<>();
    private final Workers parent;

    public Workers() {
        this(null);
    }

    private Workers(Workers parent) {
        this.parent = parent;
    }

    /** Workers of their own (one session's) that this one's {@link #close()} stops too, unless closed first. */
    public Workers child() {
        Workers c = new Workers(this);
        children.add(c);
        return c;
    }

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
        for (Workers c : children) {
            c.close();
        }
        if (parent != null) {
            parent.children.remove(this);
        }
        for (ExecutorService ex : executors) {
            ex.shutdownNow();
        }
        for (ExecutorService ex : executors) {
            try {
                if (!ex.awaitTermination(2, TimeUnit.SECONDS)) {
                    log().warn("A background executor did not stop within 2 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        executors.clear();
    }

    private static Logger log() {
        return LoggerFactory.getLogger(Workers.class);
    }
}
