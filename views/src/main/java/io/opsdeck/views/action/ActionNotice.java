package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.DeletePodRequest;

/**
 * The line shown in the window after an action ("Scaled shop/deployment/checkout from 3 to 6 … · Undo").
 *
 * @param result null for a notice that is not an action's outcome (actions are off, one is running)
 * @param undo     what Undo plans; null when there is no way back
 * @param escalate after a drain that a budget held: the explicit "Delete anyway" of one blocked pod
 *                 (planned, checked — delete on pods —, its name typed, recorded); null otherwise
 */
public record ActionNotice(String text, ActionResult result, ActionRequest undo, long serial, ActionRequest escalate) {

    public ActionNotice(String text, ActionResult result, ActionRequest undo, long serial) {
        this(text, result, undo, serial, null);
    }

    static ActionNotice of(ActionOutcome outcome, long serial) {
        ActionRequest escalate = outcome.items().stream()
                .filter(i -> i.state().equals("blocked") && !i.pdb().isEmpty())
                .findFirst().<ActionRequest>map(DeletePodRequest::forBlocked).orElse(null);
        return new ActionNotice(outcome.message(), outcome.result(), outcome.undo(), serial, escalate);
    }

    static ActionNotice info(String text, long serial) {
        return new ActionNotice(text, null, null, serial);
    }

    /** The same notice without its ways to act (the session it belongs to is gone). */
    ActionNotice inert(String text, long newSerial) {
        return new ActionNotice(text, result, null, newSerial, null);
    }

    public boolean succeeded() {
        return result != null && result.succeeded();
    }

    public boolean failed() {
        return result != null && !result.succeeded();
    }
}
