package io.opsdeck.services.k8s;

import io.opsdeck.services.k8s.slim.SlimEndpointSlice;
import io.opsdeck.services.k8s.slim.SlimEndpoints;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ready and total endpoints per Service, from EndpointSlices (grouped by their
 * {@code kubernetes.io/service-name} label) or from core/v1 Endpoints. Addresses are counted once
 * each: a slice being split or merged can list an endpoint twice for a moment, and an Endpoints
 * object lists an IP once per port subset. A dual-stack Service has one slice family per address
 * type for the same pods; the larger family is counted, not the sum.
 */
final class EndpointCounts {
    /** namespace → service → {ready, total}. */
    private final Map<String, Map<String, int[]>> counts = new HashMap<>();

    static EndpointCounts of(List<?> items) {
        EndpointCounts c = new EndpointCounts();
        // namespace/service → address type → address → ready
        Map<String, Map<String, Map<String, Boolean>>> slices = new HashMap<>();
        for (Object o : items) {
            if (o instanceof SlimEndpointSlice s) {
                if (s.serviceName().isEmpty()) {
                    continue;
                }
                Map<String, Boolean> byAddress = slices
                        .computeIfAbsent(s.namespace() + '/' + s.serviceName(), k -> new HashMap<>())
                        .computeIfAbsent(s.addressType(), k -> new HashMap<>());
                for (int i = 0; i < s.endpointCount(); i++) {
                    boolean ready = s.ready(i);
                    byAddress.merge(s.address(i), ready, Boolean::logicalOr);
                }
            } else if (o instanceof SlimEndpoints e) {
                Set<String> ready = new HashSet<>(e.readyIps());
                Set<String> all = new HashSet<>(ready);
                all.addAll(e.notReadyIps());
                c.put(e.namespace(), e.name(), ready.size(), all.size());
            }
        }
        for (Map.Entry<String, Map<String, Map<String, Boolean>>> svc : slices.entrySet()) {
            int bestReady = 0;
            int bestTotal = -1;
            for (Map<String, Boolean> family : svc.getValue().values()) {
                if (family.size() > bestTotal) {
                    bestTotal = family.size();
                    bestReady = (int) family.values().stream().filter(Boolean::booleanValue).count();
                }
            }
            String key = svc.getKey();
            int slash = key.indexOf('/');
            c.put(key.substring(0, slash), key.substring(slash + 1), bestReady, Math.max(bestTotal, 0));
        }
        return c;
    }

    private void put(String namespace, String service, int ready, int total) {
        counts.computeIfAbsent(namespace, k -> new HashMap<>()).put(service, new int[]{ready, total});
    }

    /**
     * {ready, total} for a Service; {@code null} when it has no EndpointSlice or Endpoints object at all
     * (which, for a Service with a selector, the control plane's controllers would have made).
     */
    int[] get(String namespace, String service) {
        Map<String, int[]> inNamespace = counts.get(namespace);
        return inNamespace == null ? null : inNamespace.get(service);
    }
}
