package io.opsdeck.services.source;

import io.opsdeck.services.model.MetricsSnapshot;

/**
 * Part of the figures could be read: typically Prometheus is down (or not found) while the cache
 * figures were read directly from the caches. The message says what is missing; {@link #partial()}
 * holds what was read, whose cache figures are fresh and whose service figures and alerts are empty.
 * The monitor keeps the cache figures and shows the rest as stale.
 */
public final class PartialMetricsException extends MetricsUnavailableException {
    private static final long serialVersionUID = 1L;

    private final transient MetricsSnapshot partial;
    private final boolean notConfigured;

    /**
     * @param notConfigured the missing part is not configured or not found (not an outage)
     */
    public PartialMetricsException(String message, MetricsSnapshot partial, boolean notConfigured) {
        super(message);
        this.partial = partial;
        this.notConfigured = notConfigured;
    }

    public MetricsSnapshot partial() {
        return partial;
    }

    public boolean notConfigured() {
        return notConfigured;
    }
}
