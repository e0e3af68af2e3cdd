package io.opsdeck.services.overview;

import io.opsdeck.services.model.PodInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods indexed by namespace and label, so that matching every Service's selector costs the size of
 * its smallest candidate set, not the size of the cluster. The index holds positions in the pod
 * list, so a list whose pods kept their positions, namespaces and labels can reuse it ({@link #over}).
 */
final class PodIndex {
    private final List<PodInfo> pods;
    /** Namespace → label key → label value → positions in {@link #pods}; no key text is built per pod. */
    private final Map<String, Map<String, Map<String, Positions>>> byNamespaceAndLabel;

    PodIndex(List<PodInfo> pods) {
        this.pods = pods;
        this.byNamespaceAndLabel = new HashMap<>();
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            Map<String, Map<String, Positions>> ns = byNamespaceAndLabel.computeIfAbsent(p.namespace(), k -> new HashMap<>());
            for (Map.Entry<String, String> l : p.labels().entrySet()) {
                ns.computeIfAbsent(l.getKey(), k -> new HashMap<>()).computeIfAbsent(l.getValue(), v -> new Positions()).add(i);
            }
        }
    }

    private PodIndex(List<PodInfo> pods, Map<String, Map<String, Map<String, Positions>>> byNamespaceAndLabel) {
        this.pods = pods;
        this.byNamespaceAndLabel = byNamespaceAndLabel;
    }

    /**
     * This index for {@code next}, in which every pod has the same namespace and labels as the pod at
     * its position here (the caller checks); nothing is indexed again.
     */
    PodIndex over(List<PodInfo> next) {
        if (next.size() != pods.size()) {
            throw new IllegalArgumentException(next.size() + " pods where the index has " + pods.size());
        }
        return new PodIndex(next, byNamespaceAndLabel);
    }

    /** Pods in {@code namespace} whose labels hold every entry of {@code selector}; none for an empty selector. */
    List<PodInfo> select(String namespace, Map<String, String> selector) {
        int[] at = positions(namespace, selector);
        List<PodInfo> out = new ArrayList<>(at.length);
        for (int i : at) {
            out.add(pods.get(i));
        }
        return out;
    }

    /** Where {@link #select}'s pods are in the pod list, ascending. */
    int[] positions(String namespace, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return new int[0];
        }
        Map<String, Map<String, Positions>> ns = byNamespaceAndLabel.get(namespace);
        if (ns == null) {
            return new int[0];
        }
        Positions smallest = null;
        for (Map.Entry<String, String> e : selector.entrySet()) {
            Map<String, Positions> values = ns.get(e.getKey());
            Positions candidates = values == null ? null : values.get(e.getValue());
            if (candidates == null) {
                return new int[0];
            }
            if (smallest == null || candidates.size < smallest.size) {
                smallest = candidates;
            }
        }
        int[] out = new int[smallest.size];
        int n = 0;
        for (int i = 0; i < smallest.size; i++) {
            int at = smallest.at[i];
            if (pods.get(at).labels().entrySet().containsAll(selector.entrySet())) {
                out[n++] = at;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** A growing list of positions, without boxing. */
    private static final class Positions {
        int[] at = new int[4];
        int size;

        void add(int i) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
            }
            at[size++] = i;
        }
    }
}
