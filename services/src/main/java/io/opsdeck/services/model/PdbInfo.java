package io.opsdeck.services.model;

import java.util.Map;

/**
 * A PodDisruptionBudget (policy/v1, or policy/v1beta1 on old servers).
 *
 * @param minAvailable   as written ({@code 2} or {@code 50%}); empty when not set
 * @param maxUnavailable as written; empty when not set
 * @param disruptionsAllowed how many pods may be evicted now, as the API server computed it
 */
public record PdbInfo(
        String namespace,
        String name,
        Map<String, String> selector,
        String minAvailable,
        String maxUnavailable,
        int currentHealthy,
        int desiredHealthy,
        int disruptionsAllowed) {

    public PdbInfo {
        selector = Map.copyOf(selector);
        minAvailable = minAvailable == null ? "" : minAvailable;
        maxUnavailable = maxUnavailable == null ? "" : maxUnavailable;
    }
}
