package io.opsdeck.services.action;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When caches were flushed, from the audit trail, for the marks on the Caches view's hour charts:
 * keyed like the view names them, {@code namespace/pod} for a node and {@code namespace/cluster} for
 * a cache cluster (an external cache is {@code external/NAME}). A cluster flush marks the cluster and
 * each node that was flushed; a flush that changed nothing marks nothing.
 */
public final class FlushMarks {
    private FlushMarks() {
    }

    /** @param trail the trail as {@link AuditTrail#read()} returns it; entries of other contexts and before {@code since} are left out */
    public static Map<String, List<Instant>> from(List<AuditEntry> trail, String context, Instant since) {
        Map<String, List<Instant>> out = new LinkedHashMap<>();
        for (AuditEntry e : trail) {
            if (!"flush".equals(e.action()) || !context.equals(e.context()) || e.target() == null || e.time() == null) {
                continue;
            }
            Instant at;
            try {
                at = Instant.parse(e.time());
            } catch (DateTimeParseException bad) {
                continue;
            }
            if (at.isBefore(since)) {
                continue;
            }
            boolean any = false;
            Object nodes = e.details() == null ? null : e.details().get("nodes");
            if (nodes instanceof List<?> list) {
                for (Object n : list) {
                    if (n instanceof Map<?, ?> m && ("flushed".equals(m.get("result")) || "scheduled".equals(m.get("result")))
                            && m.get("node") instanceof String node) {
                        add(out, key(node), at);
                        any = true;
                    }
                }
            } else {
                any = ActionResult.DONE.word().equals(e.result());
            }
            if (any) {
                add(out, key(e.target()), at);
            }
        }
        return out;
    }

    private static String key(String target) {
        return target.contains("/") || target.contains(":") ? target : "external/" + target;
    }

    private static void add(Map<String, List<Instant>> out, String key, Instant at) {
        List<Instant> list = out.computeIfAbsent(key, k -> new ArrayList<>());
        if (!list.contains(at)) {
            list.add(at);
        }
    }
}
