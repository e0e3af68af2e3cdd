package io.opsdeck.views.activity;

import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.AuditEntry;
import io.opsdeck.views.action.ActionBackend;
import io.opsdeck.views.action.ActionModel;
import io.opsdeck.views.common.Tables;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The audit trail, across restarts and contexts: every action Opsdeck ran or refused, newest first,
 * filtered by context, action and result, with Undo where the entry has one (planned, checked and
 * confirmed anew). Read off the FX thread when the session changes and after each action.
 */
final class AuditPanel extends VBox {
    static final String ANY = "any";
    static final int LIMIT = 2000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final ActionModel model;
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<AuditEntry> shown = new FilteredList<>(entries);
    private final ComboBox<String> context = filter("audit-filter-context");
    private final ComboBox<String> action = filter("audit-filter-action");
    private final ComboBox<String> result = filter("audit-filter-result");
    private final Label status = new Label();
    private final TableView<AuditEntry> table = new TableView<>(shown);
    private long reads;
    /** The session's context and server: an undo acts there, so only that context's entries offer it. */
    private io.opsdeck.services.action.Identity here;

    AuditPanel(ActionModel model) {
        super(8);
        this.model = model;
        setId("audit-panel");
        Label title = new Label("Audit trail");
        title.getStyleClass().add("zone-header");
        status.setId("audit-status");
        status.getStyleClass().add("page-subtitle");
        Button reload = new Button("Reload");
        reload.setId("audit-reload");
        reload.setOnAction(e -> reload());
        HBox filters = new HBox(8, title, new Label("Context"), context, new Label("Action"), action,
                new Label("Result"), result, reload, status);
        filters.setAlignment(Pos.CENTER_LEFT);
        table.setId("audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No action has been recorded yet."));
        table.getColumns().addAll(List.of(
                Tables.text("Time", e -> time(e.time()), 165),
                Tables.text("Context", AuditEntry::context, 110),
                Tables.text("User", AuditEntry::user, 90),
                Tables.text("Action", AuditEntry::action, 70),
                Tables.text("Target", AuditEntry::target, 220),
                Tables.text("Result", AuditEntry::result, 80),
                undoColumn(),
                Tables.text("Message", AuditEntry::message, 420)));
        table.setPrefHeight(300);
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(filters, table);
        for (ComboBox<String> c : List.of(context, action, result)) {
            c.valueProperty().addListener((obs, o, n) -> applyFilter());
        }
        model.backendProperty().addListener((obs, o, n) -> reload());
        model.finishedProperty().addListener((obs, o, n) -> reload());
        reload();
    }

    /** Reads the trail again, off the FX thread. */
    void reload() {
        ActionBackend b = model.backendProperty().get();
        long read = ++reads;
        if (!b.available()) {
            entries.clear();
            status.setText("The audit trail is read through the session's actions. " + model.unavailableReason());
            return;
        }
        ActionPipeline pipeline = b.pipeline();
        status.setText("Reading " + pipeline.audit().file() + "…");
        try {
            b.planner().execute(() -> {
                List<AuditEntry> all = pipeline.history(LIMIT);
                io.opsdeck.services.action.Identity identity = pipeline.identity();
                Platform.runLater(() -> {
                    if (read == reads) {
                        here = identity;
                        show(all, pipeline);
                    }
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            status.setText("The session was closed; the trail is read again when the next one opens.");
        }
    }

    private void show(List<AuditEntry> all, ActionPipeline pipeline) {
        entries.setAll(all);
        refill(context, all, AuditEntry::context);
        refill(action, all, AuditEntry::action);
        refill(result, all, AuditEntry::result);
        applyFilter();
        status.setText(all.size() + " entr" + (all.size() == 1 ? "y" : "ies") + " in " + pipeline.audit().file());
    }

    private void applyFilter() {
        shown.setPredicate(e -> matches(context, e.context()) && matches(action, e.action()) && matches(result, e.result()));
    }

    private static boolean matches(ComboBox<String> box, String value) {
        return box.getValue() == null || ANY.equals(box.getValue()) || box.getValue().equals(value);
    }

    private static void refill(ComboBox<String> box, List<AuditEntry> all, Function<AuditEntry, String> key) {
        String keep = box.getValue();
        TreeSet<String> values = new TreeSet<>();
        all.stream().map(key).filter(Objects::nonNull).forEach(values::add);
        box.getItems().setAll(ANY);
        box.getItems().addAll(values);
        box.setValue(keep != null && box.getItems().contains(keep) ? keep : ANY);
    }

    private TableColumn<AuditEntry, AuditEntry> undoColumn() {
        TableColumn<AuditEntry, AuditEntry> c = new TableColumn<>("Undo");
        c.setPrefWidth(70);
        c.setSortable(false);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final Button undo = new Button("Undo");

            {
                undo.getStyleClass().addAll("small", "audit-undo");
            }

            @Override
            protected void updateItem(AuditEntry e, boolean empty) {
                super.updateItem(e, empty);
                Optional<ActionRequest> back = empty || e == null ? Optional.empty() : ActionPipeline.undoOf(e);
                if (back.isEmpty()) {
                    setGraphic(null);
                    return;
                }
                if (!undoableHere(e)) {
                    Label elsewhere = new Label("in " + e.context());
                    elsewhere.getStyleClass().add("page-subtitle");
                    elsewhere.setTooltip(new javafx.scene.control.Tooltip("Recorded in context " + e.context()
                            + (e.server() == null ? "" : " (" + e.server() + ")") + ": switch to it (Ctrl+K) to undo"));
                    setGraphic(elsewhere);
                    return;
                }
                undo.setOnAction(a -> model.undo(back.get()));
                undo.setTooltip(new javafx.scene.control.Tooltip(back.get().commandLine()));
                setGraphic(undo);
            }
        });
        return c;
    }

    /** An undo is planned in the current session: only for entries recorded in this context, on this server. */
    private boolean undoableHere(AuditEntry e) {
        return here != null && here.context().equals(e.context())
                && (e.server() == null || e.server().isEmpty() || e.server().equals(here.server()));
    }

    private static ComboBox<String> filter(String id) {
        ComboBox<String> c = new ComboBox<>();
        c.setId(id);
        c.getItems().add(ANY);
        c.setValue(ANY);
        return c;
    }

    private static String time(String iso) {
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException | NullPointerException e) {
            return String.valueOf(iso);
        }
    }

    TableView<AuditEntry> table() {
        return table;
    }
}
