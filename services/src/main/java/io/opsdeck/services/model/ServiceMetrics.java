package io.opsdeck.services.model;

/** Golden signals of a Service over the metrics window; {@code NaN} where unknown. */
public record ServiceMetrics(double requestsPerSec, double errorRatio, double latencyP99Ms) {
    public static final ServiceMetrics UNKNOWN = new ServiceMetrics(Double.NaN, Double.NaN, Double.NaN);
}
