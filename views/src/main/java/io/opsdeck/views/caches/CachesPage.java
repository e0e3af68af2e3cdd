package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStatsBook;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.StaleBanner;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

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
    private final CacheTable rows;
    private final TableView<CacheRow> table;
    private final CacheDetailsPane details;
    private final CacheApprovalPrompt approval = new CacheApprovalPrompt();

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
    /** The approvals the session's external caches wait for (Approve… beside such a node). FX thread. */
    public void linkApprovals(io.opsdeck.services.source.CacheApprovals approvals) {
        approval.link(approvals);
        showDetails();
    }

    /** The Flush button acts through the session's action pipeline. */
    public void linkActions(io.opsdeck.views.action.ActionModel model) {
        details.linkActions(model);
    }

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

        rows = new CacheTable(thresholds, showPage);
        table = rows.view();
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

        details = new CacheDetailsPane(showPage);
        SplitPane split = new SplitPane(table, details.view());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(details.view(), false);
        details.view().getChildren().add(2, approval.box());
        javafx.scene.Node body = approval.over(split);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(stale, sourceNote, clusterScroll, body);

        thresholds.addListener((obs, o, n) -> redraw());
        theme.addListener((obs, o, n) -> redraw());
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
        rows.setPlaceholder(StaleBanner.emptyText(o,
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
        updatingSelection = true;
        try {
            rows.setRows(next);
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
            panel.showConnection(connection(o, c));
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
        if (row != null) {
            details.showNode(row, book.history(row.pod()), at, t, theme.getValue());
            details.chart().marks(flushes.getOrDefault(row.pod().toString(), List.of()));
            approval.show(row.pod());
            return;
        }
        approval.show(null);
        CacheClusterSummary c = clusterToShow(o);
        if (c == null) {
            details.showNothing(at, t, theme.getValue());
            details.chart().marks(List.of());
        } else {
            details.showCluster(c, book.clusterHistory(c.namespace(), c.name()), at, t, theme.getValue(),
                    connection(o, c));
            details.chart().marks(flushes.getOrDefault(c.namespace() + "/" + c.name(), List.of()));
        }
    }

    /** The connection every node of {@code c} shares; UNKNOWN when they differ or none is known. */
    private static CacheTransport connection(Overview o, CacheClusterSummary c) {
        CacheTransport shared = null;
        for (CacheNodeStatus s : o.caches()) {
            if (s.node().pod().namespace().equals(c.namespace()) && s.node().cluster().equals(c.name())) {
                CacheTransport t = o.cacheBook().details(s.node().pod()).map(CacheNodeDetails::transport)
                        .orElse(CacheTransport.UNKNOWN);
                if (shared != null && shared != t) {
                    return CacheTransport.UNKNOWN;
                }
                shared = t;
            }
        }
        return shared == null ? CacheTransport.UNKNOWN : shared;
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

    private void showNote(String text) {
        sourceNote.setText(text);
        sourceNote.setVisible(!text.isEmpty());
        sourceNote.setManaged(!text.isEmpty());
    }

    /** The cluster panels, for tests: keyed by namespace/name. */
    Map<String, CacheClusterPanel> panels() {
        return panels;
    }

    /** The history chart of the details pane, for tests. */
    CacheHistoryChart chart() {
        return details.chart();
    }
}
