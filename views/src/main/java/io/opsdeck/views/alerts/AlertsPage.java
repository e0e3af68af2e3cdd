package io.opsdeck.views.alerts;

import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.StaleBanner;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.Tables;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** Firing alerts from Prometheus and Warning events from Kubernetes, newest first. */
public final class AlertsPage extends BasePage {
    private final StaleBanner stale = new StaleBanner("alerts-stale", StaleBanner.Uses.BOTH);
    private final Label alertsTitle = new Label();
    private final Label eventsTitle = new Label();
    private final ObservableList<Alert> alerts = FXCollections.observableArrayList();
    private final ObservableList<ClusterEvent> events = FXCollections.observableArrayList();
    private final Supplier<Instant> now;

    public AlertsPage(Supplier<Instant> now) {
        super("alerts", "Alerts & Events", Feather.BELL);
        this.now = now;
        subtitle.setText("Alerts from the metrics source; Warning events from Kubernetes, newest first.");
        alertsTitle.getStyleClass().add("zone-header");
        eventsTitle.getStyleClass().add("zone-header");

        TableView<Alert> alertTable = new TableView<>(alerts);
        alertTable.setId("alert-table");
        alertTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        alertTable.setPlaceholder(new Label("No alerts are firing."));
        alertTable.getColumns().addAll(List.of(
                Tables.text("Severity", Alert::severity, 80),
                Tables.text("Alert", Alert::name, 200),
                Tables.text("State", Alert::state, 70),
                Tables.text("Active for", a -> Format.age(a.activeAt(), now.get()), 90),
                Tables.text("Summary", Alert::summary, 500)));

        TableView<ClusterEvent> eventTable = new TableView<>(events);
        eventTable.setId("event-table");
        eventTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        eventTable.setPlaceholder(new Label("No Warning events."));
        eventTable.getColumns().addAll(List.of(
                Tables.text("Last seen", e -> Format.age(e.lastSeen(), now.get()) + " ago", 90),
                Tables.text("Reason", ClusterEvent::reason, 150),
                Tables.text("Object", e -> e.objectKind() + "/" + e.objectName(), 260),
                Tables.text("Namespace", ClusterEvent::namespace, 110),
                Tables.number("Count", ClusterEvent::count, n -> Format.count(n.longValue()), null, 60),
                Tables.text("Message", ClusterEvent::message, 420)));
        VBox.setVgrow(alertTable, Priority.ALWAYS);
        VBox.setVgrow(eventTable, Priority.ALWAYS);
        root.getChildren().add(stale);
        root.getChildren().addAll(alertsTitle, alertTable, eventsTitle, eventTable);
    }





    @Override
    public void show(Overview o) {
        stale.show(o, now.get());
        List<Alert> firing = o.metrics().alerts().stream()
                .sorted(Comparator.comparing((Alert a) -> !"critical".equals(a.severity()))
                        .thenComparing(Alert::activeAt, Comparator.reverseOrder()))
                .toList();
        List<ClusterEvent> warnings = o.cluster().events().stream().filter(ClusterEvent::warning)
                .sorted(Comparator.comparing(ClusterEvent::lastSeen, Comparator.reverseOrder())).toList();
        alertsTitle.setText("Alerts (" + firing.size() + ")" + (o.metricsStatus().usable() ? ""
                : " — metrics unavailable: " + o.metricsStatus().lastError()));
        eventsTitle.setText("Warning events (" + warnings.size() + ")");
        alerts.setAll(firing);
        events.setAll(warnings);
    }
}
