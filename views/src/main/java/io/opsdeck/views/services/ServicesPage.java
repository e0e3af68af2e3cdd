package io.opsdeck.views.services;

import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.StaleBanner;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.Tables;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.EnumMap;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/** Every Service with its endpoints, golden signals and a health verdict with reasons; worst first. */
public final class ServicesPage extends BasePage {
    private final StaleBanner stale = new StaleBanner("services-stale", StaleBanner.Uses.BOTH);
    private final HBox counts = new HBox(12);
    private final ObservableList<ServiceHealth> rows = FXCollections.observableArrayList();
    private final TableView<ServiceHealth> table = new TableView<>();

    private final Supplier<Instant> now;
    private Overview last;
    private ServiceActions actions;

    public ServicesPage(Supplier<Instant> now) {
        super("services", "Services", Feather.SERVER);
        this.now = now;
        counts.setId("service-counts");
        table.setId("service-table");
        SortedList<ServiceHealth> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No Services in the namespaces Opsdeck can read."));
        TableColumn<ServiceHealth, Health> health = new TableColumn<>("Health");
        health.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().health()));
        health.setComparator((a, b) -> Integer.compare(a.ordinal(), b.ordinal()));
        health.setPrefWidth(90);
        health.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Health item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("health-"));
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(item.id().toUpperCase(java.util.Locale.ROOT));
                getStyleClass().add("health-" + item.id());
            }
        });
        health.setSortType(TableColumn.SortType.DESCENDING);
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(ServiceHealth item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("row-down", "row-degraded");
                if (!empty && item != null && (item.health() == Health.DOWN || item.health() == Health.DEGRADED)) {
                    getStyleClass().add("row-" + item.health().id());
                }
            }
        });
        table.getColumns().addAll(List.of(health,
                Tables.text("Namespace", h -> h.service().namespace(), 110),
                Tables.text("Service", h -> h.service().name(), 170),
                Tables.text("Endpoints", h -> h.service().endpointsReady() + " / " + h.service().endpointsTotal(), 85),
                Tables.number("Req/s", h -> h.metrics().requestsPerSec(), n -> Format.rate(n.doubleValue()), null, 80),
                Tables.number("Errors", h -> h.metrics().errorRatio(), n -> Format.percent(n.doubleValue()),
                        n -> n.doubleValue() >= 0.05 ? "health-down" : null, 75),
                Tables.number("p99", h -> h.metrics().latencyP99Ms(), n -> Format.millis(n.doubleValue()), null, 80),
                Tables.number("Restarts", ServiceHealth::restarts, n -> Format.count(n.longValue()), null, 75),
                Tables.text("Why", h -> String.join("; ", h.reasons()), 380)));
        table.getSortOrder().add(health);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().add(stale);
        root.getChildren().addAll(counts, table);
    }





    /** Scale the workload behind the selected Service: a bar above the table, a context menu and S. */
    public void linkActions(io.opsdeck.views.action.ActionModel model) {
        actions = new ServiceActions(model, table, () -> last);
        root.getChildren().add(root.getChildren().indexOf(table), actions.bar());
    }

    @Override
    public void show(Overview o) {
        last = o;
        stale.show(o, now.get());
        ((Label) table.getPlaceholder()).setText(StaleBanner.emptyText(o, "No Services in the namespaces Opsdeck can read."));
        Map<Health, Integer> byHealth = new EnumMap<>(Health.class);
        for (ServiceHealth h : o.services()) {
            byHealth.merge(h.health(), 1, Integer::sum);
        }
        subtitle.setText(o.services().size() + " Services · endpoints from EndpointSlices · "
                + "request rate, errors and latency over 5 min from " + o.metricsStatus().endpoint());
        counts.getChildren().setAll(
                countCard("Down", byHealth.getOrDefault(Health.DOWN, 0), "danger"),
                countCard("Degraded", byHealth.getOrDefault(Health.DEGRADED, 0), "warning"),
                countCard("Healthy", byHealth.getOrDefault(Health.HEALTHY, 0), "ok"),
                countCard("Unknown", byHealth.getOrDefault(Health.UNKNOWN, 0), "muted"));
        io.opsdeck.views.common.KeptSelection.around(table, h -> h.service().key(), () -> {
            rows.setAll(o.services());
            table.sort();
        });
        if (actions != null) {
            actions.refresh();
        }
    }

    private static Node countCard(String label, int n, String tone) {
        Label figure = new Label(String.valueOf(n));
        figure.getStyleClass().addAll("big-figure", n == 0 ? "muted" : tone);
        Label caption = new Label(label);
        caption.getStyleClass().add("card-caption");
        VBox card = new VBox(figure, caption);
        card.getStyleClass().add("card");
        card.setId("count-" + label.toLowerCase(java.util.Locale.ROOT));
        card.setPrefWidth(120);
        return card;
    }
}
