package io.opsdeck.services.prom;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The PromQL for the services' golden signals. There is no common convention for these (Istio,
 * Linkerd, ingress controllers and hand-made histograms all differ), so each is a template that the
 * user sets, and an unset one is not queried. Each must return an instant vector with the
 * namespace and service labels; {@code $window} is replaced by the rate window, e.g. {@code 5m}.
 *
 * @param requestsPerSec    requests per second, e.g.
 *                          {@code sum by (namespace, service) (rate(http_requests_total[$window]))}
 * @param errorRatio        failed over all requests, 0 to 1
 * @param latencyP99Seconds 99th percentile latency in seconds (Prometheus' base unit)
 * @param namespaceLabel    the label holding the Service's namespace
 * @param serviceLabel      the label holding the Service's name
 */
public record ServiceQueries(String requestsPerSec, String errorRatio, String latencyP99Seconds,
                             String namespaceLabel, String serviceLabel) {

    // declared before NONE: static fields initialise in order, and NONE's constructor reads it
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Nothing configured: no service queries are sent, every Service's figures are unknown. */
    public static final ServiceQueries NONE = new ServiceQueries(null, null, null, null, null);

    public ServiceQueries {
        requestsPerSec = blankToNull(requestsPerSec);
        errorRatio = blankToNull(errorRatio);
        latencyP99Seconds = blankToNull(latencyP99Seconds);
        namespaceLabel = label(namespaceLabel == null ? "namespace" : namespaceLabel);
        serviceLabel = label(serviceLabel == null ? "service" : serviceLabel);
    }

    public boolean isEmpty() {
        return requestsPerSec == null && errorRatio == null && latencyP99Seconds == null;
    }

    static String render(String template, Duration window) {
        return template.replace("$window", CacheQueries.promDuration(window));
    }

    private static String label(String name) {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus label name");
        }
        return name;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
