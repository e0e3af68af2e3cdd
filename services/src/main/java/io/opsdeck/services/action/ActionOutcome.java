package io.opsdeck.services.action;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an action ended: the result, a sentence, the figures for {@code --json} (e.g.
 * {@code readyReplicas}), the per-item rows, and the undo it allows ({@code null} for none).
 *
 * @param exitCode the command line's exit code (0 done/planned, 2 bad request, 3 unreachable,
 *                 4 not allowed, 5 did not finish, 6 failed)
 * @param auditId  the audit trail's id of this action; empty when nothing was recorded
 */
public record ActionOutcome(ActionResult result, String message, Map<String, Object> facts, List<ActionItem> items,
                            ActionRequest undo, int exitCode, String auditId, Duration duration) {

    public ActionOutcome {
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        items = List.copyOf(items);
        auditId = auditId == null ? "" : auditId;
        duration = duration == null ? Duration.ZERO : duration;
    }

    public static ActionOutcome of(ActionResult result, String message) {
        return new ActionOutcome(result, message, Map.of(), List.of(), null, result.exitCode(), "", Duration.ZERO);
    }

    public static ActionOutcome of(ActionResult result, String message, Map<String, Object> facts) {
        return new ActionOutcome(result, message, facts, List.of(), null, result.exitCode(), "", Duration.ZERO);
    }

    public static ActionOutcome failed(ActionException e) {
        return new ActionOutcome(e.kind().result(), e.getMessage(), Map.of(), List.of(), null, e.kind().exitCode(),
                "", Duration.ZERO);
    }

    public ActionOutcome withUndo(ActionRequest value) {
        return new ActionOutcome(result, message, facts, items, value, exitCode, auditId, duration);
    }

    public ActionOutcome withItems(List<ActionItem> value) {
        return new ActionOutcome(result, message, facts, value, undo, exitCode, auditId, duration);
    }

    ActionOutcome recorded(String id, Duration took) {
        return new ActionOutcome(result, message, facts, items, undo, exitCode, id, took);
    }
}
