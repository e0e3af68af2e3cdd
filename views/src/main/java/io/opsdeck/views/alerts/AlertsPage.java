package io.opsdeck.views.alerts;

import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.KeptSelection;
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
    private final TableView<Alert> alertTable;
    private final TableView<ClusterEvent> eventTable;
    private Overview last;

    public AlertsPage(Supplier<Instant> now) {
        super("alerts", "Alerts & Events", Feather.BELL);
        this.now = now;
        subtitle.setText("Alerts from the metrics source; Warning events from Kubernetes, newest first.");
        alertsTitle.getStyleClass().add("zone-header");
        eventsTitle.getStyleClass().add("zone-header");

        alertTable = new TableView<>(alerts);
        alertTable.setId("alert-table");
        alertTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        alertTable.setPlaceholder(new Label("No alerts are firing."));
        alertTable.getColumns().addAll(List.of(
                Tables.text("Severity", Alert::severity, 80),
                Tables.text("Alert", Alert::name, 200),
                Tables.text("State", Alert::state, 70),
                Tables.text("Active for", a -> Format.age(a.activeAt(), now.get()), 90),
                Tables.text("Summary", Alert::summary, 500)));

        eventTable = new TableView<>(events);
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





    /**
     * An alert or event that names a pod, node or workload selects it in Topology (double-click, T)
     * and offers its actions (context menu, S, C, U).
     *
     * @param revealPod  selects a pod in Topology and shows it
     * @param revealNode selects a node in Topology and shows it
     */
    public void linkActions(io.opsdeck.views.action.ActionModel model, java.util.function.Consumer<PodKey> revealPod,
                            java.util.function.Consumer<String> revealNode) {
        AlertTargets targets = new AlertTargets(model, new AlertTargets.Reveal() {
            @Override
            public void pod(PodKey pod) {
                revealPod.accept(pod);
            }

            @Override
            public void node(String name) {
                revealNode.accept(name);
            }
        }, () -> last);
        targets.attach(alertTable, AlertTargets::of);
        targets.attach(eventTable, AlertTargets::of);
        subtitle.setText(subtitle.getText() + " Double-click (or T) shows what a row names in Topology;"
                + " right-click for its actions.");
    }

    @Override
    public void show(Overview o) {
        last = o;
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
        KeptSelection.around(alertTable, a -> java.util.List.of(a.name(), a.labels()), () -> alerts.setAll(firing));
        KeptSelection.around(eventTable, e -> java.util.List.of(e.namespace(), e.objectKind(), e.objectName(), e.reason()),
                () -> events.setAll(warnings));
    }
}
