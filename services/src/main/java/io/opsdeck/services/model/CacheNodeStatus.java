package io.opsdeck.services.model;

/** A cache node and its latest figures. */
public record CacheNodeStatus(CacheNode node, CacheStats stats) {
}
