package io.opsdeck.services.action;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cancel button's other end. Runners check it between requests and wait on it instead of
 * sleeping, so a cancel ends a wait at once; a request already sent is not taken back.
 */
public final class Cancellation {
    private final CountDownLatch cancelled = new CountDownLatch(1);

    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /**
     * Waits up to {@code millis}; true when cancelled meanwhile (or before). An interrupt counts as
     * a cancel.
     */
    public boolean await(long millis) {
        try {
            return cancelled.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return true;
        }
    }
}
