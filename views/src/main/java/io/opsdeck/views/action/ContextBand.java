package io.opsdeck.views.action;

import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.Identity;
import io.opsdeck.views.common.Badge;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The top of every action's dialog: which context it acts on, large, red when the context is
 * protected, with who acts and against which server. The first thing read, so the wrong cluster is
 * caught before anything else.
 */
final class ContextBand extends VBox {
    private final Label context = new Label();
    private final Label who = new Label();
    private final HBox badges = new HBox(6);

    ContextBand() {
        setId("action-context-band");
        getStyleClass().add("action-context-band");
        Label caption = new Label("CONTEXT");
        caption.getStyleClass().add("action-context-caption");
        context.setId("action-context");
        context.getStyleClass().add("action-context");
        who.setId("action-who");
        who.getStyleClass().add("action-who");
        who.setWrapText(true);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, context, badges, grow);
        top.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(caption, top, who);
    }

    void show(Identity identity, ContextPolicy policy) {
        getStyleClass().removeAll("protected", "read-only");
        badges.getChildren().clear();
        if (identity == null) {
            context.setText("…");
            who.setText("reading the cluster");
            return;
        }
        context.setText(identity.context());
        who.setText("as " + identity.userOrUnknown() + " · " + identity.server());
        if (identity.sandbox()) {
            badges.getChildren().add(Badge.of("SANDBOX", Badge.Tone.NEUTRAL));
        }
        if (policy != null && policy.protectedContext()) {
            getStyleClass().add("protected");
            badges.getChildren().add(Badge.of("PROTECTED", Badge.Tone.DANGER));
        }
        if (policy != null && policy.readOnly()) {
            getStyleClass().add("read-only");
            badges.getChildren().add(Badge.of("READ-ONLY", Badge.Tone.WARNING));
        }
    }
}
