package io.opsdeck.views.services;

import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.UnknownFigures;
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
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Every Service with its endpoints, golden signals and a health verdict with reasons; worst first. */
public final class ServicesPage extends BasePage {
    /** Resources whose absence leaves figures of this page unknown; their sentences are shown above the table. */
    private static final List<String> FEEDS_THIS_PAGE = List.of("services", "endpointslices", "endpoints", "pods",
            "deployments", "statefulsets", "daemonsets", "replicasets");

    private final StaleBanner stale = new StaleBanner("services-stale", StaleBanner.Uses.BOTH);
    private final Label unknown = new Label();
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
        // wide enough for the longest verdict, DEGRADED, in bold: a verdict is never cut short
        health.setMinWidth(112);
        health.setPrefWidth(112);
        health.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Health item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("health-"));
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(item.id().toUpperCase(Locale.ROOT));
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
                Tables.text("Namespace", h -> h.service().namespace(), 125),
                Tables.text("Service", h -> h.service().name(), 180),
                withTooltip(Tables.text("Endpoints", h -> h.service().endpointsKnown()
                        ? h.service().endpointsReady() + " / " + h.service().endpointsTotal() : "unknown", 95),
                        h -> h.service().endpointsUnknown()),
                Tables.number("Req/s", h -> h.metrics().requestsPerSec(), n -> Format.rate(n.doubleValue()), null, 74),
                Tables.number("Errors", h -> h.metrics().errorRatio(), n -> Format.percent(n.doubleValue()),
                        n -> n.doubleValue() >= 0.05 ? "health-down" : null, 80),
                Tables.number("p99", h -> h.metrics().latencyP99Ms(), n -> Format.millis(n.doubleValue()), null, 74),
                Tables.number("Restarts", h -> h.restartsKnown() ? h.restarts() : null, n -> Format.count(n.longValue()),
                        null, 90),
                withTooltip(Tables.text("Why", h -> String.join("; ", h.reasons()), 380),
                        h -> String.join("\n", h.reasons()))));
        table.getSortOrder().add(health);
        VBox.setVgrow(table, Priority.ALWAYS);
        unknown.setId("services-unknown");
        unknown.getStyleClass().addAll("banner", "info");
        unknown.setWrapText(true);
        unknown.setMaxWidth(Double.MAX_VALUE);
        unknown.setVisible(false);
        unknown.setManaged(false);
        root.getChildren().addAll(stale, unknown);
        root.getChildren().addAll(counts, table);
    }

    /**
     * What this page cannot show and why: which namespaces' endpoint counts or pods are unknown, and the
     * lists behind it that were refused or failed ("endpointslices: forbidden — …; reading endpoints instead").
     */
    static String unknownText(Overview o) {
        List<String> unknownFigures = UnknownFigures.of(o.cluster(), o.services());
        List<String> parts = new ArrayList<>(unknownFigures);
        for (String u : o.cluster().unavailable()) {
            if (FEEDS_THIS_PAGE.stream().anyMatch(r -> u.startsWith(r + ":") || u.startsWith(r + " and "))) {
                parts.add(u);
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        String lead = unknownFigures.isEmpty() ? "Note: "
                : "Some figures could not be read; they show as unknown, never as 0 or down. ";
        return lead + String.join(". ", parts) + ".";
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
        subtitle.setText(o.services().size() + " Services · "
                + "request rate, errors and latency over 5 min from " + o.metricsStatus().endpoint());
        String gaps = unknownText(o);
        unknown.setText(gaps);
        unknown.setVisible(!gaps.isEmpty());
        unknown.setManaged(!gaps.isEmpty());
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

    /** Cells that show their whole {@code tip} on hover: a reason is never only its first words. */
    private static TableColumn<ServiceHealth, String> withTooltip(TableColumn<ServiceHealth, String> column,
                                                                  Function<ServiceHealth, String> tip) {
        column.setCellFactory(col -> new TableCell<>() {
            private final Tooltip tooltip = new Tooltip();

            {
                tooltip.setWrapText(true);
                tooltip.setMaxWidth(640);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                ServiceHealth row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String text = row == null ? "" : tip.apply(row);
                tooltip.setText(text);
                setTooltip(text.isEmpty() ? null : tooltip);
            }
        });
        return column;
    }

    private static Node countCard(String label, int n, String tone) {
        Label figure = new Label(String.valueOf(n));
        figure.getStyleClass().addAll("big-figure", n == 0 ? "muted" : tone);
        Label caption = new Label(label);
        caption.getStyleClass().add("card-caption");
        VBox card = new VBox(figure, caption);
        card.getStyleClass().add("card");
        card.setId("count-" + label.toLowerCase(Locale.ROOT));
        card.setPrefWidth(120);
        return card;
    }
}
