package io.opsdeck.services.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node as the views need it: identity, placement, state and capacity. Immutable.
 *
 * @param zone   value of {@code topology.kubernetes.io/zone}; {@code null} when the node has none
 * @param region value of {@code topology.kubernetes.io/region}; {@code null} when the node has none
 */
public record NodeInfo(
        String name,
        String region,
        String zone,
        String role,
        boolean ready,
        boolean unschedulable,
        Set<NodeCondition> pressures,
        List<Taint> taints,
        long cpuAllocatableMilli,
        long memoryAllocatableBytes,
        String kubeletVersion,
        Map<String, String> labels) {

    public static final String UNZONED = "unzoned";

    public NodeInfo {
        pressures = Set.copyOf(pressures);
        taints = List.copyOf(taints);
        labels = Map.copyOf(labels);
    }

    /** The zone this node is grouped under: its zone label, or {@value #UNZONED}. */
    public String zoneOrUnzoned() {
        return zone == null || zone.isBlank() ? UNZONED : zone;
    }

    /** Ready, schedulable and free of pressure. */
    public boolean healthy() {
        return ready && !unschedulable && pressures.isEmpty();
    }
}
