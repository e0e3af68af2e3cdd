package io.opsdeck.views.action;

import io.opsdeck.services.action.AccessVerdict;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.DrainOptions;
import io.opsdeck.services.action.DrainRequest;
import io.opsdeck.services.action.ScaleRequest;
import io.opsdeck.services.model.Sentences;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The confirmation every action goes through: where (the context, red when protected), what (the
 * object and the plan's changes), what to know (warnings, the access check, the server's dry run),
 * and the way back (undo). Enter confirms a plain action; a destructive one or any action on a
 * protected context waits for the text the check names to be typed. A scale has its replica count
 * here, and each change of it is planned and checked again before Confirm is possible.
 */
final class ConfirmDialog extends VBox {
    private static final Duration REPLAN_DELAY = Duration.millis(300);

    private final ActionModel model;
    private final ContextBand band = new ContextBand();
    private final VBox body = new VBox(10);
    private final Label heading = new Label();
    private final Label title = new Label();
    private final Label object = new Label();
    private final HBox replicasRow = new HBox(8);
    private final Spinner<Integer> replicas = new Spinner<>();
    private final Label replicasNow = new Label();
    private final VBox details = new VBox(10);
    private final VBox typedBox = new VBox(4);
    private final Label typedLabel = new Label();
    private final TextField typed = new TextField();
    private final Label hint = new Label();
    private final Button cancel = new Button("Cancel");
    private final Button confirm = new Button("Confirm");
    private final ProgressIndicator busy = new ProgressIndicator();
    private final PauseTransition replanLater = new PauseTransition(REPLAN_DELAY);
    private ActionFlow shown;
    private boolean updating;
    /** A drain's opt-ins, as kubectl's flags: shown for a drain, each change planned again. */
    private final HBox drainRow = new HBox(12);
    private final javafx.scene.control.CheckBox emptyDir =
            new javafx.scene.control.CheckBox("Delete emptyDir data (--delete-emptydir-data)");
    private final javafx.scene.control.CheckBox force =
            new javafx.scene.control.CheckBox("Force pods without a controller (--force)");

    ConfirmDialog(ActionModel model) {
        this.model = model;
        setId("action-dialog");
        getStyleClass().add("action-card");
        heading.getStyleClass().add("action-heading");
        title.setId("action-title");
        title.getStyleClass().add("action-title");
        title.setWrapText(true);
        object.setId("action-object");
        object.getStyleClass().add("action-caption");
        object.setWrapText(true);

        replicas.setId("action-replicas");
        replicas.setEditable(true);
        replicas.setPrefWidth(110);
        replicas.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100_000, 0));
        // digits only: a negative count cannot even be typed
        replicas.getEditor().setTextFormatter(new TextFormatter<String>(c -> c.getControlNewText().matches("\\d{0,6}") ? c : null));
        replicas.valueProperty().addListener((obs, o, n) -> {
            if (!updating) {
                replanLater.playFromStart();
            }
        });
        // a count typed is planned as it is typed (after a pause), not only once committed
        replicas.getEditor().textProperty().addListener((obs, o, n) -> {
            if (!updating && replicas.getEditor().isFocused()) {
                replanLater.playFromStart();
            }
        });
        replanLater.setOnFinished(e -> replan());
        Label replicasLabel = new Label("Replicas");
        replicasLabel.getStyleClass().add("action-section");
        replicasNow.getStyleClass().add("action-caption");
        replicasRow.getChildren().addAll(replicasLabel, replicas, replicasNow);
        replicasRow.setAlignment(Pos.CENTER_LEFT);

        emptyDir.setId("action-drain-emptydir");
        force.setId("action-drain-force");
        emptyDir.setTooltip(new javafx.scene.control.Tooltip("Evict pods with emptyDir volumes: their local data is lost"));
        force.setTooltip(new javafx.scene.control.Tooltip("Evict pods no controller manages: they do not come back"));
        emptyDir.selectedProperty().addListener((obs, o, n) -> replanDrain());
        force.selectedProperty().addListener((obs, o, n) -> replanDrain());
        drainRow.getChildren().addAll(emptyDir, force);
        drainRow.setAlignment(Pos.CENTER_LEFT);

        typed.setId("action-typed");
        typed.setPromptText("type here to confirm");
        typed.textProperty().addListener((obs, o, n) -> refreshButtons());
        typedLabel.setWrapText(true);
        typedBox.getStyleClass().add("action-typed");
        typedBox.getChildren().addAll(typedLabel, typed);

        cancel.setId("action-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.cancel());
        confirm.setId("action-confirm");
        confirm.setOnAction(e -> doConfirm());
        busy.setPrefSize(18, 18);
        busy.setVisible(false);
        hint.setId("action-hint");
        hint.getStyleClass().add("action-caption");
        hint.setWrapText(true);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, busy, hint, grow, cancel, confirm);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add("action-buttons");

        body.getStyleClass().add("action-body");
        body.getChildren().addAll(heading, title, object, replicasRow, drainRow, details, typedBox);
        getChildren().addAll(band, body, buttons);
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    }

    /** Shows {@code f} (a plan, or the one being made); keeps what the user typed while the action stays the same. */
    void show(ActionFlow f) {
        boolean sameAction = shown != null && shown.request().action().equals(f.request().action())
                && shown.request().target().equals(f.request().target());
        shown = f;
        updating = true;
        try {
            band.show(f.identity(), f.policy());
            heading.setText(f.undo() ? "UNDO — planned, checked and confirmed like any action" : "CONFIRM ACTION");
            heading.setVisible(f.undo());
            heading.setManaged(f.undo());
            if (!sameAction) {
                typed.clear();
            }
            ActionPlan plan = f.plan();
            if (plan == null) {
                title.setText(f.phase() == ActionFlow.Phase.FAILED ? "Cannot plan '" + f.request().commandLine() + "'"
                        : "Planning " + f.request().commandLine() + "…");
                object.setText("");
            } else {
                title.setText(plan.title());
                object.setText(plan.objectKind() + " " + plan.objectName()
                        + (plan.namespace().isEmpty() ? " (cluster-scoped)" : " · namespace " + plan.namespace()));
            }
            showReplicas(f);
            showDrainOptions(f);
            details.getChildren().setAll(details(f));
            ActionCheck check = f.check();
            boolean typedNeeded = plan != null && check != null && check.allowed() && check.typedConfirmation();
            typedBox.setVisible(typedNeeded);
            typedBox.setManaged(typedNeeded);
            if (typedNeeded) {
                typedLabel.setText("Type \u201c" + check.confirmText() + "\u201d to confirm"
                        + (f.policy() != null && f.policy().protectedContext() ? " (the context is protected)"
                        : " (this step is hard to take back)") + ":");
            }
            confirm.setText(plan == null ? "Confirm" : Sentences.capitalised(plan.request().action()));
            boolean danger = plan != null && (plan.destructive() || f.policy() != null && f.policy().protectedContext());
            confirm.getStyleClass().removeAll("danger", "accent");
            confirm.getStyleClass().add(danger ? "danger" : "accent");
            busy.setVisible(f.phase() == ActionFlow.Phase.PLANNING || f.stale());
            refreshButtons();
        } finally {
            updating = false;
        }
    }

    /** Where the keyboard goes when the dialog opens: the count of a scale, the typed name, else Confirm. */
    void focusFirst() {
        // the dialog joins the scene when first shown (OverlaySlot): its controls get their skins now rather
        // than at the next pulse, the spinner with them its editor, which is focused below
        applyCss();
        if (replicasRow.isVisible()) {
            replicas.getEditor().requestFocus();
            replicas.getEditor().selectAll();
        } else if (typedBox.isVisible()) {
            typed.requestFocus();
        } else {
            confirm.requestFocus();
        }
    }

    private void showReplicas(ActionFlow f) {
        boolean scale = f.request() instanceof ScaleRequest && f.phase() != ActionFlow.Phase.FAILED;
        replicasRow.setVisible(scale);
        replicasRow.setManaged(scale);
        if (!scale) {
            return;
        }
        ScaleRequest s = (ScaleRequest) f.request();
        if (replicas.getValue() == null || replicas.getValue() != s.replicas()) {
            replicas.getValueFactory().setValue(s.replicas());
        }
        Object from = f.plan() == null ? null : f.plan().facts().get("from");
        replicasNow.setText(from == null ? "" : "now " + from + " · type a number or use ↑ ↓, then Enter");
    }

    private List<Node> details(ActionFlow f) {
        List<Node> out = new ArrayList<>();
        ActionPlan plan = f.plan();
        if (f.phase() == ActionFlow.Phase.FAILED) {
            out.add(box("action-refusal", "✕  " + f.error()));
            return out;
        }
        if (plan == null) {
            return out;
        }
        out.add(section("What changes"));
        VBox changes = new VBox(3);
        changes.setId("action-changes");
        for (String c : plan.changes()) {
            changes.getChildren().add(line("•  " + c));
        }
        out.add(changes);
        if (!plan.warnings().isEmpty()) {
            VBox warnings = new VBox(4);
            warnings.setId("action-warnings");
            for (String w : plan.warnings()) {
                warnings.getChildren().add(box("action-warning", "⚠  " + w));
            }
            out.add(warnings);
        }
        if (!plan.items().isEmpty()) {
            out.add(section(plan.items().size() + " item" + (plan.items().size() == 1 ? "" : "s")));
            ItemTable items = new ItemTable("action-plan-items");
            items.show(plan.items());
            out.add(items);
        }
        ActionCheck check = f.check();
        out.add(section("Check"));
        out.add(checkNode(check));
        out.add(section("Server dry run"));
        Label dry = line(dryRunText(f));
        dry.setId("action-dry-run");
        out.add(dry);
        out.add(section("Undo"));
        Label undo = line(plan.undo());
        undo.setId("action-undo");
        out.add(undo);
        return out;
    }

    private static Node checkNode(ActionCheck check) {
        if (check == null) {
            return line("Not checked.");
        }
        if (!check.allowed()) {
            Label l = box("action-refusal", "✕  " + (check.refusal() == ActionResult.FORBIDDEN ? "Not allowed: " : "")
                    + check.reason());
            l.setId("action-refusal");
            return l;
        }
        // one entry per verb and resource, with the namespaces it was asked in
        java.util.Map<String, java.util.TreeSet<String>> byWhat = new java.util.LinkedHashMap<>();
        for (AccessVerdict v : check.access()) {
            if (v.allowed()) {
                String what = v.permission().verb() + " " + v.permission().resource()
                        + (v.permission().subresource().isEmpty() ? "" : "/" + v.permission().subresource());
                java.util.TreeSet<String> ns = byWhat.computeIfAbsent(what, k -> new java.util.TreeSet<>());
                if (!v.permission().namespace().isEmpty()) {
                    ns.add(v.permission().namespace());
                }
            }
        }
        List<String> allowed = byWhat.entrySet().stream().map(e -> e.getKey() + (e.getValue().isEmpty() ? ""
                : e.getValue().size() == 1 ? " in " + e.getValue().first()
                : " in namespaces " + String.join(", ", e.getValue()))).toList();
        Label l = line("✓  Allowed" + (allowed.isEmpty() ? "" : ": this user may " + String.join("; ", allowed)));
        l.setId("action-allowed");
        l.getStyleClass().add("action-ok");
        return l;
    }

    private static String dryRunText(ActionFlow f) {
        ActionCheck check = f.check();
        if (check != null && !check.dryRun().isEmpty()) {
            return check.dryRun();
        }
        if (f.plan().dryRunner() == null) {
            return "This action has no server dry run; the plan above is Opsdeck's own reading.";
        }
        return check != null && !check.allowed() ? "Not sent: the check refused the action first."
                : "This server runs no dry run; the plan above is Opsdeck's own reading.";
    }

    private void refreshButtons() {
        ActionFlow f = shown;
        if (f == null) {
            return;
        }
        boolean ok = f.confirmable();
        String why;
        if (f.phase() == ActionFlow.Phase.PLANNING || f.stale()) {
            why = "Planning and checking…";
        } else if (f.phase() == ActionFlow.Phase.FAILED) {
            why = "Nothing was changed.";
        } else if (!f.check().allowed()) {
            why = "Confirm is off: " + f.check().reason();
        } else if (noChange(f)) {
            ok = false;
            why = "Choose the new replica count: it has that many now.";
        } else if (f.check().typedConfirmation() && !f.check().confirmText().equals(typed.getText().trim())) {
            ok = false;
            why = "Type \u201c" + f.check().confirmText() + "\u201d to enable " + confirm.getText() + ".";
        } else {
            why = "Enter to " + confirm.getText().toLowerCase(Locale.ROOT) + " · Esc to cancel";
        }
        confirm.setDisable(!ok);
        hint.setText(why);
    }

    private static boolean noChange(ActionFlow f) {
        return f.request() instanceof ScaleRequest && f.plan() != null
                && f.plan().facts().get("from") instanceof Integer from && from == ((ScaleRequest) f.request()).replicas();
    }

    private void onKey(KeyEvent e) {
        if (e.getCode() != KeyCode.ENTER || cancel.isFocused()) {
            return;
        }
        e.consume();
        if (replicas.getEditor().isFocused()) {
            commitReplicas();
            replanLater.stop();
            if (replan()) {
                model.confirm("");
                return;
            }
        }
        if (!confirm.isDisabled() || shown != null && shown.stale()) {
            doConfirm();
        }
    }

    private void doConfirm() {
        model.confirm(typed.getText());
    }

    private void commitReplicas() {
        String text = replicas.getEditor().getText();
        if (text != null && !text.isBlank()) {
            replicas.getValueFactory().setValue(Integer.parseInt(text.trim()));
        }
    }

    private void showDrainOptions(ActionFlow f) {
        boolean drain = f.request() instanceof DrainRequest && f.phase() != ActionFlow.Phase.FAILED;
        drainRow.setVisible(drain);
        drainRow.setManaged(drain);
        if (drain) {
            DrainOptions o = ((DrainRequest) f.request()).options();
            boolean was = updating;
            updating = true;
            emptyDir.setSelected(o.deleteEmptyDirData());
            force.setSelected(o.force());
            updating = was;
        }
    }

    /** Plans the drain again with the opt-ins ticked. */
    private void replanDrain() {
        if (updating || shown == null || !(shown.request() instanceof DrainRequest d)) {
            return;
        }
        DrainOptions o = d.options();
        if (o.deleteEmptyDirData() == emptyDir.isSelected() && o.force() == force.isSelected()) {
            return;
        }
        model.replan(new DrainRequest(d.node(), new DrainOptions(o.timeout(), o.gracePeriodSeconds(),
                emptyDir.isSelected(), force.isSelected()), d.pace()));
    }

    /** Plans the count in the spinner when it differs from the plan's; true when a new plan is being made. */
    private boolean replan() {
        Integer count = count();
        if (shown == null || !(shown.request() instanceof ScaleRequest s) || count == null || count == s.replicas()) {
            return false;
        }
        model.replan(new ScaleRequest(s.ref(), count, s.waitFor()));
        return true;
    }

    /** The count in the field as typed (it may not be committed yet); null when there is none. */
    private Integer count() {
        String text = replicas.getEditor().getText();
        if (text == null || text.isBlank()) {
            return replicas.getValue();
        }
        return Integer.parseInt(text.trim());
    }

    private static Label section(String text) {
        Label l = new Label(text.toUpperCase(Locale.ROOT));
        l.getStyleClass().add("action-section");
        return l;
    }

    private static Label line(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label box(String style, String text) {
        Label l = line(text);
        l.getStyleClass().add(style);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
