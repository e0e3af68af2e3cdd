package io.opsdeck.services.overview;

import io.opsdeck.services.model.PodInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods indexed by namespace and label, so that matching every Service's selector costs the size of
 * its smallest candidate set, not the size of the cluster.
 */
final class PodIndex {
    private final Map<String, Map<String, List<PodInfo>>> byNamespaceAndLabel = new HashMap<>();

    PodIndex(List<PodInfo> pods) {
        for (PodInfo p : pods) {
            Map<String, List<PodInfo>> ns = byNamespaceAndLabel.computeIfAbsent(p.namespace(), k -> new HashMap<>());
            for (Map.Entry<String, String> l : p.labels().entrySet()) {
                ns.computeIfAbsent(l.getKey() + "=" + l.getValue(), k -> new ArrayList<>()).add(p);
            }
        }
    }

    /** Pods in {@code namespace} whose labels hold every entry of {@code selector}; none for an empty selector. */
    List<PodInfo> select(String namespace, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        Map<String, List<PodInfo>> ns = byNamespaceAndLabel.get(namespace);
        if (ns == null) {
            return List.of();
        }
        List<PodInfo> smallest = null;
        for (Map.Entry<String, String> e : selector.entrySet()) {
            List<PodInfo> candidates = ns.get(e.getKey() + "=" + e.getValue());
            if (candidates == null) {
                return List.of();
            }
            if (smallest == null || candidates.size() < smallest.size()) {
                smallest = candidates;
            }
        }
        List<PodInfo> out = new ArrayList<>();
        for (PodInfo p : smallest) {
            if (p.labels().entrySet().containsAll(selector.entrySet())) {
                out.add(p);
            }
        }
        return out;
    }
}
