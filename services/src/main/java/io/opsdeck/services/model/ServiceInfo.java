package io.opsdeck.services.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Service with its endpoint counts (from EndpointSlices, or Endpoints on old servers or for users
 * who may not read slices).
 *
 * @param selector          empty for a Service without a selector (its endpoints are managed by hand)
 * @param endpointsReady    ready endpoints; -1 when unknown
 * @param endpointsTotal    all endpoints; -1 when unknown
 * @param endpointsUnknown  why the counts are unknown (e.g. "may not list endpointslices or endpoints in shop");
 *                          empty when they were read
 */
public record ServiceInfo(
        String namespace,
        String name,
        String type,
        Map<String, String> selector,
        List<Integer> ports,
        int endpointsReady,
        int endpointsTotal,
        String endpointsUnknown) {

    public ServiceInfo {
        selector = Map.copyOf(selector);
        ports = List.copyOf(ports);
        endpointsUnknown = Objects.requireNonNullElse(endpointsUnknown, "");
        if (!endpointsUnknown.isEmpty()) {
            endpointsReady = -1;
            endpointsTotal = -1;
        }
    }

    /** A Service whose endpoints were counted. */
    public ServiceInfo(String namespace, String name, String type, Map<String, String> selector, List<Integer> ports,
                       int endpointsReady, int endpointsTotal) {
        this(namespace, name, type, selector, ports, endpointsReady, endpointsTotal, "");
    }

    /** The same Service with its endpoint counts unknown, for {@code why}. */
    public ServiceInfo withEndpointsUnknown(String why) {
        return new ServiceInfo(namespace, name, type, selector, ports, -1, -1, why);
    }

    public boolean endpointsKnown() {
        return endpointsUnknown.isEmpty();
    }

    public ServiceKey key() {
        return new ServiceKey(namespace, name);
    }
}
