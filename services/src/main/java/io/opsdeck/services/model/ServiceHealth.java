package io.opsdeck.services.model;

import java.util.List;

/**
 * A Service joined with its workloads and metrics, and the verdict with its reasons.
 *
 * @param restarts container restarts across its pods; -1 when its pods could not be read
 */
public record ServiceHealth(ServiceInfo service, Health health, List<String> reasons, ServiceMetrics metrics,
                            int restarts) {
    public ServiceHealth {
        reasons = List.copyOf(reasons);
    }

    public boolean restartsKnown() {
        return restarts >= 0;
    }
}
