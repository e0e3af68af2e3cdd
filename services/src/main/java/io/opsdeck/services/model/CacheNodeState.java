package io.opsdeck.services.model;


/**
 * How a cache node's figures should be read, in the words the view shows: figures, "no traffic"
 * (never 0% or NaN), "collecting (first sample)" (never 0), or why they are unavailable.
 */
public enum CacheNodeState {
    OK(""),
    NO_TRAFFIC("no traffic"),
    COLLECTING(CacheNodeState.COLLECTING_PREFIX + ")"),
    UNAVAILABLE("unavailable");

    /** How a direct reader's error begins while it has only one sample and so no rates yet. */
    public static final String COLLECTING_PREFIX = "collecting (first sample";

    private final String label;

    CacheNodeState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static CacheNodeState of(CacheStats stats) {
        if (stats.error().startsWith(COLLECTING_PREFIX)) {
            return COLLECTING;
        }
        if (stats.hasError() && Double.isNaN(stats.opsPerSec()) && Double.isNaN(stats.hitsPerSec())) {
            return UNAVAILABLE;
        }
        return stats.hasTraffic() ? OK : NO_TRAFFIC;
    }
}
