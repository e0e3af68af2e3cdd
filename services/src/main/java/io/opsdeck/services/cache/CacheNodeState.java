package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheStats;

/**
 * How a cache node's figures should be read, in the words the view shows: figures, "no traffic"
 * (never 0% or NaN), "collecting (first sample)" (never 0), or why they are unavailable.
 */
public enum CacheNodeState {
    OK(""),
    NO_TRAFFIC("no traffic"),
    COLLECTING(CacheRateTracker.COLLECTING),
    UNAVAILABLE("unavailable");

    private final String label;

    CacheNodeState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static CacheNodeState of(CacheStats stats) {
        if (stats.error().startsWith(CacheRateTracker.COLLECTING_PREFIX)) {
            return COLLECTING;
        }
        if (stats.hasError() && Double.isNaN(stats.opsPerSec()) && Double.isNaN(stats.hitsPerSec())) {
            return UNAVAILABLE;
        }
        return stats.hasTraffic() ? OK : NO_TRAFFIC;
    }
}
