package io.opsdeck.views.caches;

import io.opsdeck.services.cache.CacheAddress;
import io.opsdeck.services.cache.CacheNodeDetails;
import io.opsdeck.services.cache.CacheNodeState;
import io.opsdeck.services.cache.CacheStatsBook;
import io.opsdeck.services.cache.ReplicationState;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.StaleBanner;
import io.opsdeck.views.common.Tables;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every Redis and Memcached node with its hit ratio now and over the last hour. On top, a panel per
 * cache cluster (TilesFX tiles: hit ratio gauge with the thresholds, ops/s, memory, evictions/s, and
 * a sparkline), worst first; below, a table of the nodes sortable by any figure, and beside it the
 * selected node (or cluster): its details and a chart of hit ratio and ops/s over the last hour.
 * Selecting a node selects its pod everywhere (Topology follows), and the other way round.
 */
public final class CachesPage extends BasePage {
    /** Default: below this a hit ratio is a warning. */
    public static final double WARN_BELOW = HitRatioThresholds.DEFAULTS.warnBelow();
    /** Default: below this a hit ratio is critical. */
    public static final double CRITICAL_BELOW = HitRatioThresholds.DEFAULTS.criticalBelow();

    private final StaleBanner stale = new StaleBanner("caches-stale", StaleBanner.Uses.METRICS);
    private final Label sourceNote = new Label();
    private final HBox clusters = new HBox(14);
    private final ScrollPane clusterScroll = new ScrollPane(clusters);
    private final Map<String, CacheClusterPanel> panels = new HashMap<>();
    private final ObservableList<CacheRow> rows = FXCollections.observableArrayList();
    private final TableView<CacheRow> table = new TableView<>();
    private final TableColumn<CacheRow, String> problem = Tables.text("Problem", CacheRow::problem, 240);
    private final VBox details = new VBox(8);
    private final Label detailsTitle = new Label();
    private final Label detailsCaption = new Label();
    private final GridPane figures = new GridPane();
    private final CacheHistoryChart chart = new CacheHistoryChart(false);
    private final Label chartCaption = new Label();
    private final Button showInTopology = new Button("Show in Topology", new FontIcon(Feather.GRID));
    private final Button flush = new Button("Flush…", new FontIcon(Feather.TRASH_2));

    private final Supplier<Instant> now;
    private final ObjectProperty<PodKey> focus;
    private final ObservableValue<HitRatioThresholds> thresholds;
    private final ObservableValue<Theme> theme;
    /** The cache cluster shown in the details pane when no node is selected: namespace/name. */
    private String focusCluster;
    private Overview shown;
    /** When caches were flushed, by namespace/pod and namespace/cluster: marked on the hour chart. */
    private Map<String, List<Instant>> flushes = Map.of();
    private boolean updatingSelection;

    /** A page on its own (tests, snapshots): default thresholds, light theme, no other view to link to. */
    public CachesPage(Supplier<Instant> now) {
        this(now, new SimpleObjectProperty<>(), new SimpleObjectProperty<>(HitRatioThresholds.DEFAULTS),
                new SimpleObjectProperty<>(Theme.LIGHT), page -> { });
    }

    /**
     * @param focus      the pod selected across the views (Topology selects the same)
     * @param thresholds when a hit ratio is a warning or critical
     * @param showPage   switches the console to another page by id
     */
    public CachesPage(Supplier<Instant> now, ObjectProperty<PodKey> focus,
                      ObservableValue<HitRatioThresholds> thresholds, ObservableValue<Theme> theme,
                      Consumer<String> showPage) {
        super("caches", "Caches", Feather.DATABASE);
        this.now = now;
        this.focus = focus;
        this.thresholds = thresholds;
        this.theme = theme;

        sourceNote.setId("caches-source-note");
        sourceNote.getStyleClass().addAll("banner", "info");
        sourceNote.setWrapText(true);
        sourceNote.setMaxWidth(Double.MAX_VALUE);
        showNote("");

        clusters.setId("cache-clusters");
        clusters.setPadding(new Insets(2));
        clusterScroll.setId("cache-clusters-scroll");
        clusterScroll.setFitToHeight(true);
        clusterScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        clusterScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        clusterScroll.getStyleClass().add("edge-to-edge");
        clusterScroll.setMinHeight(CacheClusterPanel.TILE + 95);

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
        table.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> {
            if (updatingSelection) {
                return;
            }
            if (n != null) {
                focusCluster = null;
                if (!n.pod().equals(focus.get())) {
                    focus.set(n.pod());
                }
            }
            showDetails();
        });
        focus.addListener((obs, o, n) -> selectRow(n));

        buildDetails(showPage);
        SplitPane split = new SplitPane(table, details);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(details, false);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(stale, sourceNote, clusterScroll, split);

        thresholds.addListener((obs, o, n) -> redraw());
        theme.addListener((obs, o, n) -> redraw());
    }

    private void buildDetails(Consumer<String> showPage) {
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
        javafx.scene.layout.ColumnConstraints names = new javafx.scene.layout.ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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
        flush.setTooltip(new Tooltip("Flushing a cache node arrives with the actions issue"));
        HBox buttons = new HBox(8, showInTopology, flush);
        Label chartTitle = new Label("Hit ratio and ops/s, last hour");
        chartTitle.getStyleClass().add("section-title");
        details.getChildren().addAll(detailsTitle, detailsCaption, figures, chartTitle, chart, chartCaption, buttons);
    }

    @Override
    public void show(Overview o) {
        shown = o;
        Instant at = now.get();
        HitRatioThresholds t = thresholds.getValue();
        CacheStatsBook book = o.cacheBook();
        boolean cachesFresh = !book.takenAt().equals(Instant.EPOCH)
                && Duration.between(book.takenAt(), at).compareTo(Duration.ofSeconds(60)) < 0;
        if (cachesFresh && o.metricsStatus().state() != ConnectionState.CONNECTED
                && o.metricsStatus().state() != ConnectionState.CONNECTING) {
            // Prometheus is missing, but the caches were read directly: the figures are current
            stale.hide();
            showNote(o.metricsStatus().lastError().isEmpty() ? "Prometheus is not available; cache figures are "
                    + "read directly from each cache (see Source)." : o.metricsStatus().lastError()
                    + (o.metricsStatus().lastError().contains("directly") ? "" : "; cache figures are read directly "
                    + "from each cache (see Source)") + ".");
        } else {
            stale.show(o, at);
            showNote("");
        }
        ((Label) table.getPlaceholder()).setText(StaleBanner.emptyText(o,
                "No Redis or Memcached pods found in this cluster. Caches outside it can be added in Settings."));
        long redis = o.caches().stream().filter(c -> c.node().kind().id().equals("redis")).count();
        subtitle.setText(String.format(Locale.ROOT, "%d cache nodes in %d clusters (%d Redis, %d Memcached) · "
                        + "hit ratio over the last 5 min, never lifetime counters · warn below %.0f%%, critical below "
                        + "%.0f%% · figures from %s", o.caches().size(), o.cacheClusters().size(), redis,
                o.caches().size() - redis, t.warnBelow() * 100, t.criticalBelow() * 100,
                o.metricsStatus().endpoint().isEmpty() ? "—" : o.metricsStatus().endpoint()));

        List<CacheRow> next = new ArrayList<>(o.caches().size());
        for (CacheNodeStatus c : o.caches()) {
            next.add(new CacheRow(c, book.details(c.node().pod()).orElse(null)));
        }
        problem.setVisible(next.stream().anyMatch(r -> !r.problem().isEmpty()));
        updatingSelection = true;
        try {
            rows.setAll(next);
            table.sort();
        } finally {
            updatingSelection = false;
        }
        selectRow(focus.get());
        showClusters(o, at);
        showDetails();
    }

    /**
     * The flushes to mark on the hour chart, keyed {@code namespace/pod} and {@code namespace/cluster}
     * (as {@code FlushMarks} reads them from the audit trail). FX thread.
     */
    public void showFlushes(Map<String, List<Instant>> byTarget) {
        flushes = Map.copyOf(byTarget);
        showDetails();
    }

    /** Redraws what depends on the thresholds or the theme. */
    private void redraw() {
        if (shown != null) {
            show(shown);
            table.refresh();
        }
    }

    private void showClusters(Overview o, Instant at) {
        HitRatioThresholds t = thresholds.getValue();
        Map<String, Long> memoryMax = new HashMap<>();
        for (CacheNodeStatus c : o.caches()) {
            String key = c.node().pod().namespace() + "/" + c.node().cluster();
            long max = c.stats().memoryMaxBytes();
            memoryMax.merge(key, max > 0 ? max : Long.MIN_VALUE, (a, b) -> a < 0 || b < 0 ? Long.MIN_VALUE : a + b);
        }
        List<CacheClusterSummary> ordered = new ArrayList<>(o.cacheClusters());
        ordered.sort(Comparator.comparingInt((CacheClusterSummary c) -> severity(c, t))
                .thenComparing(CacheClusterSummary::namespace).thenComparing(CacheClusterSummary::name));
        Map<String, CacheClusterPanel> keep = new LinkedHashMap<>();
        for (CacheClusterSummary c : ordered) {
            String key = c.namespace() + "/" + c.name();
            CacheClusterPanel panel = panels.computeIfAbsent(key, k -> new CacheClusterPanel(
                    "cache-cluster-" + c.namespace() + "-" + c.name(), () -> focusCluster(k)));
            long max = memoryMax.getOrDefault(key, -1L);
            panel.show(c, max < 0 ? -1 : max, o.cacheBook().clusterHistory(c.namespace(), c.name()), at, t,
                    theme.getValue(), key.equals(selectedClusterKey()));
            keep.put(key, panel);
        }
        panels.keySet().retainAll(keep.keySet());
        if (!clusters.getChildren().equals(new ArrayList<>(keep.values()))) {
            clusters.getChildren().setAll(keep.values());
        }
        clusterScroll.setVisible(!keep.isEmpty());
        clusterScroll.setManaged(!keep.isEmpty());
    }

    /** Critical first, then warning, then without figures, then fine. */
    private static int severity(CacheClusterSummary c, HitRatioThresholds t) {
        if (c.nodesWithData() == 0) {
            return 2;
        }
        return switch (t.level(c.hitRatio())) {
            case CRITICAL -> 0;
            case WARNING -> 1;
            case NONE -> 3;
            case OK -> 4;
        };
    }

    private void focusCluster(String key) {
        focusCluster = key;
        updatingSelection = true;
        try {
            table.getSelectionModel().clearSelection();
        } finally {
            updatingSelection = false;
        }
        focus.set(null);
        if (shown != null) {
            showClusters(shown, now.get());
        }
        showDetails();
    }

    private String selectedClusterKey() {
        CacheRow r = table.getSelectionModel().getSelectedItem();
        if (r != null) {
            return r.pod().namespace() + "/" + r.status().node().cluster();
        }
        return focusCluster;
    }

    private void selectRow(PodKey pod) {
        if (pod == null) {
            if (table.getSelectionModel().getSelectedItem() != null) {
                updatingSelection = true;
                try {
                    table.getSelectionModel().clearSelection();
                } finally {
                    updatingSelection = false;
                }
                showDetails();
            }
            return;
        }
        CacheRow current = table.getSelectionModel().getSelectedItem();
        if (current != null && current.pod().equals(pod)) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).pod().equals(pod)) {
                updatingSelection = true;
                try {
                    table.getSelectionModel().clearAndSelect(i);
                    table.scrollTo(Math.max(0, i - 3));
                } finally {
                    updatingSelection = false;
                }
                focusCluster = null;
                showDetails();
                return;
            }
        }
    }

    /** The details pane: the selected node, else the focused cluster, else the worst cluster. */
    private void showDetails() {
        Overview o = shown;
        if (o == null) {
            return;
        }
        HitRatioThresholds t = thresholds.getValue();
        CacheStatsBook book = o.cacheBook();
        Instant at = book.takenAt().equals(Instant.EPOCH) ? now.get() : book.takenAt();
        CacheRow row = table.getSelectionModel().getSelectedItem();
        figures.getChildren().clear();
        if (row != null) {
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
            CacheNodeDetails d = row.details();
            ReplicationState rep = d == null ? null : d.replication();
            if (rep != null && "replica".equals(row.role())) {
                r = figure(r, "Replication", "link " + (rep.masterLinkStatus().isEmpty() ? Format.UNKNOWN
                        : rep.masterLinkStatus()) + (rep.lagBytes() >= 0 ? " · " + Format.bytes(rep.lagBytes()) + " behind" : "")
                        + (rep.lagSeconds() >= 0 ? " · ack " + rep.lagSeconds() + " s ago" : ""),
                        rep.linkDown() ? "health-down" : null);
            } else if (rep != null && !rep.replicas().isEmpty()) {
                r = figure(r, "Replicas", String.valueOf(rep.replicas().size()), null);
            }
            if (d != null && !d.window().isZero()) {
                r = figure(r, "Rate window", Format.age(d.window()), null);
            }
            if (!row.problem().isEmpty()) {
                figure(r, "Problem", row.problem(), state == CacheNodeState.UNAVAILABLE ? "health-down" : "health-degraded");
            }
            chart.show(book.history(row.pod()), at, t, theme.getValue());
            chart.marks(flushes.getOrDefault(row.pod().toString(), List.of()));
            boolean inCluster = !CacheAddress.isExternal(row.pod());
            showInTopology.setDisable(!inCluster);
            showInTopology.setTooltip(new Tooltip(inCluster ? "Select this pod in Topology (or double-click the row)"
                    : "This cache is outside the cluster"));
            chartCaption.setText(historyCaption(book.history(row.pod()).size(), row.stats().source()));
            return;
        }
        CacheClusterSummary c = clusterToShow(o);
        showInTopology.setDisable(true);
        if (c == null) {
            detailsTitle.setText("No cache selected");
            detailsCaption.setText("Select a node in the table, or a cache cluster above.");
            chart.show(List.of(), at, t, theme.getValue());
            chart.marks(List.of());
            chartCaption.setText("");
            return;
        }
        detailsTitle.setText(c.namespace() + "/" + c.name());
        detailsCaption.setText("cache cluster · " + c.kind().id() + " · " + c.nodes() + " nodes · select a node "
                + "in the table for its own figures");
        int r = 0;
        r = figure(r, "Hit ratio", c.nodesWithData() == 0 ? "no figures" : Format.ratio(c.hitRatio()),
                c.nodesWithData() == 0 ? null : t.level(c.hitRatio()).styleClass());
        r = figure(r, "Weighted", "by traffic: all hits over all reads, not an average of nodes", null);
        r = figure(r, "Ops/s", Format.rate(c.opsPerSec()), null);
        r = figure(r, "Memory", c.memoryUsedBytes() < 0 ? Format.UNKNOWN : Format.bytes(c.memoryUsedBytes()), null);
        figure(r, "Evictions/s", Format.rate(c.evictionsPerSec()), c.evictionsPerSec() >= 1 ? "health-degraded" : null);
        List<io.opsdeck.services.cache.CacheSample> h = book.clusterHistory(c.namespace(), c.name());
        chart.show(h, at, t, theme.getValue());
        chart.marks(flushes.getOrDefault(c.namespace() + "/" + c.name(), List.of()));
        chartCaption.setText(historyCaption(h.size(), ""));
    }

    private CacheClusterSummary clusterToShow(Overview o) {
        HitRatioThresholds t = thresholds.getValue();
        CacheClusterSummary worst = null;
        for (CacheClusterSummary c : o.cacheClusters()) {
            if ((c.namespace() + "/" + c.name()).equals(focusCluster)) {
                return c;
            }
            if (worst == null || severity(c, t) < severity(worst, t)) {
                worst = c;
            }
        }
        return worst;
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

    private void showNote(String text) {
        sourceNote.setText(text);
        sourceNote.setVisible(!text.isEmpty());
        sourceNote.setManaged(!text.isEmpty());
    }

    private static Long nonNegative(long v) {
        return v < 0 ? null : v;
    }

    /** The cluster panels, for tests: keyed by namespace/name. */
    Map<String, CacheClusterPanel> panels() {
        return panels;
    }

    /** The history chart of the details pane, for tests. */
    CacheHistoryChart chart() {
        return chart;
    }
}
