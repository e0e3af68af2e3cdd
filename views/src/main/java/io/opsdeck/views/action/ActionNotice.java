package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.ActionResult;

/**
 * The line shown in the window after an action ("Scaled shop/deployment/checkout from 3 to 6 … · Undo").
 *
 * @param result null for a notice that is not an action's outcome (actions are off, one is running)
 * @param undo   what Undo plans; null when there is no way back
 */
public record ActionNotice(String text, ActionResult result, ActionRequest undo, long serial) {

    static ActionNotice of(ActionOutcome outcome, long serial) {
        return new ActionNotice(outcome.message(), outcome.result(), outcome.undo(), serial);
    }

    static ActionNotice info(String text, long serial) {
        return new ActionNotice(text, null, null, serial);
    }

    public boolean succeeded() {
        return result != null && result.succeeded();
    }

    public boolean failed() {
        return result != null && !result.succeeded();
    }
}
