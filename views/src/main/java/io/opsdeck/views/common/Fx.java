package io.opsdeck.views.common;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.event.EventHandler;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/** Small helpers for the FX thread rule: view models change only on the FX thread. */
public final class Fx {
    private Fx() {
    }

    /** Fails fast when called off the FX thread (STYLE.md: view-model setters assert the FX thread). */
    public static void assertFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("must run on the FX application thread, not " + Thread.currentThread().getName());
        }
    }

    /**
     * Gives {@code control} the tooltip {@code text} when the mouse first enters it, unless it has one by
     * then. A tooltip is a popup window: making the first one (its classes, its style sheet) took ~20 ms of
     * the FX thread before the console's first frame, in which no tooltip shows (issue #16). The tooltip
     * shows as usual once the mouse rests on the control; screen readers have the text at once, as the
     * control's accessible help (which they otherwise take from the tooltip).
     */
    public static void tooltipOnHover(Control control, String text) {
        control.setAccessibleHelp(text);
        // once the control has a tooltip (this one, or another set meanwhile), screen readers read that one
        control.tooltipProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                control.tooltipProperty().removeListener(this);
                control.setAccessibleHelp(null);
            }
        });
        control.addEventHandler(MouseEvent.MOUSE_ENTERED, new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                control.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                if (control.getTooltip() == null) {
                    control.setTooltip(new Tooltip(text));
                }
            }
        });
    }
}
