package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.ClusterSnapshot;

import java.time.Duration;
import java.util.List;

/**
 * The cache adapter behind {@link CacheOps}: reaches each node the way the Caches view reads it
 * (a port-forward to the pod, or the address of an external cache from Settings, with the password
 * from its reference), or an address given on the command line, and speaks Redis or Memcached to it.
 */
public final class CacheFlusher implements CacheOps {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** A plain FLUSHALL (Redis before 4) answers only when the keys are gone. */
    public static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

    private final CacheEndpoints endpoints;
    private final RedisFlushClient redis;
    private final MemcachedFlushClient memcached;

    public CacheFlusher(CacheEndpoints endpoints, Duration timeout, Duration flushTimeout) {
        this.endpoints = endpoints;
        this.redis = new RedisFlushClient(timeout, timeout, flushTimeout);
        this.memcached = new MemcachedFlushClient(timeout, timeout);
    }

    public CacheFlusher(CacheEndpoints endpoints) {
        this(endpoints, TIMEOUT, FLUSH_TIMEOUT);
    }

    @Override
    public List<Node> resolve(String target, CacheKind kind, ClusterSnapshot snapshot) throws ActionException {
        return CacheFlushTargets.resolve(target, kind, snapshot, endpoints.externalNodes());
    }

    @Override
    public Facts read(Node node) throws ActionException {
        CacheTarget target = target(node);
        try {
            return node.kind() == CacheKind.REDIS ? redis.read(target) : memcached.read(target);
        } catch (CacheReadException e) {
            throw FlushErrors.of(node.namespace().isEmpty() ? e : endpoints.failed(CacheFlushTargets.cacheNode(node), e));
        }
    }

    @Override
    public String flush(Node node, Flush flush) throws ActionException {
        CacheTarget target = target(node);
        try {
            return node.kind() == CacheKind.REDIS ? redis.flush(target, flush) : memcached.flush(target, flush);
        } catch (ActionException e) {
            boolean wayThere = e.kind() == ActionException.Kind.UNREACHABLE || e.kind() == ActionException.Kind.FAILED;
            if (wayThere && !node.namespace().isEmpty()) {
                // a forward that broke is opened anew for the re-read that follows
                endpoints.failed(CacheFlushTargets.cacheNode(node), new CacheReadException(
                        CacheReadException.Kind.CONNECTION, e.getMessage()));
            }
            throw e;
        }
    }

    private CacheTarget target(Node node) throws ActionException {
        if (node.namespace().isEmpty()) {
            return CacheFlushTargets.addressTarget(node);
        }
        try {
            return endpoints.target(CacheFlushTargets.cacheNode(node));
        } catch (CacheReadException e) {
            throw FlushErrors.of(e);
        }
    }
}
