package io.opsdeck.services.model;

import java.time.Instant;
import java.util.Map;

/** A Prometheus alert. {@code state} is {@code firing} or {@code pending}. */
public record Alert(String name, String severity, String state, String summary, Instant activeAt,
                    Map<String, String> labels) {
    public Alert {
        labels = Map.copyOf(labels);
    }
}
