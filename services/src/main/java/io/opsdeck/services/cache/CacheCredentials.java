package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which password reference applies to which cache in the cluster, from settings: keyed by
 * {@code namespace/cluster} (every node of a cache cluster) or {@code namespace/pod} (one node,
 * which wins). External caches carry their reference in their {@link CacheAddress}.
 */
public record CacheCredentials(Map<String, String> refs) {
    public static final CacheCredentials NONE = new CacheCredentials(Map.of());

    public CacheCredentials {
        TreeMap<String, String> copy = new TreeMap<>();
        if (refs != null) {
            refs.forEach((k, v) -> {
                if (k != null && v != null && !v.isBlank()) {
                    copy.put(k.trim(), v.trim());
                }
            });
        }
        refs = Map.copyOf(copy);
    }

    /** The reference for this node, or empty when it has none. */
    public String refFor(CacheNode node) {
        String ns = node.pod().namespace();
        String byPod = refs.get(ns + "/" + node.pod().name());
        if (byPod != null) {
            return byPod;
        }
        return refs.getOrDefault(ns + "/" + node.cluster(), "");
    }
}
