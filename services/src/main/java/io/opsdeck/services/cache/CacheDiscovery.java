package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the cache servers in a cluster: pods running Redis-compatible servers (redis, valkey,
 * keydb) or Memcached, recognised by image, by {@code app.kubernetes.io/name}, or by their
 * well-known port. A node's cache cluster is its owning workload (StatefulSet, Deployment), else its
 * {@code app.kubernetes.io/instance}, else the Service that selects it, else the pod itself. Caches
 * outside the cluster, added in settings, join the list as nodes of namespace
 * {@value CacheAddress#NAMESPACE}.
 */
public final class CacheDiscovery {
    public static final int REDIS_PORT = 6379;
    public static final int MEMCACHED_PORT = 11211;
    private static final List<String> REDIS_NAMES = List.of("redis", "valkey", "keydb");
    /** Tools named after the server they work with, which hold no cache data themselves. */
    private static final List<String> NOT_SERVERS = List.of("exporter", "insight", "commander", "operator", "sentinel",
        "proxy", "ui", "admin", "cli");

    private CacheDiscovery() {
    }

    public static List<CacheNode> find(ClusterSnapshot cluster) {
        List<CacheNode> found = new ArrayList<>();
        for (PodInfo pod : cluster.pods()) {
            if (pod.phase() == PodPhase.SUCCEEDED || pod.phase() == PodPhase.FAILED) {
                continue;
            }
            kindOf(pod).ifPresent(kind -> found.add(new CacheNode(pod.key(), kind, clusterName(pod, cluster.services()),
                    role(pod), pod.nodeName(), kind == CacheKind.REDIS ? REDIS_PORT : MEMCACHED_PORT)));
        }
        found.sort(Comparator.comparing(CacheNode::pod));
        return found;
    }

    /** The cluster's caches followed by the external ones from settings. */
    public static List<CacheNode> find(ClusterSnapshot cluster, List<CacheAddress> external) {
        return withExternal(find(cluster), external.stream().map(CacheAddress::node).toList());
    }

    /** {@code discovered} followed by those of {@code external} that it does not already hold. */
    public static List<CacheNode> withExternal(List<CacheNode> discovered, List<CacheNode> external) {
        if (external.isEmpty()) {
            return discovered;
        }
        Set<PodKey> seen = new HashSet<>();
        List<CacheNode> out = new ArrayList<>(discovered.size() + external.size());
        for (CacheNode n : discovered) {
            if (seen.add(n.pod())) {
                out.add(n);
            }
        }
        for (CacheNode n : external) {
            if (seen.add(n.pod())) {
                out.add(n);
            }
        }
        return out;
    }

    static Optional<CacheKind> kindOf(PodInfo pod) {
        String appName = pod.labels().getOrDefault("app.kubernetes.io/name", "").toLowerCase(Locale.ROOT);
        // a standalone exporter or UI (e.g. prometheus-redis-exporter, redisinsight) is named after its cache
        if (isTool(appName)) {
            appName = "";
        }
        if (REDIS_NAMES.stream().anyMatch(appName::contains)) {
            return Optional.of(CacheKind.REDIS);
        }
        if (appName.contains("memcached")) {
            return Optional.of(CacheKind.MEMCACHED);
        }
        for (String image : pod.images()) {
            String repo = imageRepository(image);
            // exporters run beside the server in the same pod; the server decides the kind
            if (isTool(repo)) {
                continue;
            }
            if (REDIS_NAMES.stream().anyMatch(repo::contains)) {
                return Optional.of(CacheKind.REDIS);
            }
            if (repo.contains("memcached")) {
                return Optional.of(CacheKind.MEMCACHED);
            }
        }
        if (pod.ports().contains(REDIS_PORT)) {
            return Optional.of(CacheKind.REDIS);
        }
        if (pod.ports().contains(MEMCACHED_PORT)) {
            return Optional.of(CacheKind.MEMCACHED);
        }
        return Optional.empty();
    }

    /** True for names like {@code redis-exporter}, {@code redisinsight}, {@code redis-commander}. */
    static boolean isTool(String name) {
        for (String part : name.split("[-_.]")) {
            for (String tool : NOT_SERVERS) {
                if (part.equals(tool) || part.endsWith(tool) && part.length() > tool.length() + 3) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The last path segment of an image reference without tag or digest, lower case. */
    static String imageRepository(String image) {
        String s = image.toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) {
            s = s.substring(0, colon);
        }
        return s.substring(slash + 1);
    }

    private static String clusterName(PodInfo pod, List<ServiceInfo> services) {
        if (!pod.owner().isNone()) {
            return pod.owner().name();
        }
        String instance = pod.labels().get("app.kubernetes.io/instance");
        if (instance != null) {
            return instance;
        }
        return services.stream()
                .filter(svc -> svc.namespace().equals(pod.namespace()) && !svc.selector().isEmpty()
                        && pod.labels().entrySet().containsAll(svc.selector().entrySet()))
                .map(ServiceInfo::name)
                .sorted()
                .findFirst()
                .orElse(pod.name());
    }

    private static String role(PodInfo pod) {
        String role = pod.labels().getOrDefault("role", pod.labels().getOrDefault("app.kubernetes.io/component", ""));
        return switch (role.toLowerCase(Locale.ROOT)) {
            case "master", "primary", "leader" -> "primary";
            case "replica", "slave", "follower" -> "replica";
            default -> "";
        };
    }
}
