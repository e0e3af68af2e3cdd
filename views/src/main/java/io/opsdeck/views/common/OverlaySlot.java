package io.opsdeck.views.common;

import javafx.beans.InvalidationListener;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;

/**
 * Keeps a hidden overlay (a dialog, a sheet) out of the scene graph until it is first shown. A node in
 * the scene takes part in every CSS and layout pass even while invisible (its controls make their
 * skins), and the first pass is on the path to the window's first frame (issue #16: the shortcut
 * sheet, the context switcher and the action dialogs took ~0.1 s of it). Until then the slot is empty
 * and lets the mouse through; once the overlay has been shown it stays in the slot, hidden or not.
 */
public final class OverlaySlot extends StackPane {
    public OverlaySlot(Node overlay) {
        setPickOnBounds(false);
        if (overlay.isVisible()) {
            getChildren().add(overlay);
            return;
        }
        overlay.visibleProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable obs) {
                if (overlay.isVisible()) {
                    overlay.visibleProperty().removeListener(this);
                    getChildren().add(overlay);
                }
            }
        });
    }
}
