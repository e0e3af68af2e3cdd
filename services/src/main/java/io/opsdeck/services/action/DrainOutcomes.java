package io.opsdeck.services.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary of a drain that ended: evicted N, skipped M, blocked K, and where the replacements went. */
final class DrainOutcomes {
    private DrainOutcomes() {
    }

    static ActionOutcome outcome(DrainRequest request, boolean cordonedBefore, List<ActionItem> items, boolean cancelled,
                                 boolean timedOut) {
        String node = request.node();
        int evicted = count(items, "evicted");
        int skipped = count(items, "skipped");
        int blocked = count(items, "blocked");
        int failed = count(items, "failed");
        int remaining = count(items, "remaining");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("node", node);
        facts.put("evicted", evicted);
        facts.put("skipped", skipped);
        facts.put("blocked", blocked);
        facts.put("failed", failed);
        facts.put("remaining", remaining);
        StringBuilder m = new StringBuilder();
        ActionResult result;
        if (cancelled) {
            result = ActionResult.CANCELLED;
            m.append("Drain of ").append(node).append(" cancelled; the node stays cordoned. ");
        } else if (timedOut) {
            result = blocked > 0 ? ActionResult.BLOCKED : ActionResult.TIMEOUT;
            m.append("Drain of ").append(node).append(" did not finish within ")
                    .append(Durations.format(request.options().timeout())).append("; the node stays cordoned. ");
        } else if (failed > 0 || blocked > 0 || remaining > 0) {
            result = failed > 0 ? ActionResult.FAILED : ActionResult.BLOCKED;
            m.append("Drain of ").append(node).append(" ended with pods left; the node stays cordoned. ");
        } else {
            result = ActionResult.DONE;
            m.append("Drained ").append(node).append(". ");
        }
        m.append("Evicted ").append(evicted).append(", skipped ").append(skipped).append(", blocked ").append(blocked);
        if (failed > 0) {
            m.append(", failed ").append(failed);
        }
        if (remaining > 0) {
            m.append(", remaining ").append(remaining);
        }
        m.append('.');
        List<String> held = new ArrayList<>();
        for (ActionItem i : items) {
            if (i.state().equals("blocked") || i.state().equals("failed") || i.state().equals("remaining")) {
                held.add(i.key() + (i.pdb().isEmpty() ? "" : " (held by " + i.pdb() + ")")
                        + (i.state().equals("failed") ? " (" + i.reason() + ")" : ""));
            }
        }
        if (!held.isEmpty()) {
            m.append(" Still on the node: ").append(String.join(", ", held.size() > 6 ? held.subList(0, 6) : held))
                    .append(held.size() > 6 ? " and " + (held.size() - 6) + " more" : "").append('.');
        }
        List<String> went = new ArrayList<>();
        for (ActionItem i : items) {
            if (i.state().equals("evicted") && !i.node().isEmpty()) {
                went.add(i.key() + " → " + i.node());
            }
        }
        if (!went.isEmpty()) {
            m.append(" Replacements: ").append(String.join(", ", went.size() > 6 ? went.subList(0, 6) : went))
                    .append(went.size() > 6 ? " and " + (went.size() - 6) + " more" : "").append('.');
        }
        if (result != ActionResult.DONE) {
            m.append(" Uncordon ").append(node).append(" to let pods back; evicted pods do not return.");
        }
        ActionOutcome o = new ActionOutcome(result, m.toString(), facts, items, null, result.exitCode(), "", null);
        return cordonedBefore ? o : o.withUndo(new CordonRequest(node, false));
    }

    private static int count(List<ActionItem> items, String state) {
        return (int) items.stream().filter(i -> i.state().equals(state)).count();
    }
}
