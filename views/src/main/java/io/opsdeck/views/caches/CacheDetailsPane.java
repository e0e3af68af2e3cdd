package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.theme.Theme;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.views.action.ActionModel;

/**
 * Beside the Caches table: the selected node's figures (or a cache cluster's roll-up), a chart of
 * hit ratio and ops/s over the last hour, and the buttons that act on the node.
 */
final class CacheDetailsPane {
    private final VBox details = new VBox(8);
    private final Label detailsTitle = new Label();
    private final Label detailsCaption = new Label();
    private final GridPane figures = new GridPane();
    private final CacheHistoryChart chart = new CacheHistoryChart(false);
    private final Label chartCaption = new Label();
    private final Button showInTopology = new Button("Show in Topology", new FontIcon(Feather.GRID));
    private final Button flush = new Button("Flush…", new FontIcon(Feather.TRASH_2));

    /** @param showPage switches the console to another page by id */
    private ActionModel actions;
    /** What the Flush button flushes: {@code namespace/pod}, {@code namespace/cluster}, or an external cache's name. */
    private String flushTarget;

    /** Flush goes through the session's action pipeline (plan, check, confirm with the name typed, record). */
    void linkActions(ActionModel model) {
        this.actions = model;
        model.backendProperty().addListener((obs, o, n) -> offerFlush(flushTarget));
        offerFlush(flushTarget);
    }

    private void offerFlush(String target) {
        flushTarget = target;
        boolean on = actions != null && target != null && actions.backendProperty().get().available();
        flush.setDisable(!on);
        flush.setTooltip(new Tooltip(actions == null ? "Actions are not available here"
                : target == null ? "Select a cache node or cluster to flush it"
                : !actions.backendProperty().get().available() ? actions.unavailableReason()
                : "Flush " + target + " (F in Topology): plan, check, its name typed to confirm"));
    }

    CacheDetailsPane(Consumer<String> showPage) {
        details.setId("cache-details");
        details.getStyleClass().add("cache-details");
        details.setPadding(new Insets(4, 8, 4, 10));
        details.setMinWidth(340);
        details.setPrefWidth(420);
        detailsTitle.setId("cache-details-title");
        detailsTitle.getStyleClass().add("card-title");
        detailsTitle.setWrapText(true);
        detailsCaption.getStyleClass().add("card-caption");
        detailsCaption.setWrapText(true);
        figures.setId("cache-details-figures");
        figures.setHgap(14);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        figures.getColumnConstraints().add(names);
        figures.setVgap(3);
        chart.setId("cache-history-chart");
        chart.setPrefHeight(210);
        chartCaption.getStyleClass().add("card-caption");
        chartCaption.setWrapText(true);
        showInTopology.setId("cache-show-in-topology");
        showInTopology.setOnAction(e -> showPage.accept("topology"));
        flush.setId("cache-flush");
        flush.setDisable(true);
        flush.setTooltip(new Tooltip("Select a cache node or cluster to flush it"));
        flush.setOnAction(e -> {
            if (actions != null && flushTarget != null) {
                actions.start(new FlushRequest(flushTarget));
            }
        });
        HBox buttons = new HBox(8, showInTopology, flush);
        Label chartTitle = new Label("Hit ratio and ops/s, last hour");
        chartTitle.getStyleClass().add("section-title");
        details.getChildren().addAll(detailsTitle, detailsCaption, figures, chartTitle, chart, chartCaption, buttons);
    }

    VBox view() {
        return details;
    }

    CacheHistoryChart chart() {
        return chart;
    }

    /** One node: its figures and its last hour ({@code history}, oldest first) up to {@code at}. */
    void showNode(CacheRow row, List<CacheSample> history, Instant at, HitRatioThresholds t, Theme theme) {
        figures.getChildren().clear();
        CacheStats s = row.stats();
        detailsTitle.setText(row.pod().namespace() + "/" + row.pod().name());
        detailsCaption.setText(row.status().node().kind().id() + (row.role().isEmpty() ? "" : " " + row.role())
                + " in cache cluster " + row.status().node().cluster()
                + (row.status().node().nodeName().isEmpty() ? "" : " · on node " + row.status().node().nodeName())
                + " · figures from " + row.source());
        int r = 0;
        CacheNodeState state = row.state();
        r = figure(r, "Hit ratio", state == CacheNodeState.UNAVAILABLE ? "unavailable"
                : state == CacheNodeState.COLLECTING ? "collecting (first sample)" : Format.ratio(s.hitRatio()),
                row.hitRatio() == null ? null : t.level(row.hitRatio()).styleClass());
        r = figure(r, "Hits / misses", Format.rate(s.hitsPerSec()) + " / " + Format.rate(s.missesPerSec()) + " a second", null);
        r = figure(r, "Ops/s", Format.rate(s.opsPerSec()), null);
        r = figure(r, "Memory", s.memoryUsedBytes() < 0 ? Format.UNKNOWN : Format.bytes(s.memoryUsedBytes())
                + (s.memoryMaxBytes() > 0 ? " of " + Format.bytes(s.memoryMaxBytes()) + " ("
                + Format.percent(row.memoryFraction()) + ")" : ", no limit set"), null);
        r = figure(r, "Evictions/s", Format.rate(s.evictionsPerSec()), s.evictionsPerSec() >= 1 ? "health-degraded" : null);
        r = figure(r, "Expired keys/s", Format.rate(row.expiredPerSec()), null);
        r = figure(r, "Clients", s.connectedClients() < 0 ? Format.UNKNOWN : Format.count(s.connectedClients()), null);
        r = figure(r, "Keys", s.keys() < 0 ? Format.UNKNOWN : Format.count(s.keys()), null);
        r = figure(r, "Uptime", row.uptimeSeconds() < 0 ? Format.UNKNOWN
                : Format.age(Duration.ofSeconds(row.uptimeSeconds())), null);
        r = replication(r, row);
        r = connection(r, row.connection());
        CacheNodeDetails d = row.details();
        if (d != null && !d.window().isZero()) {
            r = figure(r, "Rate window", Format.age(d.window()), null);
        }
        if (!row.problem().isEmpty()) {
            figure(r, "Problem", row.problem(), state == CacheNodeState.UNAVAILABLE ? "health-down" : "health-degraded");
        }
        chart.show(history, at, t, theme);
        boolean inCluster = !CacheAddress.isExternal(row.pod());
        offerFlush(inCluster ? row.pod().namespace() + "/" + row.pod().name() : row.pod().name());
        showInTopology.setDisable(!inCluster);
        showInTopology.setTooltip(new Tooltip(inCluster ? "Select this pod in Topology (or double-click the row)"
                : "This cache is outside the cluster"));
        chartCaption.setText(historyCaption(history.size(), row.stats().source()));
    }

    private int replication(int r, CacheRow row) {
        CacheNodeDetails d = row.details();
        ReplicationState rep = d == null ? null : d.replication();
        if (rep != null && "replica".equals(row.role())) {
            return figure(r, "Replication", "link " + (rep.masterLinkStatus().isEmpty() ? Format.UNKNOWN
                    : rep.masterLinkStatus()) + (rep.lagBytes() >= 0 ? " · " + Format.bytes(rep.lagBytes()) + " behind" : "")
                    + (rep.lagSeconds() >= 0 ? " · ack " + rep.lagSeconds() + " s ago" : ""),
                    rep.linkDown() ? "health-down" : null);
        } else if (rep != null && !rep.replicas().isEmpty()) {
            return figure(r, "Replicas", String.valueOf(rep.replicas().size()), null);
        }
        return r;
    }

    /** How Opsdeck reaches the node or every node of a cluster; nothing when not known (the sandbox, mixed). */
    private int connection(int r, CacheTransport t) {
        return t.label().isEmpty() ? r : figure(r, "Connection", t.label(), CacheRow.connectionStyle(t));
    }

    /**
     * A cache cluster's roll-up and its last hour ({@code history}, oldest first) up to {@code at};
     * {@code connection} is its nodes' when they all share one.
     */
    void showCluster(CacheClusterSummary c, List<CacheSample> history, Instant at, HitRatioThresholds t, Theme theme,
                     CacheTransport connection) {
        figures.getChildren().clear();
        showInTopology.setDisable(true);
        offerFlush(c.namespace() + "/" + c.name());
        detailsTitle.setText(c.namespace() + "/" + c.name());
        detailsCaption.setText("cache cluster · " + c.kind().id() + " · " + c.nodes() + " nodes · select a node "
                + "in the table for its own figures");
        int r = 0;
        r = figure(r, "Hit ratio", c.nodesWithData() == 0 ? "no figures" : Format.ratio(c.hitRatio()),
                c.nodesWithData() == 0 ? null : t.level(c.hitRatio()).styleClass());
        r = figure(r, "Weighted", "by traffic: all hits over all reads, not an average of nodes", null);
        r = figure(r, "Ops/s", Format.rate(c.opsPerSec()), null);
        r = figure(r, "Memory", c.memoryUsedBytes() < 0 ? Format.UNKNOWN : Format.bytes(c.memoryUsedBytes()), null);
        r = figure(r, "Evictions/s", Format.rate(c.evictionsPerSec()), c.evictionsPerSec() >= 1 ? "health-degraded" : null);
        connection(r, connection);
        chart.show(history, at, t, theme);
        chartCaption.setText(historyCaption(history.size(), ""));
    }

    /** Nothing to show: no cache at all. */
    void showNothing(Instant at, HitRatioThresholds t, Theme theme) {
        figures.getChildren().clear();
        showInTopology.setDisable(true);
        offerFlush(null);
        detailsTitle.setText("No cache selected");
        detailsCaption.setText("Select a node in the table, or a cache cluster above.");
        chart.show(List.of(), at, t, theme);
        chartCaption.setText("");
    }

    private static String historyCaption(int points, String source) {
        if (points == 0) {
            return "No history yet.";
        }
        return points + " points · "
                + ("prometheus".equals(source) ? "kept since Opsdeck started (Prometheus rates at each poll)"
                : "sandbox".equals(source) ? "the sandbox's made-up last hour, then each poll"
                : "kept since Opsdeck started, one point per poll");
    }

    private int figure(int row, String name, String value, String styleClass) {
        Label n = new Label(name);
        n.getStyleClass().add("card-caption");
        Label v = new Label(value);
        v.setWrapText(true);
        v.setId("cache-figure-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-"));
        if (styleClass != null) {
            v.getStyleClass().add(styleClass);
        }
        figures.add(n, 0, row);
        figures.add(v, 1, row);
        return row + 1;
    }
}
