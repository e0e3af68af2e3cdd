package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive reads of a node's lifetime counters into rates over a window, the way
 * Prometheus' {@code rate()} would: from the oldest read still inside the window to the newest. The
 * first read of a node has no rate yet ("collecting (first sample)", never 0). When the server
 * restarted (another run id or pid, uptime went down) or its counters were reset (a counter went
 * down), the window starts again, so no rate is ever negative.
 */
public final class CacheRateTracker {
    public static final String SOURCE = "direct";
    static final String COLLECTING_PREFIX = CacheNodeState.COLLECTING_PREFIX;
    public static final String COLLECTING = CacheNodeState.COLLECTING.label();
    public static final String COLLECTING_AFTER_RESTART = COLLECTING_PREFIX + " since the server restarted)";

    private final Duration window;
    private final Map<PodKey, ArrayDeque<CacheCounters>> reads = new HashMap<>();

    /** @param window how far back rates look, e.g. 5 minutes */
    public CacheRateTracker(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The rate window must be positive, not " + window);
        }
        this.window = window;
    }

    public synchronized DirectReading update(CacheNode node, CacheCounters now) {
        ArrayDeque<CacheCounters> d = reads.computeIfAbsent(node.pod(), k -> new ArrayDeque<>());
        CacheCounters last = d.peekLast();
        boolean restarted = last != null && restarted(last, now);
        if (restarted || last != null && !now.at().isAfter(last.at())) {
            d.clear();
        }
        d.addLast(now);
        Instant edge = now.at().minus(window);
        // keep the newest read at or before the window's start as the base, so the span is the window
        while (d.size() > 2 && !secondOf(d).at().isAfter(edge)) {
            d.removeFirst();
        }
        String role = now.role().isEmpty() ? node.role() : now.role();
        if (d.size() < 2) {
            CacheStats stats = new CacheStats(Double.NaN, Double.NaN, Double.NaN, now.memoryUsedBytes(),
                    now.memoryMaxBytes(), Double.NaN, now.connectedClients(), now.keys(), SOURCE,
                    restarted ? COLLECTING_AFTER_RESTART : COLLECTING);
            return new DirectReading(stats, new CacheNodeDetails(node.pod(), SOURCE, CacheNodeState.COLLECTING, role,
                    Double.NaN, now.uptimeSeconds(), now.replication(), Duration.ZERO, now.at()));
        }
        CacheCounters base = d.peekFirst();
        Duration span = Duration.between(base.at(), now.at());
        double seconds = span.toNanos() / 1e9;
        int intervals = d.size() - 1;
        double ops = rate(base.commands(), now.commands(), seconds);
        if (!Double.isNaN(ops)) {
            // the reads themselves (INFO, AUTH) are not the cache's traffic
            ops = Math.max(0, ops - (double) now.ownCommands() * intervals / seconds);
        }
        CacheStats stats = new CacheStats(rate(base.hits(), now.hits(), seconds),
                rate(base.misses(), now.misses(), seconds), ops, now.memoryUsedBytes(), now.memoryMaxBytes(),
                rate(base.evictions(), now.evictions(), seconds), now.connectedClients(), now.keys(), SOURCE, "");
        return new DirectReading(stats, new CacheNodeDetails(node.pod(), SOURCE, CacheNodeState.of(stats), role,
                rate(base.expired(), now.expired(), seconds), now.uptimeSeconds(), now.replication(), span, now.at()));
    }

    /** Forgets the nodes not in {@code keep}, e.g. pods that are gone. */
    public synchronized void retain(Collection<PodKey> keep) {
        Set<PodKey> k = Set.copyOf(keep);
        reads.keySet().removeIf(p -> !k.contains(p));
    }

    public Duration window() {
        return window;
    }

    static boolean restarted(CacheCounters before, CacheCounters now) {
        if (!before.instance().isEmpty() && !now.instance().isEmpty() && !before.instance().equals(now.instance())) {
            return true;
        }
        return wentDown(before.uptimeSeconds(), now.uptimeSeconds()) || wentDown(before.hits(), now.hits())
                || wentDown(before.misses(), now.misses()) || wentDown(before.commands(), now.commands())
                || wentDown(before.evictions(), now.evictions()) || wentDown(before.expired(), now.expired());
    }

    private static boolean wentDown(long before, long now) {
        return before >= 0 && now >= 0 && now < before;
    }

    private static double rate(long before, long now, double seconds) {
        if (before < 0 || now < 0 || seconds <= 0) {
            return Double.NaN;
        }
        return (now - before) / seconds;
    }

    private static CacheCounters secondOf(ArrayDeque<CacheCounters> d) {
        Iterator<CacheCounters> it = d.iterator();
        it.next();
        return it.next();
    }
}
