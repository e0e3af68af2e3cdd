package io.opsdeck.views.action;

import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The notification after an action, in the window's corner: the outcome in the audit line's words
 * and, where there is a way back, Undo (planned, checked and confirmed like any action).
 */
final class NoticeBar extends HBox {
    private static final Duration SHOWN_FOR = Duration.seconds(60);

    private final Label text = new Label();
    private final Button undo = new Button("Undo");
    private final Button escalate = new Button();
    private final PauseTransition autoHide = new PauseTransition(SHOWN_FOR);

    NoticeBar(ActionModel model) {
        setId("action-notice");
        getStyleClass().add("action-notice");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        text.setId("action-notice-text");
        text.setWrapText(true);
        text.setMaxWidth(520);
        undo.setId("action-notice-undo");
        undo.getStyleClass().add("accent");
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId("action-notice-close");
        close.getStyleClass().addAll("flat", "small");
        close.setOnAction(e -> model.dismissNotice());
        escalate.setId("action-notice-delete-anyway");
        escalate.getStyleClass().add("danger");
        getChildren().addAll(text, undo, escalate, close);
        autoHide.setOnFinished(e -> model.dismissNotice());
        setVisible(false);
        model.noticeProperty().addListener((obs, o, n) -> {
            setVisible(n != null);
            if (n == null) {
                autoHide.stop();
                return;
            }
            getStyleClass().removeAll("ok", "failed", "info");
            getStyleClass().add(n.succeeded() ? "ok" : n.failed() ? "failed" : "info");
            text.setText(n.text());
            undo.setVisible(n.undo() != null);
            undo.setManaged(n.undo() != null);
            undo.setOnAction(e -> {
                model.dismissNotice();
                model.undo(n.undo());
            });
            escalate.setVisible(n.escalate() != null);
            escalate.setManaged(n.escalate() != null);
            if (n.escalate() != null) {
                escalate.setText("Delete " + n.escalate().target() + " anyway…");
                escalate.setTooltip(new javafx.scene.control.Tooltip("Bypasses the disruption budget: a DELETE instead"
                        + " of an eviction, the pod's name typed to confirm, recorded in the audit trail"));
            }
            escalate.setOnAction(e -> {
                model.dismissNotice();
                model.start(n.escalate());
            });
            autoHide.playFromStart();
        });
    }
}
