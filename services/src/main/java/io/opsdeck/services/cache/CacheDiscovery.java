package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;

import java.util.ArrayList;
import java.util.Collection;
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
            node(pod, cluster.services()).ifPresent(found::add);
        }
        return inOrder(found);
    }

    /** The cache server {@code pod} runs, if it runs one and is not finished; {@code services} name its cluster. */
    public static Optional<CacheNode> node(PodInfo pod, List<ServiceInfo> services) {
        if (pod.phase() == PodPhase.SUCCEEDED || pod.phase() == PodPhase.FAILED) {
            return Optional.empty();
        }
        return kindOf(pod).map(kind -> new CacheNode(pod.key(), kind, clusterName(pod, services), role(pod),
                pod.nodeName(), kind == CacheKind.REDIS ? REDIS_PORT : MEMCACHED_PORT));
    }

    /** Found caches in the order {@link #find} lists them: by pod. */
    public static List<CacheNode> inOrder(Collection<CacheNode> found) {
        List<CacheNode> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(CacheNode::pod));
        return sorted;
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
        // checked for every pod of the cluster on every refresh, so the cheap test (does the name
        // mention a cache server at all?) comes before the costlier one (is it a tool named after one?)
        String appName = pod.labels().getOrDefault("app.kubernetes.io/name", "").toLowerCase(Locale.ROOT);
        // a standalone exporter or UI (e.g. prometheus-redis-exporter, redisinsight) is named after its cache
        CacheKind byName = named(appName);
        if (byName != null && !isTool(appName)) {
            return Optional.of(byName);
        }
        for (String image : pod.images()) {
            String repo = imageRepository(image);
            // exporters run beside the server in the same pod; the server decides the kind
            CacheKind byImage = named(repo);
            if (byImage != null && !isTool(repo)) {
                return Optional.of(byImage);
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

    /** The server a (lower-case) name mentions, Redis-compatible first; null for none. */
    private static CacheKind named(String name) {
        for (String redis : REDIS_NAMES) {
            if (name.contains(redis)) {
                return CacheKind.REDIS;
            }
        }
        return name.contains("memcached") ? CacheKind.MEMCACHED : null;
    }

    /** True for names like {@code redis-exporter}, {@code redisinsight}, {@code redis-commander}. */
    static boolean isTool(String name) {
        // the parts between '-', '_' and '.', without a regular expression
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '-' || name.charAt(i) == '_' || name.charAt(i) == '.') {
                if (isToolPart(name, start, i)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** True when {@code name[from, to)} is a tool's name or ends in one after a longer stem. */
    private static boolean isToolPart(String name, int from, int to) {
        int length = to - from;
        for (String tool : NOT_SERVERS) {
            if ((length == tool.length() || length > tool.length() + 3)
                    && name.startsWith(tool, to - tool.length())) {
                return true;
            }
        }
        return false;
    }

    /** The last path segment of an image reference without tag or digest, lower case. */
    static String imageRepository(String image) {
        int at = image.indexOf('@');
        int end = at >= 0 ? at : image.length();
        int slash = image.lastIndexOf('/', end - 1);
        int colon = image.lastIndexOf(':', end - 1);
        if (colon > slash) {
            end = colon;
        }
        return image.substring(slash + 1, end).toLowerCase(Locale.ROOT);
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
