package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionProgress;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A running action: the context, what runs, how far (a bar; moving when it cannot be known), the
 * runner's own sentence, the per-item rows, and Cancel. Hide leaves it running; the notification
 * comes at its end.
 */
final class ProgressPane extends VBox {
    private final ContextBand band = new ContextBand();
    private final Label title = new Label();
    private final ProgressBar bar = new ProgressBar();
    private final Label message = new Label();
    private final ItemTable items = new ItemTable("action-progress-items");
    private final Button cancel = new Button("Cancel");

    ProgressPane(ActionModel model) {
        setId("action-progress");
        getStyleClass().add("action-card");
        title.setId("action-progress-title");
        title.getStyleClass().add("action-title");
        title.setWrapText(true);
        bar.setId("action-progress-bar");
        bar.setMaxWidth(Double.MAX_VALUE);
        message.setId("action-progress-message");
        message.setWrapText(true);
        cancel.setId("action-progress-cancel");
        cancel.setOnAction(e -> model.cancel());
        Button hide = new Button("Hide");
        hide.setId("action-progress-hide");
        hide.setOnAction(e -> model.hide());
        Label hint = new Label("Cancel stops at the next step; what was sent stands.");
        hint.getStyleClass().add("action-caption");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, hint, grow, hide, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add("action-buttons");
        VBox body = new VBox(10, title, bar, message, items);
        body.getStyleClass().add("action-body");
        getChildren().addAll(band, body, buttons);
    }

    void show(ActionFlow f) {
        band.show(f.identity(), f.policy());
        title.setText(f.plan().title());
        ActionProgress p = f.progress();
        bar.setProgress(p == null || p.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction());
        message.setText(p == null ? "" : p.message());
        var rows = p == null || p.items().isEmpty() ? f.plan().items() : p.items();
        items.setVisible(!rows.isEmpty());
        items.setManaged(!rows.isEmpty());
        items.show(rows);
        cancel.setDisable(p != null && p.message().startsWith("Cancelling"));
    }

    void focusCancel() {
        cancel.requestFocus();
    }
}
