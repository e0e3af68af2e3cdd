package io.opsdeck.services.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Services' figures could not be read, by namespace, and why: one sentence per kind of figure,
 * for the Services view and the report to say what is partial. Pure.
 */
public final class UnknownFigures {
    private UnknownFigures() {
    }

    /**
     * E.g. "endpoint counts unknown in namespaces shop, web — may not list endpointslices or endpoints in
     * shop"; empty when every figure was read. Selector-less Services without any endpoints object are
     * left out: their counts are unknown by nature, not for lack of access.
     */
    public static List<String> of(ClusterSnapshot cluster, List<ServiceHealth> services) {
        Set<String> endpoints = new TreeSet<>();
        Set<String> pods = new TreeSet<>();
        for (ServiceHealth h : services) {
            String ns = h.service().namespace();
            if (!h.service().endpointsKnown() && !cluster.endpointsScope().covers(ns)) {
                endpoints.add(ns);
            }
            if (!h.restartsKnown()) {
                pods.add(ns);
            }
        }
        List<String> out = new ArrayList<>(2);
        if (!endpoints.isEmpty()) {
            out.add(sentence("endpoint counts", endpoints, cluster.endpointsScope()));
        }
        if (!pods.isEmpty()) {
            out.add(sentence("pods and restarts", pods, cluster.podsScope()));
        }
        return out;
    }

    private static String sentence(String what, Set<String> namespaces, ReadScope scope) {
        return what + " unknown in namespace" + (namespaces.size() == 1 ? " " : "s ") + String.join(", ", namespaces)
                + " — " + scope.whyNot(namespaces.iterator().next());
    }
}
