package io.opsdeck.views.topology;

import io.opsdeck.services.model.PodKey;

/**
 * What is selected, by name, so that it survives new snapshots (indices do not).
 *
 * @param node the node's name; {@link #UNPLACED} for the pods without a node
 * @param pod  the pod, or null when a node is selected
 */
record TopologySelection(String node, PodKey pod) {
    static final String UNPLACED = "";

    static TopologySelection of(TopologyFrame f, int node, int pod) {
        if (pod >= 0) {
            return new TopologySelection(nodeName(f, f.index.podNode[pod]), f.index.pods[pod].key());
        }
        return new TopologySelection(nodeName(f, node), null);
    }

    private static String nodeName(TopologyFrame f, int node) {
        return node == f.index.unplaced() ? UNPLACED : f.index.nodes[node].name();
    }

    boolean isPod() {
        return pod != null;
    }

    /** The node index in {@code f}, or -1 when it is gone. */
    int nodeIn(TopologyFrame f) {
        if (isPod()) {
            int p = podIn(f);
            return p < 0 ? -1 : f.index.podNode[p];
        }
        if (UNPLACED.equals(node)) {
            return f.index.podCount(f.index.unplaced()) > 0 ? f.index.unplaced() : -1;
        }
        Integer n = f.index.nodeByName.get(node);
        return n == null ? -1 : n;
    }

    /** The pod index in {@code f}, or -1 when none is selected or it is gone. */
    int podIn(TopologyFrame f) {
        if (!isPod()) {
            return -1;
        }
        Integer p = f.index.podByKey.get(pod);
        return p == null ? -1 : p;
    }
}
