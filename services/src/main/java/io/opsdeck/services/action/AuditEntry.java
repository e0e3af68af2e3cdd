package io.opsdeck.services.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * One line of the audit trail. The intent is written (and synced) before the first request, the
 * outcome after; read back, the two lines of an action become one entry. Names and figures only:
 * never a token or a password.
 *
 * @param phase      {@code intent} or {@code outcome}
 * @param result     a {@link ActionResult} word; {@code incomplete} for an intent with no outcome
 *                   (Opsdeck was stopped while the action ran)
 * @param durationMs from the intent to the outcome; null on an intent
 * @param undo       the undo as a command line ({@code scale shop/deployment/web --replicas 3}); null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "time", "phase", "context", "server", "user", "action", "target", "parameters", "plan",
        "result", "message", "durationMs", "undo", "details"})
public record AuditEntry(String id, String time, String phase, String context, String server, String user,
                         String action, String target, Map<String, Object> parameters, String plan, String result,
                         String message, Long durationMs, String undo, Map<String, Object> details) {

    public static final String INTENT = "intent";
    public static final String OUTCOME = "outcome";
    public static final String INCOMPLETE = "incomplete";

    public boolean isIntent() {
        return INTENT.equals(phase);
    }
}
