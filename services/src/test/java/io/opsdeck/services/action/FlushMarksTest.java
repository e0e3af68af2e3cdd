package io.opsdeck.services.action;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The flush marks of the Caches view's charts, read from the audit trail. */
class FlushMarksTest {
    static final Instant T = Instant.parse("2026-12-07T00:30:00Z");

    @Test
    void aClusterFlushMarksTheClusterAndTheNodesThatWereFlushed() {
        AuditEntry cluster = entry("prod", "cache/redis", "done", T, Map.of("nodes", List.of(
                Map.of("node", "cache/redis-0", "result", "flushed"),
                Map.of("node", "cache/redis-1", "result", "replica"))));
        AuditEntry node = entry("prod", "sessions", "done", T.plusSeconds(60), Map.of());
        AuditEntry refused = entry("prod", "cache/memcached-0", "refused", T, Map.of());
        AuditEntry otherContext = entry("staging", "cache/redis", "done", T, Map.of());
        AuditEntry old = entry("prod", "cache/old-0", "done", T.minusSeconds(7200), Map.of());

        Map<String, List<Instant>> marks = FlushMarks.from(List.of(cluster, node, refused, otherContext, old), "prod",
                T.minusSeconds(3600));

        assertThat(marks).containsOnlyKeys("cache/redis", "cache/redis-0", "external/sessions");
        assertThat(marks.get("cache/redis-0")).containsExactly(T);
        assertThat(marks.get("external/sessions")).containsExactly(T.plusSeconds(60));
    }

    private static AuditEntry entry(String context, String target, String result, Instant at, Map<String, Object> details) {
        return new AuditEntry("id-" + target + at, at.toString(), AuditEntry.OUTCOME, context, "", "", "flush", target,
                Map.of(), "plan", result, "message", 1L, null, details);
    }
}
