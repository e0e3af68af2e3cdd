package io.opsdeck.services.model;

import java.util.List;

/**
 * A Service joined with its workloads and metrics, and the verdict with its reasons.
 *
 * @param restarts container restarts across its pods; -1 when its pods could not be read
 * @param owners   the controllers of the pods its selector picks, each once, in the order first met
 *                 (what would be scaled to scale it); empty when it selects none or they could not be read
 */
public record ServiceHealth(ServiceInfo service, Health health, List<String> reasons, ServiceMetrics metrics,
                            int restarts, List<OwnerRef> owners) {
    public ServiceHealth {
        reasons = List.copyOf(reasons);
        owners = List.copyOf(owners);
    }

    public boolean restartsKnown() {
        return restarts >= 0;
    }
}
