package io.opsdeck.services.model;

import java.util.List;
import java.util.Map;

/**
 * A Service with its endpoint counts (from EndpointSlices, or Endpoints on old servers).
 *
 * @param selector empty for a Service without a selector (its endpoints are managed by hand)
 */
public record ServiceInfo(
        String namespace,
        String name,
        String type,
        Map<String, String> selector,
        List<Integer> ports,
        int endpointsReady,
        int endpointsTotal) {

    public ServiceInfo {
        selector = Map.copyOf(selector);
        ports = List.copyOf(ports);
    }

    public ServiceKey key() {
        return new ServiceKey(namespace, name);
    }
}
