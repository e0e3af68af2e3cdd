package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;

/**
 * What the topology shows. The node state decides which nodes are laid out; namespace, label
 * selector and phase decide which pods are drawn in full colour (the others are dimmed, so a
 * node's cells do not move when a filter changes).
 *
 * @param namespace empty for every namespace
 */
record TopologyFilter(String namespace, LabelSelector selector, NodeState nodeState, PodFilter phase) {
    static final TopologyFilter NONE = new TopologyFilter("", LabelSelector.ANY, NodeState.ANY, PodFilter.ANY);

    TopologyFilter {
        namespace = namespace == null ? "" : namespace;
        selector = selector == null ? LabelSelector.ANY : selector;
        nodeState = nodeState == null ? NodeState.ANY : nodeState;
        phase = phase == null ? PodFilter.ANY : phase;
    }

    /** Node states a person filters by. */
    enum NodeState {
        ANY("All nodes"), READY("Ready"), NOT_READY("NotReady"), CORDONED("Cordoned"),
        PRESSURE("Under pressure"), UNHEALTHY("Any problem");

        private final String label;

        NodeState(String label) {
            this.label = label;
        }

        boolean matches(NodeInfo n) {
            return switch (this) {
                case ANY -> true;
                case READY -> n.ready();
                case NOT_READY -> !n.ready();
                case CORDONED -> n.unschedulable();
                case PRESSURE -> !n.pressures().isEmpty();
                case UNHEALTHY -> !n.healthy();
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Pod phases (and readiness) a person filters by. */
    enum PodFilter {
        ANY("All phases"), RUNNING("Running"), NOT_READY("Running, not ready"), PENDING("Pending"),
        FAILED("Failed"), SUCCEEDED("Succeeded"), UNKNOWN("Unknown");

        private final String label;

        PodFilter(String label) {
            this.label = label;
        }

        boolean matches(byte podClass) {
            return switch (this) {
                case ANY -> true;
                case RUNNING -> podClass == PodClass.READY || podClass == PodClass.NOT_READY;
                case NOT_READY -> podClass == PodClass.NOT_READY;
                case PENDING -> podClass == PodClass.PENDING;
                case FAILED -> podClass == PodClass.FAILED;
                case SUCCEEDED -> podClass == PodClass.SUCCEEDED;
                case UNKNOWN -> podClass == PodClass.UNKNOWN;
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** True when some pods may be dimmed. */
    boolean filtersPods() {
        return !namespace.isEmpty() || !selector.isEmpty() || phase != PodFilter.ANY;
    }

    boolean isEmpty() {
        return !filtersPods() && nodeState == NodeState.ANY;
    }

    boolean matches(PodInfo pod, byte podClass) {
        return (namespace.isEmpty() || namespace.equals(pod.namespace())) && phase.matches(podClass)
                && selector.matches(pod.labels());
    }

    TopologyFilter withNamespace(String ns) {
        return new TopologyFilter(ns, selector, nodeState, phase);
    }

    TopologyFilter withSelector(LabelSelector s) {
        return new TopologyFilter(namespace, s, nodeState, phase);
    }

    TopologyFilter withNodeState(NodeState s) {
        return new TopologyFilter(namespace, selector, s, phase);
    }

    TopologyFilter withPhase(PodFilter p) {
        return new TopologyFilter(namespace, selector, nodeState, p);
    }
}
