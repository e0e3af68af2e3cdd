package io.opsdeck.services.action;

import java.util.List;

/**
 * Where a running action is: a fraction (negative while it cannot be known), a sentence, and the
 * per-item rows. Immutable: a new one is published at each step.
 */
public record ActionProgress(double fraction, String message, List<ActionItem> items) {
    public ActionProgress {
        items = List.copyOf(items);
        message = message == null ? "" : message;
    }

    public static ActionProgress of(double fraction, String message) {
        return new ActionProgress(fraction, message, List.of());
    }

    /** Called on the action's own thread; a view crosses onto its UI thread itself. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> { };

        void progress(ActionProgress progress);
    }
}
