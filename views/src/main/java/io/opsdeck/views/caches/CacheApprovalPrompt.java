package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.Sentences;
import io.opsdeck.services.source.CacheApprovals;
import io.opsdeck.views.action.ActionLayer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.IOException;
import java.util.Optional;

/**
 * An external cache whose {@code secret:} reference waits for the user: beside the node, the question
 * ("waiting for approval: send the password from Secret ns/name#key to host:port?") and Approve…;
 * Approve… opens a dialog in the action dialog's style that names the context, the Secret and the
 * address, and records the approval of exactly that pair. Until then no Secret is read and no
 * password sent; the node is read from the next poll on. FX thread only.
 */
final class CacheApprovalPrompt {
    private final VBox box = new VBox(6);
    private final Label question = new Label();
    private final Button approve = new Button("Approve…", new FontIcon(Feather.KEY));
    private final StackPane layer = new StackPane();
    private final VBox card = new VBox();
    private final Label context = new Label();
    private final Label title = new Label();
    private final Label object = new Label();
    private final Label problem = new Label();
    private CacheApprovals approvals = CacheApprovals.NONE;
    private CacheApprovalRequest shown;
    private CacheApprovalRequest approvedJustNow;

    CacheApprovalPrompt() {
        box.setId("cache-approval");
        box.getStylesheets().add(ActionLayer.STYLESHEET);
        box.getStyleClass().add("action-warning");
        question.setId("cache-approval-question");
        question.setWrapText(true);
        question.setMinHeight(Region.USE_PREF_SIZE);
        approve.setId("cache-approve");
        approve.setOnAction(e -> open());
        box.getChildren().addAll(question, approve);
        hide(box);

        layer.setId("cache-approval-layer");
        layer.getStylesheets().add(ActionLayer.STYLESHEET);
        layer.setBackground(new Background(new BackgroundFill(Color.rgb(0, 0, 0, 0.45), null, null)));
        card.setId("cache-approval-dialog");
        card.getStyleClass().add("action-card");
        card.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(card, Pos.CENTER);
        Label caption = new Label("CONTEXT");
        caption.getStyleClass().add("action-context-caption");
        context.setId("cache-approval-context");
        context.getStyleClass().add("action-context");
        Label whose = new Label("whose credentials read the Secret");
        whose.getStyleClass().add("action-who");
        VBox band = new VBox(caption, context, whose);
        band.getStyleClass().add("action-context-band");
        Label heading = new Label("APPROVE A PASSWORD FOR AN ADDRESS");
        heading.getStyleClass().add("action-heading");
        title.setId("cache-approval-title");
        title.getStyleClass().add("action-title");
        title.setWrapText(true);
        object.setId("cache-approval-object");
        object.getStyleClass().add("action-caption");
        object.setWrapText(true);
        Label consequence = new Label("Opsdeck will read this Secret with the context's credentials and send its value"
                + " (AUTH) to this address at every read of the cache. The approval holds for exactly this Secret and"
                + " this address in this context: if either changes in Settings, Opsdeck asks again. A settings file can"
                + " name any Secret and any address; approve only when you know both.");
        consequence.setWrapText(true);
        problem.setId("cache-approval-problem");
        problem.getStyleClass().add("action-refusal");
        problem.setWrapText(true);
        hide(problem);
        VBox body = new VBox(10, heading, title, object, consequence, problem);
        body.getStyleClass().add("action-body");
        Button cancel = new Button("Cancel");
        cancel.setId("cache-approval-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close());
        Button confirm = new Button("Approve");
        confirm.setId("cache-approval-confirm");
        confirm.getStyleClass().add("accent");
        confirm.setDefaultButton(true);
        confirm.setOnAction(e -> confirm());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, grow, cancel, confirm);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add("action-buttons");
        card.getChildren().addAll(band, body, buttons);
        card.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
            }
        });
        layer.getChildren().add(card);
        hide(layer);
    }

    /** The box to show beside the node's figures. */
    Node box() {
        return box;
    }

    /** {@code content} with the dialog over it. */
    Node over(Node content) {
        return new StackPane(content, layer);
    }

    void link(CacheApprovals approvals) {
        this.approvals = approvals == null ? CacheApprovals.NONE : approvals;
        close();
    }

    /** Shows what {@code pod} waits for, if anything; null for no node. */
    void show(PodKey pod) {
        Optional<CacheApprovalRequest> pending = pod == null ? Optional.empty() : approvals.pending(pod);
        shown = pending.orElse(null);
        if (shown == null) {
            hide(box);
            return;
        }
        box.setVisible(true);
        box.setManaged(true);
        question.setText("waiting for approval: " + shown.question() + (shown.fromEnvironment() ? " No password is sent"
                : " No Secret is read and no password sent") + " until then.");
        approve.setDisable(false);
    }

    /** The pairing approved last in this window, for tests and the node's note until the next read. */
    CacheApprovalRequest approvedJustNow() {
        return approvedJustNow;
    }

    private void open() {
        if (shown == null) {
            return;
        }
        context.setText(shown.context());
        title.setText(Sentences.capitalised(shown.question()));
        object.setText("External cache " + shown.cache() + " · from Settings · reference " + shown.secretRef());
        hide(problem);
        layer.setVisible(true);
        layer.setManaged(true);
        card.requestFocus();
    }

    private void confirm() {
        CacheApprovalRequest r = shown;
        if (r == null) {
            close();
            return;
        }
        try {
            approvals.approve(r);
        } catch (IOException e) {
            problem.setText("The approval could not be written: " + e.getMessage() + ". Nothing was approved.");
            problem.setVisible(true);
            problem.setManaged(true);
            return;
        }
        approvedJustNow = r;
        close();
        question.setText("Approved: the password from " + r.source() + " goes to " + r.address() + " "
                + r.connection() + " from the next read on.");
        approve.setDisable(true);
    }

    private void close() {
        hide(layer);
    }

    private static void hide(Node n) {
        n.setVisible(false);
        n.setManaged(false);
    }
}
