package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.Identity;

/**
 * Where the one action on screen is: being planned, waiting for confirmation, running. Immutable; the
 * model replaces it at each step, and the layer draws what it says.
 *
 * @param request  what the user asked for (for a scale, with the replica count now in the dialog)
 * @param plan     null while the first plan is being made
 * @param stale    true while a new plan for a changed request is being made: Confirm waits for it
 * @param error    why the plan could not be made; empty otherwise
 * @param undo     true when this action undoes an earlier one (the dialog says so)
 * @param hidden   a running action whose pane the user hid; the notification comes at its end
 */
public record ActionFlow(Phase phase, ActionRequest request, Identity identity, ContextPolicy policy, ActionPlan plan,
                         ActionCheck check, boolean stale, ActionProgress progress, String error, boolean undo,
                         boolean hidden) {

    public enum Phase { PLANNING, CONFIRM, FAILED, RUNNING }

    public ActionFlow {
        error = error == null ? "" : error;
    }

    static ActionFlow planning(ActionRequest request, boolean undo) {
        return new ActionFlow(Phase.PLANNING, request, null, null, null, null, false, null, "", undo, false);
    }

    /** A plan to confirm, as the dialog and {@code snapshot --action} show it. */
    public static ActionFlow confirm(ActionRequest request, Identity identity, ContextPolicy policy, ActionPlan plan,
                                     ActionCheck check, boolean undo) {
        return new ActionFlow(Phase.CONFIRM, request, identity, policy, plan, check, false, null, "", undo, false);
    }

    public ActionFlow failed(String why) {
        return new ActionFlow(Phase.FAILED, request, identity, policy, plan, check, false, null, why, undo, false);
    }

    ActionFlow replanning(ActionRequest next) {
        return new ActionFlow(phase, next, identity, policy, plan, check, true, progress, error, undo, hidden);
    }

    ActionFlow running(ActionProgress p) {
        return new ActionFlow(Phase.RUNNING, request, identity, policy, plan, check, false, p, "", undo, hidden);
    }

    ActionFlow hidden(boolean value) {
        return new ActionFlow(phase, request, identity, policy, plan, check, stale, progress, error, undo, value);
    }

    /** Whether Confirm may be pressed now (the typed text aside). */
    boolean confirmable() {
        return phase == Phase.CONFIRM && !stale && plan != null && check != null && check.allowed();
    }
}
