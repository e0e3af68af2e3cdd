package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheTls;

import java.util.Map;
import java.util.TreeMap;

/**
 * TLS settings of the cluster's caches, from settings: keyed by {@code namespace/cluster} (every node of a
 * cache cluster) or {@code namespace/pod} (one node, which wins), like {@link CacheCredentials}. External
 * caches carry theirs in their {@code CacheAddress}.
 */
public record CacheTlsRules(Map<String, CacheTls> byCache) {
    public static final CacheTlsRules NONE = new CacheTlsRules(Map.of());

    public CacheTlsRules {
        TreeMap<String, CacheTls> copy = new TreeMap<>();
        if (byCache != null) {
            byCache.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k.trim(), v);
                }
            });
        }
        byCache = Map.copyOf(copy);
    }

    /** The node's TLS settings; {@link CacheTls#OFF} when it has none. */
    public CacheTls forNode(CacheNode node) {
        String ns = node.pod().namespace();
        CacheTls byPod = byCache.get(ns + "/" + node.pod().name());
        return byPod != null ? byPod : byCache.getOrDefault(ns + "/" + node.cluster(), CacheTls.OFF);
    }
}
