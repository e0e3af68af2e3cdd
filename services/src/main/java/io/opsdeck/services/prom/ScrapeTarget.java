package io.opsdeck.services.prom;

import java.time.Instant;
import java.util.Map;

/**
 * An active scrape target from {@code /api/v1/targets}.
 *
 * @param labels     the target's labels after relabelling (those every series of the target gets)
 * @param health     {@code up}, {@code down} or {@code unknown}
 * @param lastError  why the last scrape failed; empty when it did not
 * @param lastScrape {@code null} before the first scrape
 */
public record ScrapeTarget(Map<String, String> labels, String scrapePool, String scrapeUrl, String health,
                           String lastError, Instant lastScrape) {
    public ScrapeTarget {
        labels = Map.copyOf(labels);
    }

    public boolean up() {
        return "up".equals(health);
    }
}
