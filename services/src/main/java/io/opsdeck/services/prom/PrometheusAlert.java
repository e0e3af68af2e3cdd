package io.opsdeck.services.prom;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as {@code /api/v1/alerts} gives it.
 *
 * @param state    {@code firing} or {@code pending}
 * @param activeAt when it became active; {@code null} when the server did not say
 * @param value    the expression's value when last evaluated, as text
 */
public record PrometheusAlert(Map<String, String> labels, Map<String, String> annotations, String state,
                              Instant activeAt, String value) {
    public PrometheusAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public String name() {
        return labels.getOrDefault("alertname", "");
    }
}
