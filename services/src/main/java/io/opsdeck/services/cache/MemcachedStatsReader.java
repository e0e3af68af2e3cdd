package io.opsdeck.services.cache;

import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Reads Memcached's {@code stats} over the text protocol: small enough that a library would add
 * more than it saves. Expired keys are the items Memcached freed because they had expired
 * ({@code reclaimed} + {@code crawler_reclaimed}); it has no other count of expirations.
 */
public final class MemcachedStatsReader implements DirectCacheStatsReader {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final Clock clock;

    /** Lines are capped and the whole exchange is bounded by the two timeouts together ({@link BoundedReplies}). */
    public MemcachedStatsReader(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.callTimeout = connectTimeout.plus(readTimeout);
        this.clock = clock;
    }

    public MemcachedStatsReader() {
        this(RedisInfoReader.DEFAULT_TIMEOUT, RedisInfoReader.DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    @Override
    public CacheKind kind() {
        return CacheKind.MEMCACHED;
    }

    @Override
    public CacheCounters read(CacheTarget target) throws CacheReadException {
        Map<String, String> stats;
        try (MemcachedStats.Connection c = MemcachedStats.open(target, connectTimeout, readTimeout, callTimeout)) {
            stats = MemcachedStats.read(c, target);
        } catch (IOException e) {
            throw BoundedReplies.problem("Memcached", target, e, readTimeout, callTimeout);
        }
        if (!stats.containsKey("get_hits") || !stats.containsKey("uptime")) {
            throw new CacheReadException(Kind.PROTOCOL, "Memcached at " + target.description() + " answered"
                    + " 'stats' without get_hits or uptime");
        }
        long ops = sum(stats, "cmd_get", "cmd_set", "cmd_touch", "cmd_flush", "delete_hits", "delete_misses",
                "incr_hits", "incr_misses", "decr_hits", "decr_misses");
        long max = num(stats, "limit_maxbytes");
        return new CacheCounters(clock.instant(), stats.getOrDefault("pid", ""), num(stats, "uptime"),
                num(stats, "get_hits"), num(stats, "get_misses"), ops, 0, num(stats, "evictions"),
                sum(stats, "reclaimed", "crawler_reclaimed"), num(stats, "bytes"), max > 0 ? max : -1,
                num(stats, "curr_connections"), num(stats, "curr_items"), "", null);
    }

    private static long num(Map<String, String> stats, String name) {
        return MemcachedStats.number(stats, name);
    }

    private static long sum(Map<String, String> stats, String... names) {
        long total = 0;
        for (String n : names) {
            total += Math.max(0, num(stats, n));
        }
        return total;
    }
}
