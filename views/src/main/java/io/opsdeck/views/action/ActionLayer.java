package io.opsdeck.views.action;

import io.opsdeck.views.common.OverlaySlot;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

/**
 * Lies over the whole window: the dialog or the progress pane of the action on screen (the window
 * dimmed behind it), and the notification in the corner. Lets clicks through where it shows nothing.
 */
public final class ActionLayer extends StackPane {
    public static final String STYLESHEET = ActionLayer.class.getResource("action.css").toExternalForm();

    private final Region dim = new Region();
    private final ConfirmDialog dialog;
    private final ProgressPane progress;
    private final NoticeBar notice;

    public ActionLayer(ActionModel model) {
        setId("action-layer");
        getStylesheets().add(STYLESHEET);
        setPickOnBounds(false);
        dialog = new ConfirmDialog(model);
        progress = new ProgressPane(model);
        notice = new NoticeBar(model);
        dim.setBackground(new Background(new BackgroundFill(Color.rgb(0, 0, 0, 0.45), null, null)));
        for (Region card : new Region[]{dialog, progress}) {
            card.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            StackPane.setAlignment(card, Pos.CENTER);
        }
        StackPane.setAlignment(notice, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(notice, new Insets(0, 16, 40, 0));
        // the cards join the scene when first shown, off the first frame's CSS and layout pass (a slot takes in
        // at once what is visible when it is made: the cards are hidden first); the notice is a line of text:
        // it stays
        dialog.setVisible(false);
        progress.setVisible(false);
        getChildren().addAll(dim, new OverlaySlot(dialog), new OverlaySlot(progress), notice);
        show(model.flow(), null);
        model.flowProperty().addListener((obs, o, n) -> show(n, o));
    }

    private void show(ActionFlow f, ActionFlow before) {
        boolean confirming = f != null && f.phase() != ActionFlow.Phase.RUNNING;
        boolean running = f != null && f.phase() == ActionFlow.Phase.RUNNING && !f.hidden();
        dim.setVisible(confirming || running);
        dialog.setVisible(confirming);
        progress.setVisible(running);
        if (confirming) {
            dialog.show(f);
            if (before == null || before.phase() == ActionFlow.Phase.PLANNING && f.phase() != ActionFlow.Phase.PLANNING
                    || before.phase() == ActionFlow.Phase.RUNNING) {
                dialog.focusFirst();
            }
        } else if (running) {
            progress.show(f);
            if (before == null || before.phase() != ActionFlow.Phase.RUNNING || before.hidden()) {
                progress.focusCancel();
            }
        }
    }
}
