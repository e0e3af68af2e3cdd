package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionItem;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.Tables;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

import java.util.List;

/**
 * The per-item rows of an action (the pods on a node, the pods of a drain, the nodes of a flush):
 * one table for every action, with the state, the reason, the budget in the way, the node and the time.
 */
final class ItemTable extends TableView<ActionItem> {
    private static final int MAX_ROWS = 6;

    ItemTable(String id) {
        setId(id);
        getStyleClass().addAll("action-items", "dense");
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPlaceholder(new Label("No items."));
        getColumns().addAll(List.of(
                Tables.text("Object", ActionItem::key, 200),
                Tables.text("State", ActionItem::state, 80),
                Tables.text("PDB", ActionItem::pdb, 90),
                Tables.text("Node", ActionItem::node, 90),
                Tables.text("Elapsed", i -> i.elapsed().isZero() ? "" : Format.age(i.elapsed()), 60),
                Tables.text("Reason", ActionItem::reason, 200)));
    }

    /** Shows the rows; a column empty in every row (no budget, no node yet) is left out to give the reason room. */
    void show(List<ActionItem> items) {
        getItems().setAll(items);
        List<java.util.function.Predicate<ActionItem>> filled = List.of(i -> true, i -> !i.state().isEmpty(),
                i -> !i.pdb().isEmpty(), i -> !i.node().isEmpty(), i -> !i.elapsed().isZero(), i -> !i.reason().isEmpty());
        for (int c = 0; c < filled.size(); c++) {
            var has = filled.get(c);
            getColumns().get(c).setVisible(items.stream().anyMatch(has));
        }
        setPrefHeight(28 + Math.max(1, Math.min(MAX_ROWS, items.size())) * 25);
        setMinHeight(getPrefHeight());
    }
}
