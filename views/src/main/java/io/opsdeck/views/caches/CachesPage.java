package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.StaleBanner;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.Tables;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.Locale;

/** Every Redis and Memcached node with its hit ratio, and a card per cache cluster. */
public final class CachesPage extends BasePage {
    private final StaleBanner stale = new StaleBanner("caches-stale", StaleBanner.Uses.METRICS);
    /** Below this a hit ratio is a warning. */
    public static final double WARN_BELOW = 0.90;
    /** Below this a hit ratio is critical. */
    public static final double CRITICAL_BELOW = 0.75;

    private final FlowPane clusters = new FlowPane(12, 12);
    private final ObservableList<CacheNodeStatus> rows = FXCollections.observableArrayList();
    private final TableView<CacheNodeStatus> table = new TableView<>();
    private final TableColumn<CacheNodeStatus, String> problem = Tables.text("Problem", r -> r.stats().error(), 220);

    private final Supplier<Instant> now;

    public CachesPage(Supplier<Instant> now) {
        super("caches", "Caches", Feather.DATABASE);
        this.now = now;
        clusters.setId("cache-clusters");
        table.setId("cache-table");
        SortedList<CacheNodeStatus> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No Redis or Memcached pods found in this cluster."));
        TableColumn<CacheNodeStatus, Number> hit = Tables.number("Hit ratio", r -> r.stats().hasError() ? null : r.stats().hitRatio(),
                n -> Format.ratio(n.doubleValue()), n -> ratioClass(n.doubleValue()), 100);
        problem.setVisible(false);
        table.getColumns().addAll(List.of(
                Tables.text("Pod", r -> r.node().pod().name(), 210),
                Tables.text("Cluster", r -> r.node().pod().namespace() + "/" + r.node().cluster(), 140),
                Tables.text("Kind", r -> r.node().kind().id(), 85),
                Tables.text("Role", r -> r.node().role().isEmpty() ? Format.UNKNOWN : r.node().role(), 70),
                hit,
                Tables.number("Ops/s", r -> r.stats().opsPerSec(), n -> Format.rate(n.doubleValue()), null, 75),
                Tables.number("Memory", r -> r.stats().memoryUsedBytes(), n -> memory(n.longValue()), null, 80),
                Tables.number("Evictions/s", r -> r.stats().evictionsPerSec(), n -> Format.rate(n.doubleValue()),
                        n -> n.doubleValue() > 50 ? "health-degraded" : null, 95),
                Tables.number("Clients", r -> r.stats().connectedClients(), n -> Format.count(n.longValue()), null, 65),
                Tables.number("Keys", r -> r.stats().keys(), n -> Format.count(n.longValue()), null, 90),
                Tables.text("Node", r -> r.node().nodeName(), 100),
                Tables.text("Source", r -> r.stats().source().isEmpty() ? Format.UNKNOWN : r.stats().source(), 75),
                problem));
        hit.setSortType(TableColumn.SortType.ASCENDING);
        table.getSortOrder().add(hit);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().add(stale);
        root.getChildren().addAll(clusters, table);
    }

    static String ratioClass(double ratio) {
        if (Double.isNaN(ratio)) {
            return "health-unknown";
        }
        return ratio < CRITICAL_BELOW ? "health-down" : ratio < WARN_BELOW ? "health-degraded" : "health-healthy";
    }

    private static String memory(long used) {
        return Format.bytes(used);
    }





    @Override
    public void show(Overview o) {
        stale.show(o, now.get());
        ((Label) table.getPlaceholder()).setText(StaleBanner.emptyText(o, "No Redis or Memcached pods found in this cluster."));
        long redis = o.caches().stream().filter(c -> c.node().kind().id().equals("redis")).count();
        subtitle.setText(String.format(Locale.ROOT, "%d cache nodes in %d clusters (%d Redis, %d Memcached) · "
                        + "hit ratio over 5 min · warn below %.0f%%, critical below %.0f%% · metrics from %s",
                o.caches().size(), o.cacheClusters().size(), redis, o.caches().size() - redis, WARN_BELOW * 100,
                CRITICAL_BELOW * 100, o.metricsStatus().endpoint()));
        List<Node> cards = new ArrayList<>();
        for (CacheClusterSummary c : o.cacheClusters()) {
            cards.add(clusterCard(c));
        }
        clusters.getChildren().setAll(cards);
        // the Problem column only takes room when some node has one
        problem.setVisible(o.caches().stream().anyMatch(c -> c.stats().hasError()));
        rows.setAll(o.caches());
        table.sort();
    }

    private static Node clusterCard(CacheClusterSummary c) {
        VBox card = new VBox();
        card.getStyleClass().add("card");
        card.setId("cache-cluster-" + c.name());
        card.setPrefWidth(300);
        Label name = new Label(c.namespace() + "/" + c.name());
        name.getStyleClass().add("card-title");
        Label kind = new Label(c.kind().id() + " · " + c.nodes() + " nodes"
                + (c.nodesWithData() < c.nodes() ? " (" + (c.nodes() - c.nodesWithData()) + " without figures)" : ""));
        kind.getStyleClass().add("card-caption");
        Label ratio = new Label(c.nodesWithData() == 0 ? Format.UNKNOWN : Format.ratio(c.hitRatio()));
        ratio.getStyleClass().add("big-figure");
        String cls = c.nodesWithData() == 0 ? "health-unknown" : ratioClass(c.hitRatio());
        ratio.getStyleClass().add(switch (cls) {
            case "health-down" -> "danger";
            case "health-degraded" -> "warning";
            case "health-healthy" -> "ok";
            default -> "muted";
        });
        if (!"health-healthy".equals(cls)) {
            card.getStyleClass().add("health-down".equals(cls) ? "danger" : "warning");
        }
        Label caption = new Label("hit ratio, weighted by traffic");
        caption.getStyleClass().add("card-caption");
        Label figures = new Label(Format.rate(c.opsPerSec()) + " ops · " + Format.bytes(c.memoryUsedBytes())
                + " used · " + Format.rate(c.evictionsPerSec()) + " evictions");
        figures.getStyleClass().add("card-caption");
        card.getChildren().addAll(name, kind, ratio, caption, figures);
        return card;
    }
}
