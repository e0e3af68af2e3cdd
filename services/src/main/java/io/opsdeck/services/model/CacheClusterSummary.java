package io.opsdeck.services.model;

/**
 * Figures of a cache cluster rolled up from its nodes. The hit ratio is weighted by traffic
 * (total hits over total reads), not an average of node ratios.
 */
public record CacheClusterSummary(
        String namespace,
        String name,
        CacheKind kind,
        int nodes,
        int nodesWithData,
        double hitRatio,
        double opsPerSec,
        long memoryUsedBytes,
        double evictionsPerSec) {
}
