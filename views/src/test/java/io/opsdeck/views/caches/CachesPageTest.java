package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Caches view on the real sandbox's figures: tiles, sorting, no traffic, thresholds, selection. */
@ExtendWith(ApplicationExtension.class)
class CachesPageTest {
    private final SimpleObjectProperty<PodKey> focus = new SimpleObjectProperty<>();
    private final SimpleObjectProperty<HitRatioThresholds> thresholds =
            new SimpleObjectProperty<>(HitRatioThresholds.DEFAULTS);
    private final List<String> pagesShown = new ArrayList<>();
    private CachesPage page;
    private Overview sandbox;

    @Start
    void start(Stage stage) {
        page = new CachesPage(SandboxOverviews.CLOCK::instant, focus, thresholds,
                new SimpleObjectProperty<>(Theme.LIGHT), pagesShown::add);
        Scene scene = new Scene((javafx.scene.Parent) page.view(), 1500, 950);
        scene.getStylesheets().add(Theme.STYLESHEET);
        Theme.LIGHT.apply();
        stage.setScene(scene);
        stage.show();
        sandbox = SandboxOverviews.defaultSandbox();
        page.show(sandbox);
    }

    @SuppressWarnings("unchecked")
    private static TableView<CacheRow> table(FxRobot robot) {
        return robot.lookup("#cache-table").queryAs(TableView.class);
    }

    private CacheClusterSummary cluster(CacheKind kind) {
        return sandbox.cacheClusters().stream().filter(c -> c.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void eachCacheClusterHasTilesWithItsTrafficWeightedHitRatioWorstFirst(FxRobot robot) {
        CacheClusterSummary memcached = cluster(CacheKind.MEMCACHED);
        CacheClusterSummary redis = cluster(CacheKind.REDIS);
        CacheClusterPanel mc = page.panels().get("cache/" + memcached.name());
        CacheClusterPanel rd = page.panels().get("cache/" + redis.name());

        assertThat(mc.hitRatio.getValue()).isCloseTo(memcached.hitRatio() * 100, within(1e-9));
        assertThat(mc.ops.getValue()).isCloseTo(memcached.opsPerSec(), within(1e-9));
        assertThat(mc.evictions.getValue()).isCloseTo(memcached.evictionsPerSec(), within(1e-9));
        assertThat(memcached.hitRatio()).as("the sandbox's cold Memcached pulls its cluster below 90%").isLessThan(0.90);
        assertThat(mc.getStyleClass()).containsAnyOf("warning", "danger");
        assertThat(rd.getStyleClass()).doesNotContain("warning", "danger");
        assertThat(robot.lookup("#cache-clusters").queryAs(javafx.scene.layout.HBox.class).getChildren().get(0))
                .as("the worse cluster first").isSameAs(mc);
        assertThat(mc.sparkline.samples()).as("an hour of history").hasSizeGreaterThan(1000);
        assertThat(mc.hitRatio.getSections()).hasSize(3);
        assertThat(mc.hitRatio.getThreshold()).isEqualTo(90);
    }

    @Test
    void theMemoryTileSaysItsShareAndSizesOnceWithoutALabelOverItsBar(FxRobot robot) {
        CacheClusterPanel mc = page.panels().get("cache/" + cluster(CacheKind.MEMCACHED).name());
        robot.interact(() -> { });

        List<String> drawn = robot.from(mc.memory).lookup((Node n) -> n instanceof Text).queryAllAs(Text.class).stream()
                .filter(Text::isVisible).map(Text::getText).filter(t -> t != null && !t.isBlank()).toList();
        String value = String.format(Locale.ROOT, "%.0f", mc.memory.getValue());
        assertThat(mc.memory.getValue()).as("the sandbox's Memcached is well below its limit").isLessThan(95);
        assertThat(drawn).as("the share once, and no maximum badge (\"100\")").containsOnlyOnce(value)
                .doesNotContain("100");
        assertThat(drawn).anyMatch(t -> t.contains(" of ") && t.contains("GiB"));
    }

    @Test
    void theTableSortsByHitRatioWorstFirstAndByAnyOtherFigure(FxRobot robot) {
        TableView<CacheRow> t = table(robot);
        assertThat(t.getItems()).hasSize(7);
        List<Double> ratios = t.getItems().stream().map(r -> r.stats().hitRatio()).toList();
        assertThat(ratios).isSorted();
        assertThat(t.getItems().get(0).stats().hitRatio()).isLessThan(CachesPage.CRITICAL_BELOW);

        TableColumn<CacheRow, ?> ops = t.getColumns().stream().filter(c -> c.getText().equals("Ops/s")).findFirst()
                .orElseThrow();
        robot.interact(() -> {
            ops.setSortType(TableColumn.SortType.DESCENDING);
            t.getSortOrder().setAll(List.of(ops));
        });
        List<Double> byOps = t.getItems().stream().map(r -> r.stats().opsPerSec()).toList();
        assertThat(byOps).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void aNodeWithoutTrafficSaysNoTrafficNotZeroOrNaN(FxRobot robot) {
        Map<PodKey, CacheStats> idle = new HashMap<>(sandbox.metrics().caches());
        List<CacheNodeStatus> redisNodes = sandbox.caches().stream()
                .filter(c -> c.node().kind() == CacheKind.REDIS).toList();
        for (CacheNodeStatus c : redisNodes) {
            idle.put(c.node().pod(), new CacheStats(0, 0, 3, 1 << 20, -1, 0, 1, 0, "direct", ""));
        }
        Overview o = OverviewBuilder.build(sandbox.cluster(), new io.opsdeck.services.model.MetricsSnapshot(
                        sandbox.metrics().takenAt(), idle, sandbox.metrics().services(), sandbox.metrics().alerts()),
                List.of(), sandbox.cacheBook(), sandbox.clusterStatus(), sandbox.metricsStatus(), SandboxOverviews.NOW);
        robot.interact(() -> page.show(o));

        CacheClusterPanel rd = page.panels().get("cache/" + cluster(CacheKind.REDIS).name());
        assertThat(rd.hitRatio.getTitle()).isEqualTo("Hit ratio: no traffic");
        assertThat(rd.hitRatio.isValueVisible()).isFalse();
        assertThat(robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .map(c -> c.getText()).filter(s -> s != null && s.contains("no traffic")).count())
                .as("one cell per idle Redis node").isEqualTo(redisNodes.size());
        assertThat(robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .map(c -> c.getText())).noneMatch(s -> s != null && (s.contains("NaN") || s.equals("0.0%")));
        assertThat(rd.memory.getDescription()).contains("no limit set");
    }

    @Test
    void thresholdsFromSettingsChangeHowRatiosAreJudged(FxRobot robot) {
        CacheClusterPanel mc = page.panels().get("cache/" + cluster(CacheKind.MEMCACHED).name());
        assertThat(mc.getStyleClass()).containsAnyOf("warning", "danger");

        robot.interact(() -> thresholds.set(new HitRatioThresholds(0.60, 0.50)));

        assertThat(mc.getStyleClass()).doesNotContain("warning", "danger");
        assertThat(mc.hitRatio.getThreshold()).isEqualTo(60);
        assertThat(robot.lookup("#caches-subtitle").queryAs(Label.class).getText())
                .contains("warn below 60%").contains("critical below 50%");
    }

    @Test
    void selectingANodeSharesItAndShowsItsHourAndASelectionFromElsewhereIsFollowed(FxRobot robot) {
        TableView<CacheRow> t = table(robot);
        CacheRow worst = t.getItems().get(0);
        robot.interact(() -> t.getSelectionModel().select(0));

        assertThat(focus.get()).isEqualTo(worst.pod());
        assertThat(robot.lookup("#cache-details-title").queryAs(Label.class).getText())
                .isEqualTo(worst.pod().namespace() + "/" + worst.pod().name());
        assertThat(page.chart().samples()).hasSizeGreaterThan(1000);
        assertThat(page.chart().lowest()).as("the scale reaches below the cold node's fall").isLessThan(0.7);

        PodKey redis0 = new PodKey("cache", "redis-0");
        robot.interact(() -> focus.set(redis0));
        assertThat(t.getSelectionModel().getSelectedItem().pod()).isEqualTo(redis0);
        assertThat(robot.lookup("#cache-figure-uptime").queryAs(Label.class).getText()).contains("d");
        PodKey replica = new PodKey("cache", "redis-1");
        robot.interact(() -> focus.set(replica));
        assertThat(robot.lookup("#cache-figure-replication").queryAs(Label.class).getText())
                .as("a replica's link and lag").contains("link up").contains("behind");

        robot.interact(() -> robot.lookup("#cache-show-in-topology").queryButton().fire());
        assertThat(pagesShown).containsExactly("topology");
    }

    @Test
    void pointingAtTheChartReadsOutThePointUnderThePointer(FxRobot robot) {
        TableView<CacheRow> t = table(robot);
        robot.interact(() -> t.getSelectionModel().select(0));
        CacheHistoryChart chart = page.chart();
        assertThat(chart.hovered()).isNull();

        // the real pointer, over the middle of the plot: about half an hour ago
        robot.moveTo(chart);
        robot.interact(() -> { });
        CacheSample half = chart.hovered();
        assertThat(half).as("a point is read out under the pointer").isNotNull();
        long minutesAgo = java.time.Duration.between(half.at(), SandboxOverviews.CLOCK.instant()).toMinutes();
        assertThat(minutesAgo).isBetween(25L, 35L);
        assertThat(chart.readout()).contains(minutesAgo + " min ago").contains("ops " + io.opsdeck.views.common.Format.rate(half.opsPerSec()))
                .contains(Double.isNaN(half.hitRatio()) ? "no traffic" : "hit " + io.opsdeck.views.common.Format.ratio(half.hitRatio()));

        // at the right edge: the newest point
        robot.interact(() -> chart.hover(chart.getWidth() - 52));
        assertThat(chart.hovered()).isEqualTo(chart.samples().get(chart.samples().size() - 1));
        robot.interact(() -> chart.hover(Double.NaN));
        assertThat(chart.hovered()).isNull();
        assertThat(chart.readout()).isNull();
    }

    @Test
    void eachNodeAndClusterSaysHowOpsdecksConnectionToItIsProtected(FxRobot robot) {
        CacheClusterPanel rd = page.panels().get("cache/" + cluster(CacheKind.REDIS).name());
        CacheClusterPanel mc = page.panels().get("cache/" + cluster(CacheKind.MEMCACHED).name());

        assertThat(robot.from(rd).lookup(".card-caption").queryAll()).extracting(n -> ((Label) n).getText())
                .contains("· TLS");
        assertThat(robot.from(mc).lookup(".card-caption").queryAll()).extracting(n -> ((Label) n).getText())
                .doesNotContain("· TLS");
        assertThat(table(robot).getItems()).allSatisfy(r -> assertThat(r.connectionText())
                .isEqualTo(r.isRedis() ? "TLS" : "port-forward"));
        assertThat(table(robot).getColumns()).extracting(TableColumn::getText).contains("Connection");
    }
}
