package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds nodes and pods by name: exact names first, then names that start with the query, then
 * names that contain it; nodes before pods. {@code namespace/name} finds one pod. Runs off the FX
 * thread (it scans every pod).
 */
final class TopologySearch {
    static final int MAX_HITS = 500;

    /** A node ({@code pod} is -1) or a pod, by index into the frame it was found in. */
    record Hit(int node, int pod) {
        boolean isPod() {
            return pod >= 0;
        }
    }

    private TopologySearch() {
    }

    static List<Hit> find(TopologyFrame frame, String query) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<Hit> out = new ArrayList<>();
        if (q.isEmpty()) {
            return out;
        }
        TopologyIndex index = frame.index;
        int slash = q.indexOf('/');
        if (slash > 0) {
            String ns = q.substring(0, slash);
            String name = q.substring(slash + 1);
            for (int rank = 0; rank < 3 && out.size() < MAX_HITS; rank++) {
                for (int p = 0; p < index.pods.length && out.size() < MAX_HITS; p++) {
                    PodInfo pod = index.pods[p];
                    if (pod.namespace().equalsIgnoreCase(ns) && matches(pod.name(), name, rank)) {
                        out.add(new Hit(index.podNode[p], p));
                    }
                }
            }
            return out;
        }
        for (int rank = 0; rank < 3 && out.size() < MAX_HITS; rank++) {
            for (int n = 0; n < index.nodes.length && out.size() < MAX_HITS; n++) {
                NodeInfo node = index.nodes[n];
                if (matches(node.name(), q, rank)) {
                    out.add(new Hit(n, -1));
                }
            }
            for (int p = 0; p < index.pods.length && out.size() < MAX_HITS; p++) {
                if (matches(index.pods[p].name(), q, rank)) {
                    out.add(new Hit(index.podNode[p], p));
                }
            }
        }
        return out;
    }

    /** Rank 0: the whole name; 1: a prefix, not the whole; 2: inside, not a prefix. */
    private static boolean matches(String name, String q, int rank) {
        if (name.length() < q.length()) {
            return false;
        }
        boolean prefix = name.regionMatches(true, 0, q, 0, q.length());
        return switch (rank) {
            case 0 -> prefix && name.length() == q.length();
            case 1 -> prefix && name.length() > q.length();
            default -> !prefix && name.toLowerCase(Locale.ROOT).contains(q);
        };
    }
}
