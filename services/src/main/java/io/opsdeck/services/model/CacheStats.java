package io.opsdeck.services.model;

/**
 * Figures for one cache node over the metrics window (rates, never lifetime counters). Rates are
 * per second. A figure that is not known is {@code NaN} (rates) or {@code -1} (counts).
 *
 * @param hitsPerSec   reads that found their key
 * @param missesPerSec reads that did not
 * @param source       where the figures came from, e.g. {@code prometheus}, {@code direct}, {@code sandbox}
 * @param error        why figures are missing; empty when they are not
 */
public record CacheStats(
        double hitsPerSec,
        double missesPerSec,
        double opsPerSec,
        long memoryUsedBytes,
        long memoryMaxBytes,
        double evictionsPerSec,
        long connectedClients,
        long keys,
        String source,
        String error) {

    public CacheStats {
        error = error == null ? "" : error;
    }

    public static CacheStats unavailable(String source, String error) {
        return new CacheStats(Double.NaN, Double.NaN, Double.NaN, -1, -1, Double.NaN, -1, -1, source, error);
    }

    /** Reads per second, hits and misses together. */
    public double readsPerSec() {
        return hitsPerSec + missesPerSec;
    }

    /** Hits over reads in the window; {@code NaN} when there were no reads ("no traffic", never 0%). */
    public double hitRatio() {
        double reads = readsPerSec();
        return reads > 0 ? hitsPerSec / reads : Double.NaN;
    }

    public boolean hasTraffic() {
        return readsPerSec() > 0;
    }

    public boolean hasError() {
        return !error.isEmpty();
    }
}
