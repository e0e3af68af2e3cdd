package io.opsdeck.services.model;

/**
 * A cache server found in the cluster.
 *
 * @param cluster the cache cluster it belongs to: its owning workload's name, else the pod's name
 * @param role    {@code primary}, {@code replica} or empty when unknown
 */
public record CacheNode(PodKey pod, CacheKind kind, String cluster, String role, String nodeName, int port) {
}
