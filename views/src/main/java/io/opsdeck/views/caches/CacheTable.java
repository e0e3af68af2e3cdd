package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.Tables;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Caches page's table of nodes: every figure a column, sortable (worst hit ratio first by
 * default), the rarer ones on demand from the ⋮ menu; a double-click opens the pod in Topology.
 */
final class CacheTable {
    private final ObservableList<CacheRow> rows = FXCollections.observableArrayList();
    private final TableView<CacheRow> table = new TableView<>();
    private final TableColumn<CacheRow, String> problem = Tables.text("Problem", CacheRow::problem, 240);

    /** @param showPage switches the console to another page by id */
    CacheTable(ObservableValue<HitRatioThresholds> thresholds, Consumer<String> showPage) {
        table.setId("cache-table");
        SortedList<CacheRow> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("No Redis or Memcached pods found in this cluster."));
        table.setTableMenuButtonVisible(true);
        TableColumn<CacheRow, Number> hit = Tables.number("Hit ratio", CacheRow::hitRatio,
                n -> Format.ratio(n.doubleValue()), n -> thresholds.getValue().level(n.doubleValue()).styleClass(), 90);
        hit.setId("cache-col-hit-ratio");
        TableColumn<CacheRow, Number> opsCol = Tables.number("Ops/s", r -> r.stats().opsPerSec(),
                n -> Format.rate(n.doubleValue()), null, 75);
        opsCol.setId("cache-col-ops");
        problem.setVisible(false);
        // shown in the details pane; in the table on demand (the ⋮ menu), sortable like the rest
        TableColumn<CacheRow, String> kindCol = Tables.text("Kind", r -> r.status().node().kind().id(), 85);
        TableColumn<CacheRow, Number> expiredCol = Tables.number("Expired/s", CacheRow::expiredPerSec,
                n -> Format.rate(n.doubleValue()), null, 80);
        TableColumn<CacheRow, Number> uptimeCol = Tables.number("Uptime", r -> nonNegative(r.uptimeSeconds()),
                n -> Format.age(Duration.ofSeconds(n.longValue())), null, 70);
        TableColumn<CacheRow, Number> lagCol = Tables.number("Repl lag", r -> nonNegative(r.replicationLagBytes()),
                n -> Format.bytes(n.longValue()), null, 75);
        TableColumn<CacheRow, String> nodeCol = Tables.text("Node", r -> r.status().node().nodeName().isEmpty()
                ? Format.UNKNOWN : r.status().node().nodeName(), 100);
        for (TableColumn<CacheRow, ?> c : List.of(kindCol, expiredCol, uptimeCol, lagCol, nodeCol)) {
            c.setVisible(false);
        }
        table.getColumns().addAll(List.of(
                Tables.text("Pod", r -> r.pod().name(), 215),
                Tables.text("Cluster", r -> r.pod().namespace() + "/" + r.status().node().cluster(), 150),
                kindCol,
                Tables.text("Role", r -> r.role().isEmpty() ? Format.UNKNOWN : r.role(), 70),
                hit,
                opsCol,
                Tables.number("Memory", r -> nonNegative(r.stats().memoryUsedBytes()), n -> Format.bytes(n.longValue()),
                        null, 80),
                Tables.number("Mem %", CacheRow::memoryFraction, n -> Format.percent(n.doubleValue()),
                        n -> n.doubleValue() >= 0.95 ? "health-down" : n.doubleValue() >= 0.85 ? "health-degraded" : null,
                        72),
                Tables.number("Evictions/s", r -> r.stats().evictionsPerSec(), n -> Format.rate(n.doubleValue()),
                        n -> n.doubleValue() >= 1 ? "health-degraded" : null, 90),
                expiredCol,
                Tables.number("Clients", r -> nonNegative(r.stats().connectedClients()),
                        n -> Format.count(n.longValue()), null, 65),
                Tables.number("Keys", r -> nonNegative(r.stats().keys()), n -> Format.count(n.longValue()), null, 85),
                uptimeCol,
                lagCol,
                nodeCol,
                connectionColumn(),
                Tables.text("Source", CacheRow::source, 100),
                problem));
        hit.setSortType(TableColumn.SortType.ASCENDING);
        table.getSortOrder().add(hit);
        table.setRowFactory(tv -> {
            TableRow<CacheRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && !CacheAddress.isExternal(row.getItem().pod())) {
                    showPage.accept("topology");
                }
            });
            return row;
        });
    }

    TableView<CacheRow> view() {
        return table;
    }

    /** Shows these rows in the current sort order; the Problem column only when some row has one. */
    void setRows(List<CacheRow> next) {
        problem.setVisible(next.stream().anyMatch(r -> !r.problem().isEmpty()));
        rows.setAll(next);
        table.sort();
    }

    void setPlaceholder(String text) {
        ((Label) table.getPlaceholder()).setText(text);
    }

    /** TLS or not, as the settings make it; a weakening in amber, a password not sent in red. */
    private static TableColumn<CacheRow, String> connectionColumn() {
        TableColumn<CacheRow, String> c = Tables.text("Connection", CacheRow::connectionText, 110);
        c.setId("cache-col-connection");
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("health-down", "health-degraded");
                CacheRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty || item == null ? null : item);
                String style = row == null ? null : CacheRow.connectionStyle(row.connection());
                if (style != null) {
                    getStyleClass().add(style);
                }
                setTooltip(row == null || row.connection().label().isEmpty() ? null
                        : new Tooltip(row.connection().label()));
            }
        });
        return c;
    }

    private static Long nonNegative(long v) {
        return v < 0 ? null : v;
    }
}
