package io.opsdeck.views.shell;

import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.Fx;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Context, cluster and metrics connection state (with since-when and the last error), and the age
 * of the data. Refreshed on each overview and once a second for the ages.
 */
final class StatusBar extends HBox {
    private final Hyperlink context = new Hyperlink();
    private final Region clusterDot = dot();
    private final Label cluster = new Label();
    private final Region metricsDot = dot();
    private final Label metrics = new Label();
    private final Label refreshed = new Label();
    private final Label error = new Label();
    private final ShellModel model;

    StatusBar(ShellModel model, Runnable openSwitcher) {
        this.model = model;
        context.setOnAction(e -> openSwitcher.run());
        Fx.tooltipOnHover(context, "Switch context (Ctrl+K)");
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        context.setId("status-context");
        cluster.setId("status-cluster");
        metrics.setId("status-metrics");
        refreshed.setId("status-refreshed");
        error.setId("status-error");
        error.getStyleClass().add("status-error");
        error.setMinWidth(0);
        // a long error gives way (its tooltip has it whole); the context, the states and the data's age never do
        for (Region r : List.of(context, cluster, metrics, refreshed)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox.setHgrow(error, Priority.ALWAYS);
        error.setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(context, new HBox(6, clusterDot, cluster), new HBox(6, metricsDot, metrics), error,
                refreshed);
        for (var n : getChildren()) {
            if (n instanceof HBox box) {
                box.setAlignment(Pos.CENTER_LEFT);
            }
        }
        model.overviewProperty().addListener((obs, old, now) -> update());
        update();
    }

    private static Region dot() {
        Region r = new Region();
        r.getStyleClass().add("status-dot");
        return r;
    }

    void update() {
        Overview o = model.overview();
        Instant now = model.now();
        if (o == null) {
            String current = model.currentContextProperty().get();
            context.setText("Context: " + (current.isEmpty() ? "—" : current));
            cluster.setText("Cluster: connecting…");
            metrics.setText("Metrics: connecting…");
            refreshed.setText("Waiting for the first data");
            return;
        }
        context.setText("Context: " + o.cluster().context());
        show(clusterDot, cluster, "Cluster", o.clusterStatus(), now);
        show(metricsDot, metrics, "Metrics", o.metricsStatus(), now);
        String err = !o.clusterStatus().lastError().isEmpty() ? o.clusterStatus().lastError()
                : o.metricsStatus().lastError();
        error.setText(err);
        error.setTooltip(err.isEmpty() ? null : new Tooltip(err));
        refreshed.setText("Refreshed " + Format.clock(o.refreshedAt()) + " (" + Format.age(o.refreshedAt(), now)
                + " ago)");
    }

    private static void show(Region dot, Label label, String what, ConnectionStatus s, Instant now) {
        dot.getStyleClass().removeIf(c -> !c.equals("status-dot"));
        dot.getStyleClass().add(s.state().name().toLowerCase(Locale.ROOT));
        String text = what + ": " + ShellModel.describe(s.state()) + " for " + Format.age(s.since(), now);
        if (s.lastData() != null && !s.state().equals(ConnectionState.CONNECTED)) {
            text += ", data " + Format.age(s.lastData(), now) + " old";
        }
        if (s.tlsVerificationOff()) {
            text += " · TLS not verified";
        }
        label.setText(text);
        label.setTooltip(new Tooltip(what + " endpoint: " + (s.endpoint().isEmpty() ? "—" : s.endpoint())
                + (s.tlsVerificationOff() ? "\nThe kubeconfig turns TLS verification off (insecure-skip-tls-verify):"
                + " anyone between here and the server could pose as it" : "")
                + (s.lastError().isEmpty() ? "" : "\nLast error: " + s.lastError())));
    }
}
