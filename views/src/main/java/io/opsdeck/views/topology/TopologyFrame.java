package io.opsdeck.views.topology;

import io.opsdeck.services.model.Overview;

/**
 * Everything one drawn picture needs, immutable: the indexed cluster, cache figures, the filter,
 * the layout and which pods the filter dims. Built off the FX thread; the FX thread only reads it.
 */
final class TopologyFrame {
    final long generation;
    final Overview overview;
    final TopologyIndex index;
    final TopologyCaches caches;
    final TopologyFilter filter;
    final TopologyLayout layout;
    /** 1 for pods the filter dims; null when the filter dims none. */
    final byte[] podDim;
    /** Per node slot and pod class, the pods the filter keeps; null when it keeps all. */
    final int[] matchedClassCounts;
    final int matchingPods;
    final long indexNanos;
    final long layoutNanos;
    final long filterNanos;

    TopologyFrame(long generation, Overview overview, TopologyIndex index, TopologyCaches caches,
                  TopologyFilter filter, TopologyLayout layout, byte[] podDim, int[] matchedClassCounts,
                  int matchingPods, long indexNanos, long layoutNanos, long filterNanos) {
        this.generation = generation;
        this.overview = overview;
        this.index = index;
        this.caches = caches;
        this.filter = filter;
        this.layout = layout;
        this.podDim = podDim;
        this.matchedClassCounts = matchedClassCounts;
        this.matchingPods = matchingPods;
        this.indexNanos = indexNanos;
        this.layoutNanos = layoutNanos;
        this.filterNanos = filterNanos;
    }

    boolean dimmed(int pod) {
        return podDim != null && podDim[pod] != 0;
    }

    /** Pods of {@code podClass} on {@code node} drawn in full colour. */
    int shownCount(int node, byte podClass) {
        return matchedClassCounts == null ? index.classCount(node, podClass)
                : matchedClassCounts[node * PodClass.COUNT + podClass];
    }

    /** True when the filter leaves no pod of this node in full colour. */
    boolean nodeDimmed(int node) {
        if (matchedClassCounts == null) {
            return false;
        }
        for (int c = 0; c < PodClass.COUNT; c++) {
            if (matchedClassCounts[node * PodClass.COUNT + c] > 0) {
                return false;
            }
        }
        return true;
    }

    int shownNodes() {
        int n = layout.shown.length;
        return n;
    }
}
