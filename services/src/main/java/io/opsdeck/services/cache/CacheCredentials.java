package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which password reference applies to which cache in the cluster, from settings: keyed by
 * {@code namespace/pod} (one node, which wins) or {@code namespace/workload} (every pod that
 * workload owns — checked by {@link PasswordBinding}). External caches carry their reference in
 * their {@link CacheAddress}.
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

    /** The reference that names this very pod ({@code namespace/pod}), or empty. */
    public String forPod(CacheNode node) {
        return refs.getOrDefault(node.pod().namespace() + "/" + node.pod().name(), "");
    }

    /**
     * The reference of the workload {@code namespace/name}, or empty. It applies only to pods whose
     * owner chain is verified to reach that workload ({@link PasswordBinding}), never to a pod that
     * merely carries its name in a label.
     */
    public String forWorkload(String namespace, String name) {
        return refs.getOrDefault(namespace + "/" + name, "");
    }

    /** True when some reference in {@code namespace} may name a workload (so owner chains are worth reading). */
    public boolean anyIn(String namespace) {
        String prefix = namespace + "/";
        return refs.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }
}
