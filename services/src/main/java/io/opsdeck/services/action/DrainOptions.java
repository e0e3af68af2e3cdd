package io.opsdeck.services.action;

import java.time.Duration;

/**
 * The options of a drain, as {@code kubectl drain} has them.
 *
 * @param timeout            how long to wait for the pods to go; {@link Duration#ZERO} waits forever
 * @param gracePeriodSeconds the grace period given to each pod; -1 for the pod's own
 * @param deleteEmptyDirData evict pods with emptyDir volumes (their local data is lost)
 * @param force              evict pods that no controller manages (they do not come back)
 */
public record DrainOptions(Duration timeout, long gracePeriodSeconds, boolean deleteEmptyDirData, boolean force) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final DrainOptions DEFAULTS = new DrainOptions(DEFAULT_TIMEOUT, -1, false, false);

    public DrainOptions {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Invalid --timeout " + timeout + ": it must be 0 (wait forever) or more");
        }
        if (gracePeriodSeconds < -1) {
            throw new IllegalArgumentException("Invalid --grace-period " + gracePeriodSeconds
                    + ": give seconds (0 or more), or leave it out to use each pod's own");
        }
    }
}
