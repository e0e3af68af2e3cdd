package io.opsdeck.services.model;

import java.util.List;
import java.util.Map;

/**
 * A pod, slimmed to what the views need (DESIGN.md: keep slim records for the big collections).
 *
 * @param nodeName   the node it is bound to; empty while unscheduled
 * @param images     container images, in container order
 * @param ports      container ports, all containers together
 */
public record PodInfo(
        String namespace,
        String name,
        String nodeName,
        PodPhase phase,
        boolean ready,
        int restarts,
        OwnerRef owner,
        Map<String, String> labels,
        List<String> images,
        List<Integer> ports,
        long cpuRequestMilli,
        long memoryRequestBytes,
        String podIp) {

    public PodInfo {
        labels = Map.copyOf(labels);
        images = List.copyOf(images);
        ports = List.copyOf(ports);
    }

    public PodKey key() {
        return new PodKey(namespace, name);
    }

    public boolean scheduled() {
        return nodeName != null && !nodeName.isEmpty();
    }
}
