package io.opsdeck.services.prom;

import java.time.Instant;
import java.util.Map;

/**
 * One element of an instant vector (or a scalar, with no labels).
 *
 * @param value may be {@code NaN} or infinite, as Prometheus says
 */
public record Sample(Map<String, String> labels, double value, Instant at) {
    public Sample {
        labels = Map.copyOf(labels);
    }

    /** The label's value, or empty when the series has no such label (as PromQL treats it). */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }
}
