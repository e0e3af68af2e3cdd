package io.opsdeck.services.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly what an action will change, computed before anything is sent: the words of the
 * confirmation dialog, the audit line and the notification are taken from here.
 *
 * @param title       one line in the user's words: "Scale shop/deployment/checkout from 3 to 5 replicas"
 * @param objectKind  the Kubernetes kind acted on ({@code Deployment}, {@code Node}, …), for the Event
 * @param namespace   empty for cluster-scoped objects
 * @param objectName  the object's name; also what is typed to confirm a destructive step
 * @param changes     what will change, one sentence a line
 * @param warnings    what the user should know before confirming (an HPA will undo it, scale to 0, …)
 * @param destructive true when the step is hard to take back: the name must be typed to confirm
 * @param blocker     non-empty when the plan itself says it cannot run (the sentence why)
 * @param permissions every access the run needs, asked before the action is offered
 * @param undo        what undo will be able to do, in words ("Undo scales it back to 3 replicas"),
 *                    or why there is none
 * @param facts       the plan's figures for {@code --json} ({@code from}, {@code to}, …)
 * @param items       per-item rows (pods on a node, nodes of a cache cluster)
 * @param runner      sends what the plan says; nothing else
 * @param dryRunner   the same requests with {@code dryRun=All}; {@code null} when the action has none
 */
public record ActionPlan(ActionRequest request, String title, String objectKind, String namespace, String objectName,
                         List<String> changes, List<String> warnings, boolean destructive, String blocker,
                         List<Permission> permissions, String undo, Map<String, Object> facts,
                         List<ActionItem> items, Runner runner, Runner dryRunner) {

    public ActionPlan {
        namespace = namespace == null ? "" : namespace;
        blocker = blocker == null ? "" : blocker;
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        permissions = List.copyOf(permissions);
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        items = List.copyOf(items);
    }

    /** The object as the dialog's header names it: {@code shop/checkout} or {@code node-3}. */
    public String objectPath() {
        return namespace.isEmpty() ? objectName : namespace + "/" + objectName;
    }

    /** Runs the plan's requests; reports progress and honours the cancellation on the way. */
    @FunctionalInterface
    public interface Runner {
        ActionOutcome run(RunContext context) throws ActionException;
    }
}
