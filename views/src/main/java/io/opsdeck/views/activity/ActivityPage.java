package io.opsdeck.views.activity;

import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.Tables;
import io.opsdeck.views.shell.ActivityEntry;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;

/** What happened in this session: connection changes, refreshes, settings changes, and (later) actions. */
public final class ActivityPage extends BasePage {

    private final TableView<ActivityEntry> table;

    public ActivityPage(ObservableList<ActivityEntry> entries) {
        super("activity", "Activity", Feather.LIST);
        subtitle.setText("This session's connection changes and commands, newest first. "
                + "Scale, drain and flush actions will be listed here with their audit entries.");
        table = new TableView<>(entries);
        table.setId("activity-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing has happened yet."));
        table.getColumns().addAll(List.of(
                Tables.text("Time", e -> Format.clock(e.at()), 90),
                Tables.text("Kind", ActivityEntry::category, 100),
                Tables.text("What", ActivityEntry::text, 700)));
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().add(table);
    }





    /** Adds the audit trail of every action (across restarts and contexts) above this session's list. */
    public void linkActions(io.opsdeck.views.action.ActionModel model) {
        subtitle.setText("The audit trail of every action, newest first (kept across restarts), with Undo where there"
                + " is a way back; below it, this session's connection changes and commands.");
        root.getChildren().add(root.getChildren().indexOf(table), new AuditPanel(model));
        Label session = new Label("This session");
        session.getStyleClass().add("zone-header");
        root.getChildren().add(root.getChildren().indexOf(table), session);
    }

    @Override
    public void show(Overview overview) {
        // the list is live already
    }
}
