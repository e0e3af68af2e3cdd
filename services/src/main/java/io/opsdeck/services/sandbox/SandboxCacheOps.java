package io.opsdeck.services.sandbox;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionException.Kind;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.cache.CacheFlushTargets;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;

import java.time.Clock;
import java.util.List;
import java.util.TreeMap;

/**
 * The sandbox's caches behind the flush port: the same plans as a live cluster, read from the
 * simulated figures. A flush empties the node (and, for a Redis primary, its replicas by
 * replication); its hit ratio then drops and recovers over the following minutes while its keys
 * refill ({@link SandboxCacheFlushes}). A replica refuses a flush with READONLY, as Redis does.
 */
final class SandboxCacheOps implements CacheOps {
    private final SandboxClusterSource cluster;
    private final SandboxMetricsSource metrics;
    private final SandboxCacheFlushes flushes;
    private final Clock clock;

    SandboxCacheOps(SandboxClusterSource cluster, SandboxMetricsSource metrics, SandboxCacheFlushes flushes, Clock clock) {
        this.cluster = cluster;
        this.metrics = metrics;
        this.flushes = flushes;
        this.clock = clock;
    }

    @Override
    public List<Node> resolve(String target, CacheKind kind, ClusterSnapshot snapshot) throws ActionException {
        List<Node> nodes = CacheFlushTargets.resolve(target, kind, world(), List.of());
        if (nodes.stream().anyMatch(n -> n.namespace().isEmpty())) {
            throw new ActionException(Kind.BAD_REQUEST, "The sandbox reaches only its own caches, not " + target
                    + ": it flushes nothing outside itself. Open a kubeconfig context to flush an address.");
        }
        return nodes;
    }

    @Override
    public Facts read(Node node) throws ActionException {
        List<CacheNode> caches = CacheDiscovery.find(world());
        CacheNode c = find(caches, node);
        CacheStats s = metrics.current(c, caches);
        if (s.hasError()) {
            throw new ActionException(Kind.UNREACHABLE, node.label() + " cannot be read: " + s.error());
        }
        TreeMap<Integer, Long> keys = new TreeMap<>();
        if (s.keys() > 0 || c.kind() == CacheKind.MEMCACHED) {
            keys.put(0, Math.max(0, s.keys()));
        }
        boolean redis = c.kind() == CacheKind.REDIS;
        String primary = "replica".equals(c.role()) ? caches.stream()
                .filter(o -> o.cluster().equals(c.cluster()) && "primary".equals(o.role()))
                .map(o -> o.pod() + ":" + o.port()).findFirst().orElse("") : "";
        return new Facts(c.kind(), redis ? "7.2.5" : "1.6.29", redis ? (c.role().isEmpty() ? "primary" : c.role()) : "",
                primary, false, List.of(), keys, s.memoryUsedBytes(), s.hitRatio(), s.opsPerSec());
    }

    @Override
    public String flush(Node node, Flush flush) throws ActionException {
        List<CacheNode> caches = CacheDiscovery.find(world());
        CacheNode c = find(caches, node);
        if ("replica".equals(c.role())) {
            throw new ActionException(Kind.FORBIDDEN, "Redis at " + node.label() + " is a read-only replica (READONLY):"
                    + " writes are refused there. Flush its primary instead.");
        }
        java.time.Instant at = clock.instant().plusSeconds(flush.delaySeconds());
        flushes.flushed(c.pod(), at);
        if (c.kind() == CacheKind.REDIS) {
            caches.stream().filter(o -> o.cluster().equals(c.cluster()) && "replica".equals(o.role()))
                    .forEach(o -> flushes.flushed(o.pod(), at));
        }
        return "OK";
    }

    private static CacheNode find(List<CacheNode> caches, Node node) throws ActionException {
        return caches.stream().filter(c -> c.pod().namespace().equals(node.namespace()) && c.pod().name().equals(node.name()))
                .findFirst().orElseThrow(() -> new ActionException(Kind.BAD_REQUEST, "The sandbox has no cache "
                        + node.label() + "; it reaches only its own caches, not an address"));
    }

    private ClusterSnapshot world() throws ActionException {
        try {
            return cluster.call(w -> w.snapshot(SandboxClusterSource.CONTEXT, clock.instant()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException(Kind.FAILED, "Interrupted while the sandbox was read", e);
        }
    }
}
