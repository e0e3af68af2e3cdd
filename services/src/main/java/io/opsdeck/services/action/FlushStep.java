package io.opsdeck.services.action;

import io.opsdeck.services.model.CacheKind;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One node of a flush plan: what was read from it and what will be sent, or why nothing will.
 *
 * @param facts null when the node could not be read
 * @param flush null when the node is skipped (a replica, unreachable)
 * @param state the per-node JSON word: {@code flush} (planned), {@code replica}, {@code unreachable}
 */
record FlushStep(CacheOps.Node node, CacheOps.Facts facts, CacheOps.Flush flush, String state, String reason) {
    private static final double MIB = 1024.0 * 1024.0;

    static FlushStep planned(CacheOps.Node node, CacheOps.Facts facts, CacheOps.Flush flush) {
        return new FlushStep(node, facts, flush, "flush", "");
    }

    static FlushStep skipped(CacheOps.Node node, String state, String reason) {
        return new FlushStep(node, null, null, state, reason);
    }

    FlushStep withFacts(CacheOps.Facts value) {
        return new FlushStep(node, value, flush, state, reason);
    }

    boolean flushes() {
        return flush != null;
    }

    /** The keys the flush covers now; -1 when they could not be read (unknown, never 0). */
    long keysBefore(Integer db) {
        return facts == null ? -1 : Math.max(-1, facts.keys(db));
    }

    /** One line of the plan: the node, what it is, what will be sent and what it holds now. */
    String describe() {
        StringBuilder b = new StringBuilder(node.label());
        if (facts != null) {
            b.append(" (").append(server()).append(facts.role().isEmpty() ? "" : ", " + facts.role())
                    .append(facts.clusterMode() ? ", Redis Cluster mode" : "").append(")");
        }
        if (flush == null) {
            return b.append(": not flushed — ").append(reason).toString();
        }
        b.append(": ").append(flush.text());
        if (flush.delaySeconds() > 0) {
            b.append(" (takes effect ").append(flush.delaySeconds()).append(" s after it is sent)");
        }
        b.append(" — ").append(holdings());
        return b.toString();
    }

    private String server() {
        String name = facts.kind() == CacheKind.REDIS ? "Redis" : "Memcached";
        return facts.version().isEmpty() ? name : name + " " + facts.version();
    }

    private String holdings() {
        StringBuilder b = new StringBuilder();
        if (facts.kind() == CacheKind.MEMCACHED) {
            b.append(count(facts.keys(null))).append(" items");
        } else if (facts.keysPerDb().isEmpty()) {
            b.append("no keys");
        } else {
            Integer db = flush.db();
            facts.keysPerDb().forEach((n, k) -> {
                if (db == null || db.equals(n)) {
                    b.append(b.length() == 0 ? "" : ", ").append("db").append(n).append(" ").append(count(k)).append(" keys");
                }
            });
            if (b.length() == 0) {
                b.append("database ").append(db).append(" holds no keys");
            }
            if (db != null && facts.keysPerDb().size() > (facts.keysPerDb().containsKey(db) ? 1 : 0)) {
                b.append(" (the other databases keep theirs)");
            }
        }
        if (facts.usedMemory() >= 0) {
            b.append(String.format(Locale.ROOT, ", %.1f MiB used", facts.usedMemory() / MIB));
        }
        if (!Double.isNaN(facts.hitRatio())) {
            b.append(String.format(Locale.ROOT, ", hit ratio %.1f %% since it started", facts.hitRatio() * 100));
        }
        if (!Double.isNaN(facts.opsPerSec())) {
            b.append(String.format(Locale.ROOT, ", %.0f ops/s", facts.opsPerSec()));
        }
        return b.toString();
    }

    ActionItem item() {
        return ActionItem.of(node.namespace(), node.name(), state, flush == null ? reason : flush.text());
    }

    Map<String, Object> json(Integer db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node.label());
        m.put("kind", node.kind().id());
        if (facts != null && node.kind() == CacheKind.REDIS) {
            m.put("role", facts.role());
        }
        if (facts != null) {
            long before = keysBefore(db);
            m.put("keysBefore", before < 0 ? null : before);
        }
        m.put("result", state);
        return m;
    }

    static String count(long n) {
        return n < 0 ? "an unknown number of" : String.format(Locale.ROOT, "%,d", n);
    }
}
