package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheStats;

/** The figures of one node read directly: the shared {@link CacheStats} and the cache view's extras. */
public record DirectReading(CacheStats stats, CacheNodeDetails details) {
}
