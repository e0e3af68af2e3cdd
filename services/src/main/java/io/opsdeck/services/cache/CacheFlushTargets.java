package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PodKey;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which cache nodes a flush target names, the way the Caches view finds and groups them
 * ({@link CacheDiscovery}): {@code NAMESPACE/POD}, {@code NAMESPACE/CLUSTER}, an external cache's
 * name from Settings ({@code NAME} or {@code external/NAME}), or {@code HOST:PORT}.
 */
public final class CacheFlushTargets {
    /** {@code host:port}, {@code [v6]:port}, also {@code rediss://host:port} (TLS) and {@code redis://host:port}. */
    private static final Pattern ADDRESS = Pattern.compile("(?i:(rediss?)://)?(\\[[0-9a-fA-F:.]+]|[^/:\\s]+):(\\d{1,5})/?");

    private CacheFlushTargets() {
    }

    /**
     * @param external the external caches of the context, as {@link CacheEndpoints#externalNodes()} lists them
     */
    public static List<CacheOps.Node> resolve(String target, CacheKind kind, ClusterSnapshot snapshot,
                                              List<CacheNode> external) throws ActionException {
        Matcher address = ADDRESS.matcher(target);
        if (address.matches()) {
            return List.of(address(target, address.group(1), Integer.parseInt(address.group(3)), kind));
        }
        int slash = target.indexOf('/');
        if (slash < 0 || target.startsWith(CacheAddress.NAMESPACE + "/")) {
            String name = slash < 0 ? target : target.substring(slash + 1);
            CacheNode found = external.stream().filter(n -> n.pod().name().equals(name)).findFirst()
                    .orElseThrow(() -> bad("No external cache named '" + name + "' in Settings for this context"
                            + (external.isEmpty() ? " (it has none)" : " (it has " + names(external) + ")")
                            + "; name a cache pod or cluster as NAMESPACE/NAME, or an address as HOST:PORT."));
            return List.of(checked(node(found, false), kind));
        }
        String namespace = target.substring(0, slash);
        String name = target.substring(slash + 1);
        if (name.isEmpty() || name.contains("/")) {
            throw bad("'" + target + "' is not a cache: write NAMESPACE/POD, NAMESPACE/CLUSTER, NAME or HOST:PORT.");
        }
        if (snapshot == null) {
            throw bad("The cluster's pods have not been read yet, so " + target + " cannot be found; try again in a moment.");
        }
        List<CacheNode> caches = CacheDiscovery.find(snapshot).stream()
                .filter(n -> n.pod().namespace().equals(namespace)).toList();
        Optional<CacheNode> pod = caches.stream().filter(n -> n.pod().name().equals(name)).findFirst();
        if (pod.isPresent()) {
            return List.of(checked(node(pod.get(), true), kind));
        }
        List<CacheNode> cluster = caches.stream().filter(n -> n.cluster().equals(name)).toList();
        if (cluster.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            caches.forEach(n -> known.add(n.cluster()));
            throw bad("No cache pod or cache cluster " + target + " in the cluster"
                    + (known.isEmpty() ? " (namespace " + namespace + " has no cache Opsdeck recognises)"
                    : "; the cache clusters in " + namespace + " are " + String.join(", ", known.stream().limit(20).toList()))
                    + ".");
        }
        List<CacheOps.Node> out = new java.util.ArrayList<>();
        for (CacheNode n : cluster) {
            out.add(checked(node(n, true), kind));
        }
        return out;
    }

    /** The Caches view's node for an action's node: how {@link CacheEndpoints} reaches it. */
    static CacheNode cacheNode(CacheOps.Node node) {
        return new CacheNode(new PodKey(node.namespace(), node.name()), node.kind(), node.cluster(), node.role(), "",
                node.kind() == CacheKind.REDIS ? CacheDiscovery.REDIS_PORT : CacheDiscovery.MEMCACHED_PORT);
    }

    /** {@code host} and {@code port} of an address node ({@code [::1]:6379} too). */
    static CacheTarget addressTarget(CacheOps.Node node) {
        Matcher m = ADDRESS.matcher(node.name());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an address: " + node.name());
        }
        String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        return CacheTarget.of(host, Integer.parseInt(m.group(3))).withTls(node.tls());
    }

    private static CacheOps.Node address(String target, String scheme, int port, CacheKind kind)
            throws ActionException {
        if (port < 1 || port > 65535) {
            throw bad("The port in " + target + " must be 1–65535.");
        }
        CacheKind k = kind != null ? kind : scheme != null || port == CacheDiscovery.REDIS_PORT ? CacheKind.REDIS
                : port == CacheDiscovery.MEMCACHED_PORT ? CacheKind.MEMCACHED : null;
        if (k == null) {
            throw bad("Say what runs at " + target + ": add --kind redis or --kind memcached (only ports 6379 and"
                    + " 11211 say it themselves).");
        }
        if (scheme != null && k != CacheKind.REDIS) {
            throw bad(target + " is a Redis address, not " + k.id() + "; for Memcached over TLS write HOST:PORT --tls.");
        }
        boolean tls = scheme != null && scheme.equalsIgnoreCase("rediss");
        return new CacheOps.Node("", target.toLowerCase(Locale.ROOT), target.toLowerCase(Locale.ROOT), k, "", false,
                tls ? CacheTls.VERIFIED : CacheTls.OFF);
    }

    private static CacheOps.Node node(CacheNode n, boolean inCluster) {
        return new CacheOps.Node(n.pod().namespace(), n.pod().name(), n.cluster(), n.kind(), n.role(), inCluster);
    }

    private static CacheOps.Node checked(CacheOps.Node node, CacheKind kind) throws ActionException {
        if (kind != null && kind != node.kind()) {
            throw bad(node.label() + " is " + node.kind().id() + ", not " + kind.id() + "; leave --kind out or correct it.");
        }
        return node;
    }

    private static String names(List<CacheNode> external) {
        return String.join(", ", external.stream().map(n -> n.pod().name()).limit(20).toList());
    }

    private static ActionException bad(String sentence) {
        return new ActionException(ActionException.Kind.BAD_REQUEST, sentence);
    }
}
