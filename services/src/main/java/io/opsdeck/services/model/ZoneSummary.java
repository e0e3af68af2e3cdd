package io.opsdeck.services.model;

/** Counts for one zone. */
public record ZoneSummary(String region, String zone, int nodes, int nodesReady, int nodesCordoned, int pods) {
}
