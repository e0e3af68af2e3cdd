package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.model.CacheKind;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Memcached server's facts for a flush plan ({@code stats}) and {@code flush_all [delay]}, over the
 * text protocol, through the readers' connection ({@link MemcachedStats}): TLS as the target says, lines
 * and their count capped, both timeouts and a deadline for the whole exchange.
 */
final class MemcachedFlushClient {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;

    MemcachedFlushClient(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.callTimeout = connectTimeout.plus(readTimeout);
    }

    CacheOps.Facts read(CacheTarget target) throws CacheReadException {
        Map<String, String> stats;
        try (MemcachedStats.Connection c = MemcachedStats.open(target, connectTimeout, readTimeout, callTimeout)) {
            stats = MemcachedStats.read(c, target);
        } catch (IOException e) {
            throw BoundedReplies.problem("Memcached", target, e, readTimeout, callTimeout);
        }
        long hits = MemcachedStats.number(stats, "get_hits");
        long misses = MemcachedStats.number(stats, "get_misses");
        long uptime = MemcachedStats.number(stats, "uptime");
        long get = MemcachedStats.number(stats, "cmd_get");
        long set = MemcachedStats.number(stats, "cmd_set");
        long touch = MemcachedStats.number(stats, "cmd_touch");
        long ops = get < 0 || set < 0 || touch < 0 ? -1 : get + set + touch; // a missing counter: unknown, not less
        TreeMap<Integer, Long> items = new TreeMap<>();
        items.put(0, MemcachedStats.number(stats, "curr_items"));
        return new CacheOps.Facts(CacheKind.MEMCACHED, stats.getOrDefault("version", ""), "", "", false,
                List.of(), items, MemcachedStats.number(stats, "bytes"),
                hits >= 0 && misses >= 0 && hits + misses > 0 ? hits / (double) (hits + misses) : Double.NaN,
                uptime > 0 && ops >= 0 ? ops / (double) uptime : Double.NaN);
    }

    /** Sends {@code flush_all [delay]}; see {@link CacheOps#flush} for what each failure means. */
    String flush(CacheTarget target, CacheOps.Flush flush) throws ActionException {
        String at = "Memcached at " + target.description();
        MemcachedStats.Connection c;
        try {
            c = MemcachedStats.open(target, connectTimeout, readTimeout, callTimeout);
        } catch (IOException e) {
            throw FlushErrors.of(BoundedReplies.problem("Memcached", target, e, readTimeout, callTimeout));
        } catch (CacheReadException e) {
            throw FlushErrors.of(e);
        }
        String reply;
        try (c) {
            c.send(flush.text());
            reply = c.line();
        } catch (IOException e) {
            throw new ActionException(ActionException.Kind.FAILED, "The connection to " + at + " dropped while "
                    + flush.text() + " was sent (" + FlushErrors.describe(e) + ").", e);
        }
        if (reply.equals("OK")) {
            return reply;
        }
        if (reply.startsWith("CLIENT_ERROR")) {
            throw new ActionException(ActionException.Kind.FORBIDDEN, at + " refused " + flush.text() + " ("
                    + MemcachedStats.abbreviate(reply) + "): it was started with --disable-flush-all, so it cannot be"
                    + " flushed over the network. Its owners can restart it without that option (a restart empties it"
                    + " too).");
        }
        throw new ActionException(ActionException.Kind.FORBIDDEN, at + " answered " + flush.text() + " with '"
                + MemcachedStats.abbreviate(reply) + "' instead of OK; nothing says it was flushed.");
    }
}
