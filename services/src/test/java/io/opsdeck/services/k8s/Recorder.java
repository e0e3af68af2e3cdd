package io.opsdeck.services.k8s;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.source.ClusterSource;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/** Collects what a source publishes; the await methods poll with a timeout, they never sleep. */
final class Recorder implements ClusterSource.Listener {
    // fabric8 backs a failed watch off up to 32 s, so a reconnect may take that long once the server is back
    static final long TIMEOUT_SECONDS = 90;

    final BlockingQueue<ClusterSnapshot> snapshots = new LinkedBlockingQueue<>();
    final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    final AtomicInteger snapshotCount = new AtomicInteger();
    private volatile ClusterSnapshot latest;
    private volatile Thread callbackThread;
    private final AtomicInteger concurrent = new AtomicInteger();
    volatile boolean overlapped;

    @Override
    public void snapshot(ClusterSnapshot snapshot) {
        enter();
        latest = snapshot;
        snapshotCount.incrementAndGet();
        snapshots.add(snapshot);
        concurrent.decrementAndGet();
    }

    @Override
    public void status(ConnectionStatus status) {
        enter();
        statuses.add(status);
        concurrent.decrementAndGet();
    }

    private void enter() {
        if (concurrent.incrementAndGet() > 1) {
            overlapped = true;
        }
        callbackThread = Thread.currentThread();
    }

    ClusterSnapshot latest() {
        return latest;
    }

    Thread callbackThread() {
        return callbackThread;
    }

    /** The next snapshot that matches, skipping the others. */
    ClusterSnapshot awaitSnapshot(String what, Predicate<ClusterSnapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        ClusterSnapshot last = null;
        while (System.nanoTime() < deadline) {
            ClusterSnapshot s = snapshots.poll(200, TimeUnit.MILLISECONDS);
            if (s != null) {
                last = s;
                if (condition.test(s)) {
                    return s;
                }
            }
        }
        return fail("no snapshot with " + what + " within " + TIMEOUT_SECONDS + " s; last: " + last);
    }

    /** The next status that matches, skipping the others. */
    ConnectionStatus awaitStatus(String what, Predicate<ConnectionStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        ConnectionStatus last = null;
        while (System.nanoTime() < deadline) {
            ConnectionStatus s = statuses.poll(200, TimeUnit.MILLISECONDS);
            if (s != null) {
                last = s;
                if (condition.test(s)) {
                    return s;
                }
            }
        }
        return fail("no status " + what + " within " + TIMEOUT_SECONDS + " s; last: " + last);
    }
}
