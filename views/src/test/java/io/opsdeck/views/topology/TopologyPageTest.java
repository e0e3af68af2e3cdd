package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Topology page against the real sandbox and hand-made clusters, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class TopologyPageTest {
    private final SimpleObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private TopologyPage page;
    private TopologyView view;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        page = new TopologyPage(theme);
        view = page.canvas();
        StackPane root = new StackPane(page.view());
        root.getStylesheets().add(Theme.STYLESHEET);
        stage.setScene(new Scene(root, 1400, 900));
        stage.show();
    }

    @AfterEach
    void close() {
        page.close();
    }

    // ---- grouping

    @Test
    void groupsNodesByZoneWithUnlabelledNodesInAnUnzonedGroup(FxRobot robot) {
        List<NodeInfo> nodes = List.of(node("a1", "r1", "z-a"), node("a2", "r1", "z-a"), node("b1", "r1", "z-b"),
                node("u1", null, null));
        TopologyFrame f = show(robot, overview(cluster(nodes, TopologyFixtures.podsOn(nodes, 5))));
        Pane zones = robot.lookup("#topology-zones").queryAs(Pane.class);
        assertThat(zones.getChildren().stream().map(Node::getId)).containsExactly("zone-z-a", "zone-z-b", "zone-unzoned");
        assertThat(f.index.zoneNames[f.index.nodeZone[f.index.nodeByName.get("a2")]]).isEqualTo("z-a");
        for (NodeInfo n : nodes) {
            int i = f.index.nodeByName.get(n.name());
            Point2D centre = fx(() -> view.toScreen(f.layout.tileX[i] + 20, f.layout.tileY[i] + 20));
            assertThat(fx(() -> view.hit(centre.getX(), centre.getY())[0])).isEqualTo(i);
        }
        // the unzoned group is laid out after the zoned ones
        int u = f.index.nodeByName.get("u1");
        assertThat(f.layout.tileY[u]).isGreaterThan(f.layout.tileY[f.index.nodeByName.get("a1")]);
        robot.clickOn("#zone-unzoned");
        settle();
        Point2D middle = fx(() -> view.toWorld(view.getWidth() / 2, view.getHeight() / 2));
        int z = f.index.nodeZone[u];
        assertThat(middle.getX()).isBetween((double) f.layout.zoneX[z], (double) f.layout.zoneX[z] + f.layout.zoneW[z]);
        assertThat(middle.getY()).isBetween((double) f.layout.zoneY[z], (double) f.layout.zoneY[z] + f.layout.zoneH[z]);
    }

    // ---- node states

    @Test
    void cordonedAndPressureNodesStandOutAndFilterWithOneClick(FxRobot robot) {
        TopologyFrame f = show(robot, SandboxOverviews.defaultSandbox());
        int cordoned = nodeWhere(f, n -> n.unschedulable());
        int pressure = nodeWhere(f, n -> !n.pressures().isEmpty());
        int healthy = nodeWhere(f, NodeInfo::healthy);
        TopologyColours c = fx(view::colours);
        assertThat(tileTopPixel(f, cordoned)).isEqualTo(c.warning);
        assertThat(tileTopPixel(f, pressure)).isEqualTo(c.danger);
        assertThat(tileTopPixel(f, healthy)).isEqualTo(c.tile);
        assertThat(text(robot, "#topology-problem-cordoned")).isEqualTo("1 cordoned");
        assertThat(text(robot, "#topology-problem-pressure")).isEqualTo("1 under pressure");

        robot.clickOn("#topology-problem-cordoned");
        TopologyFrame only = awaitFrame(g -> g.filter.nodeState() == TopologyFilter.NodeState.CORDONED);
        assertThat(only.layout.shown).containsExactly(cordoned);
        assertThat(robot.lookup("#topology-node-state").queryAs(ComboBox.class).getValue())
                .isEqualTo(TopologyFilter.NodeState.CORDONED);
        assertThat(text(robot, "#topology-matches")).isEqualTo("1 of 12 nodes shown");
    }

    @Test
    void detailsOfANodeListItsStateConditionsTaintsPodsAndEvents(FxRobot robot) {
        TopologyFrame f = show(robot, SandboxOverviews.defaultSandbox());
        int pressure = nodeWhere(f, n -> !n.pressures().isEmpty());
        clickWorld(robot, f.layout.tileX[pressure] + 30, f.layout.tileY[pressure] + 10);
        assertThat(text(robot, "#topology-details-title")).isEqualTo(f.index.nodes[pressure].name());
        assertThat(labels(robot, "#topology-details-badges")).containsExactly("Ready", "MemoryPressure");
        assertThat(labels(robot, "#topology-details")).contains("MemoryPressure: True", "DiskPressure: False",
                "node.kubernetes.io/memory-pressure:NoSchedule");
        assertThat(labels(robot, "#topology-details-events")).anyMatch(t -> t.contains("EvictionThresholdMet"));
        ListView<?> pods = robot.lookup("#topology-details-pods").queryAs(ListView.class);
        assertThat(pods.getItems().size()).isEqualTo(f.index.podCount(pressure));
        assertThat(actions(robot)).containsExactly("Cordon", "Drain");

        int cordoned = nodeWhere(f, NodeInfo::unschedulable);
        clickWorld(robot, f.layout.tileX[cordoned] + 30, f.layout.tileY[cordoned] + 10);
        assertThat(labels(robot, "#topology-details-badges")).containsExactly("Ready", "Cordoned");
        assertThat(labels(robot, "#topology-details")).contains("node.kubernetes.io/unschedulable:NoSchedule");
        assertThat(actions(robot)).containsExactly("Uncordon", "Drain");
    }

    // ---- filters

    @Test
    void filtersDimPodsOrHideNodesAndClearAgain(FxRobot robot) {
        TopologyFrame all = show(robot, SandboxOverviews.defaultSandbox());
        @SuppressWarnings("unchecked")
        ComboBox<String> namespace = robot.lookup("#topology-namespace").queryAs(ComboBox.class);
        assertThat(namespace.getItems()).contains("cache", "shop");
        robot.interact(() -> namespace.setValue("cache"));
        TopologyFrame cache = awaitFrame(g -> "cache".equals(g.filter.namespace()));
        assertThat(cache.matchingPods).isEqualTo(7);
        assertThat(text(robot, "#topology-matches")).isEqualTo("7 of 150 pods match");
        assertThat(cache.layout.tileX).containsExactly(all.layout.tileX);
        settle();
        TopologyColours c = fx(view::colours);
        int shopPod = podWhere(cache, p -> p.namespace().equals("shop") && p.phase() == PodPhase.RUNNING && p.ready());
        assertThat(cellPixel(cache, shopPod)).isEqualTo(c.podDim[PodClass.READY]);
        int redis = podWhere(cache, p -> p.name().equals("redis-0"));
        assertThat(cellPixel(cache, redis)).isEqualTo(c.pod[PodClass.READY]);

        robot.interact(() -> namespace.setValue(TopologyToolbar.ALL_NAMESPACES));
        robot.clickOn("#topology-selector").write("role=primary");
        TopologyFrame primary = awaitFrame(g -> g.filter.selector().equals(LabelSelector.parse("role=primary")));
        assertThat(primary.matchingPods).isEqualTo(1);
        assertThat(primary.index.pods[podWhere(primary, p -> !primary.dimmed(indexOf(primary, p)))].name())
                .isEqualTo("redis-0");
        // a selector that does not parse is marked and leaves the last good one in force
        TextField selector = robot.lookup("#topology-selector").queryAs(TextField.class);
        robot.interact(() -> selector.setText("role=primary,tier in ("));
        assertThat(selector.getStyleClass()).contains("topology-invalid");
        assertThat(selector.getTooltip().getText()).contains("missing ')'");
        settle();
        assertThat(fx(() -> view.frame().matchingPods)).isEqualTo(1);
        robot.interact(() -> selector.setText(""));

        @SuppressWarnings("unchecked")
        ComboBox<TopologyFilter.PodFilter> phase = robot.lookup("#topology-phase").queryAs(ComboBox.class);
        robot.interact(() -> phase.setValue(TopologyFilter.PodFilter.PENDING));
        TopologyFrame pending = awaitFrame(g -> g.filter.phase() == TopologyFilter.PodFilter.PENDING
                && g.filter.selector().isEmpty());
        assertThat(pending.matchingPods).isEqualTo(1);

        @SuppressWarnings("unchecked")
        ComboBox<TopologyFilter.NodeState> state = robot.lookup("#topology-node-state").queryAs(ComboBox.class);
        robot.interact(() -> state.setValue(TopologyFilter.NodeState.NOT_READY));
        TopologyFrame none = awaitFrame(g -> g.filter.nodeState() == TopologyFilter.NodeState.NOT_READY);
        assertThat(none.layout.shown).isEmpty();
        assertThat(text(robot, "#topology-matches")).startsWith("0 of 12 nodes shown");

        robot.clickOn("#topology-clear-filters");
        TopologyFrame cleared = awaitFrame(g -> g.filter.isEmpty());
        assertThat(cleared.layout.shown).hasSize(12);
        assertThat(state.getValue()).isEqualTo(TopologyFilter.NodeState.ANY);
        assertThat(phase.getValue()).isEqualTo(TopologyFilter.PodFilter.ANY);
        assertThat(robot.lookup("#topology-clear-filters").queryAs(Button.class).isDisabled()).isTrue();
    }

    // ---- search

    @Test
    void searchFindsAndCentresANodeOrAPod(FxRobot robot) {
        TopologyFrame f = show(robot, SandboxOverviews.defaultSandbox());
        robot.clickOn("#topology-search").write("node-c-03").type(KeyCode.ENTER);
        awaitSelection("node-c-03", null);
        settle();
        int node = f.index.nodeByName.get("node-c-03");
        assertCentred(f.layout.tileX[node] + f.layout.tileW(f.index, node) / 2,
                f.layout.tileY[node] + f.layout.tileH(f.index, node) / 2);
        assertThat(text(robot, "#topology-details-title")).isEqualTo("node-c-03");

        search(robot, "redis-1");
        awaitSelection(null, "redis-1");
        settle();
        int pod = podWhere(f, p -> p.name().equals("redis-1"));
        int n = f.index.podNode[pod];
        int i = pod - f.index.podStart[n];
        assertCentred(f.layout.cellX(f.index, n, i) + TopologyLayout.CELL_SIZE / 2.0,
                f.layout.cellY(f.index, n, i) + TopologyLayout.CELL_SIZE / 2.0);
        assertThat(text(robot, "#topology-details-title")).isEqualTo("redis-1");
        assertThat(text(robot, "#topology-details-cache")).contains("Redis").contains("hit ratio");

        search(robot, "node-a");
        awaitSelection("node-a-01", null);
        assertThat(text(robot, "#topology-search-status")).startsWith("1 of 4");
        robot.type(KeyCode.ENTER);
        awaitSelection("node-a-02", null);
        assertThat(text(robot, "#topology-search-status")).startsWith("2 of 4");

        search(robot, "no-such-thing");
        WaitForAsyncUtils.waitForFxEvents();
        awaitText(robot, "#topology-search-status", "No node or pod is named like 'no-such-thing'");
    }

    // ---- selection, hover, details of a pod

    @Test
    void hoverAndClickOnAPodShowItsStateOwnerAndTheActionsToCome(FxRobot robot) {
        TopologyFrame f = show(robot, SandboxOverviews.defaultSandbox());
        int pod = podWhere(f, p -> p.owner().name().equals("payments"));
        PodInfo p = f.index.pods[pod];
        robot.interact(() -> view.centreOnItem(f.index.podNode[pod], pod, false));
        settle();
        Point2D cell = cellOnScreen(f, pod);
        robot.moveTo(cell);
        awaitText(robot, "#topology-hover", null);
        assertThat(text(robot, "#topology-hover")).contains(p.namespace() + "/" + p.name())
                .contains("Running, not ready").contains(p.restarts() + " restarts").contains("Owner: Deployment/payments");

        robot.clickOn(cell.getX(), cell.getY(), MouseButton.PRIMARY);
        awaitSelection(null, p.name());
        assertThat(text(robot, "#topology-details-title")).isEqualTo(p.name());
        assertThat(labels(robot, "#topology-details-badges")).contains("Running", "NotReady");
        assertThat(labels(robot, "#topology-details-events")).anyMatch(t -> t.contains("BackOff"));
        assertThat(actions(robot)).containsExactly("Scale Deployment/payments");
        for (Node wrap : robot.lookup("#topology-details-actions .topology-action-wrap").queryAll()) {
            assertThat(((StackPane) wrap).getChildren().get(0).isDisabled()).isTrue();
            Tooltip tip = (Tooltip) wrap.getProperties().get("javafx.scene.control.Tooltip");
            assertThat(tip.getText()).isEqualTo(TopologyDetails.ACTIONS_PENDING);
        }

        robot.clickOn("#topology-details-node-link");
        awaitSelection(p.nodeName(), null);
        assertThat(text(robot, "#topology-details-title")).isEqualTo(p.nodeName());
        robot.clickOn("#topology-details-close");
        assertThat(robot.lookup("#topology-details").query().isVisible()).isFalse();
        assertThat(fx(view::selectedNode)).isEqualTo(-1);
    }

    // ---- updates

    @Test
    void aPodUpdateShowsAfterTheNextSnapshotAndItsNodeStaysPut(FxRobot robot) {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.DEFAULT, SandboxOverviews.NOW);
        ClusterSnapshot before = world.snapshot("sandbox", SandboxOverviews.NOW);
        TopologyFrame f = show(robot, SandboxOverviews.of(world));
        int pod = podWhere(f, p -> p.owner().name().equals("cart"));
        PodInfo p = f.index.pods[pod];
        int node = f.index.podNode[pod];
        robot.interact(() -> view.select(node, pod));
        settle();
        TopologyColours c = fx(view::colours);
        assertThat(cellPixel(f, pod)).isEqualTo(c.pod[PodClass.READY]);
        assertThat(labels(robot, "#topology-details-badges")).contains("Ready", "0 restarts");

        List<PodInfo> pods = new ArrayList<>(before.pods());
        pods.replaceAll(q -> q.key().equals(p.key()) ? TopologyFixtures.with(q, PodPhase.RUNNING, false, 4) : q);
        ClusterSnapshot after = new ClusterSnapshot(before.context(), before.takenAt().plusSeconds(2),
                before.serverVersion(), before.nodes(), pods, before.workloads(), before.services(), before.pdbs(),
                before.events(), before.namespaces(), before.unavailable());
        Overview next = overview(after);
        robot.interact(() -> page.show(next));
        TopologyFrame g = awaitFrame(x -> x.overview == next);
        settle();
        int again = g.index.podByKey.get(p.key());
        assertThat(g.index.podClass[again]).isEqualTo(PodClass.NOT_READY);
        assertThat(cellPixel(g, again)).isEqualTo(c.pod[PodClass.NOT_READY]);
        int sameNode = g.index.nodeByName.get(p.nodeName());
        assertThat(g.layout.tileX[sameNode]).isEqualTo(f.layout.tileX[node]);
        assertThat(g.layout.tileY[sameNode]).isEqualTo(f.layout.tileY[node]);
        assertThat(labels(robot, "#topology-details-badges")).contains("NotReady", "4 restarts");
        assertThat(text(robot, "#topology-problem-pods-notready")).isEqualTo("4 pods not ready");
    }

    // ---- navigation

    @Test
    void keysMouseAndButtonsPanZoomAndFit(FxRobot robot) {
        show(robot, SandboxOverviews.defaultSandbox());
        double fitted = fx(view::scale);
        Point2D empty = view.localToScreen(8, view.getHeight() - 8);
        robot.clickOn(empty.getX(), empty.getY(), MouseButton.PRIMARY);
        robot.type(KeyCode.EQUALS);
        assertThat(fx(view::scale)).isCloseTo(fitted * TopologyInput.KEY_ZOOM, org.assertj.core.data.Offset.offset(1e-6));
        double x0 = fx(() -> view.toScreen(0, 0).getX());
        robot.type(KeyCode.RIGHT);
        assertThat(fx(() -> view.toScreen(0, 0).getX())).isCloseTo(x0 - TopologyInput.KEY_PAN,
                org.assertj.core.data.Offset.offset(1e-6));
        robot.type(KeyCode.F);
        assertThat(fx(view::scale)).isEqualTo(fitted);

        robot.clickOn("#topology-zoom-in");
        assertThat(fx(view::scale)).isGreaterThan(fitted);
        robot.clickOn("#topology-fit");
        assertThat(fx(view::scale)).isEqualTo(fitted);

        double y0 = fx(() -> view.toScreen(0, 0).getY());
        robot.drag(empty.getX(), empty.getY(), MouseButton.PRIMARY).dropBy(40, -30);
        assertThat(fx(() -> view.toScreen(0, 0).getY())).isCloseTo(y0 - 30, org.assertj.core.data.Offset.offset(1.0));

        robot.moveTo(view.localToScreen(view.getWidth() / 2, view.getHeight() / 2));
        double before = fx(view::scale);
        robot.press(KeyCode.CONTROL).scroll(2, javafx.geometry.VerticalDirection.UP).release(KeyCode.CONTROL);
        assertThat(fx(view::scale)).isNotEqualTo(before);
    }

    @Test
    void podsCollapseIntoDensityBarsWhenSmallAndTextAppearsWhenThereIsRoom(FxRobot robot) {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.parse("1000x30000", 42), SandboxOverviews.NOW);
        TopologyFrame f = show(robot, SandboxOverviews.of(world));
        TopologyColours c = fx(view::colours);
        assertThat(fx(view::scale) * TopologyLayout.CELL).isLessThan(TopologyRenderer.CELLS_FROM);
        // a healthy node whose pods all run: its tile is one bar, running from the left
        int node = -1;
        for (int n = 0; n < f.index.nodes.length && node < 0; n++) {
            if (f.index.nodes[n].healthy() && f.index.classCount(n, PodClass.READY) == f.index.podCount(n)) {
                node = n;
            }
        }
        int first = f.index.podStart[node];
        int chosen = node;
        Point2D left = fx(() -> view.toScreen(f.layout.tileX[chosen], f.layout.tileY[chosen] + f.layout.tileH / 2));
        assertThat(fx(() -> view.pixel((int) left.getX() + 1, (int) left.getY()))).isEqualTo(c.pod[PodClass.READY]);
        assertThat(textPixels(f, node, c)).isZero();

        robot.interact(() -> view.centreOnItem(chosen, -1, false));
        robot.interact(() -> view.zoomAt(1.2 / view.scale(), view.getWidth() / 2, view.getHeight() / 2));
        settle();
        assertThat(cellPixel(f, first)).isEqualTo(c.pod[f.index.podClass[first]]);
        assertThat(textPixels(f, node, c)).isPositive();
    }

    @Test
    void aThemeSwitchRepaintsInTheOtherPalette(FxRobot robot) {
        show(robot, SandboxOverviews.defaultSandbox());
        int light = fx(() -> view.pixel(2, 2));
        robot.interact(() -> theme.set(Theme.DARK));
        settle();
        int dark = fx(() -> view.pixel(2, 2));
        assertThat(light).isEqualTo(TopologyColours.argb(Theme.LIGHT.palette().surface()));
        assertThat(dark).isEqualTo(TopologyColours.argb(Theme.DARK.palette().surface()));
    }

    @Test
    void theViewModelChangesOnlyOnTheFxThread() {
        assertThatThrownBy(() -> page.show(SandboxOverviews.defaultSandbox())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(view::fit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noSceneNodePerPod(FxRobot robot) {
        show(robot, SandboxOverviews.of(SandboxWorld.generate(SandboxSpec.parse("300x9000", 42), SandboxOverviews.NOW)));
        assertThat(fx(() -> count(page.view()))).isLessThan(400);
    }

    // ---- helpers

    private TopologyFrame show(FxRobot robot, Overview o) {
        robot.interact(() -> page.show(o));
        TopologyFrame f = awaitFrame(g -> g.overview == o);
        settle();
        return f;
    }

    private TopologyFrame awaitFrame(Predicate<TopologyFrame> p) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> view.frame() != null && p.test(view.frame())));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no such frame within 20 s; last: " + fx(view::frame), e);
        }
        return fx(view::frame);
    }

    private void settle() {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(view::settled));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the view did not settle within 20 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void awaitSelection(String node, String pod) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> {
                TopologySelection s = view.selectionProperty().get();
                return s != null && (pod == null ? !s.isPod() && s.node().equals(node)
                        : s.isPod() && s.pod().name().equals(pod));
            }));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not selected within 20 s: " + node + " " + pod + "; is "
                    + fx(() -> view.selectionProperty().get()), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void awaitText(FxRobot robot, String id, String text) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
                Node n = robot.lookup(id).query();
                return n.isVisible() && (text == null || text.equals(((Labeled) n).getText()));
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(id + " did not read '" + text + "' within 10 s", e);
        }
    }

    private static void search(FxRobot robot, String query) {
        TextField field = robot.lookup("#topology-search").queryAs(TextField.class);
        robot.interact(() -> field.setText(""));
        robot.clickOn(field).write(query).type(KeyCode.ENTER);
    }

    private void assertCentred(double wx, double wy) {
        Point2D at = fx(() -> view.toScreen(wx, wy));
        assertThat(at.getX()).isCloseTo(fx(view::getWidth) / 2, org.assertj.core.data.Offset.offset(2.0));
        assertThat(at.getY()).isCloseTo(fx(view::getHeight) / 2, org.assertj.core.data.Offset.offset(2.0));
    }

    private void clickWorld(FxRobot robot, double wx, double wy) {
        Point2D local = fx(() -> view.toScreen(wx, wy));
        Point2D screen = fx(() -> view.localToScreen(local));
        robot.clickOn(screen.getX(), screen.getY(), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Point2D cellOnScreen(TopologyFrame f, int pod) {
        int n = f.index.podNode[pod];
        int i = pod - f.index.podStart[n];
        Point2D local = fx(() -> view.toScreen(f.layout.cellX(f.index, n, i) + TopologyLayout.CELL_SIZE / 2.0,
                f.layout.cellY(f.index, n, i) + TopologyLayout.CELL_SIZE / 2.0));
        return fx(() -> view.localToScreen(local));
    }

    /** The pixel one in from a cell's top-left corner (clear of a cache band and of outlines). */
    private int cellPixel(TopologyFrame f, int pod) {
        int n = f.index.podNode[pod];
        int i = pod - f.index.podStart[n];
        Point2D at = fx(() -> view.toScreen(f.layout.cellX(f.index, n, i), f.layout.cellY(f.index, n, i)));
        return fx(() -> view.pixel((int) Math.floor(at.getX()) + 1, (int) Math.floor(at.getY()) + 1));
    }

    private int tileTopPixel(TopologyFrame f, int node) {
        Point2D at = fx(() -> view.toScreen(f.layout.tileX[node] + TopologyLayout.TILE_W / 2.0, f.layout.tileY[node]));
        return fx(() -> view.pixel((int) at.getX(), (int) Math.floor(at.getY()) + 1));
    }

    /** Pixels in a tile's heading drawn in the text colour. */
    private int textPixels(TopologyFrame f, int node, TopologyColours c) {
        return fx(() -> {
            Point2D a = view.toScreen(f.layout.tileX[node], f.layout.tileY[node]);
            Point2D b = view.toScreen(f.layout.tileX[node] + TopologyLayout.TILE_W,
                    f.layout.tileY[node] + TopologyLayout.HEADER);
            int count = 0;
            for (int y = (int) a.getY(); y < (int) b.getY(); y++) {
                for (int x = (int) a.getX(); x < (int) b.getX(); x++) {
                    count += view.pixel(x, y) == c.text ? 1 : 0;
                }
            }
            return count;
        });
    }

    private static int nodeWhere(TopologyFrame f, Predicate<NodeInfo> p) {
        for (int n = 0; n < f.index.nodes.length; n++) {
            if (p.test(f.index.nodes[n])) {
                return n;
            }
        }
        throw new AssertionError("no such node");
    }

    private static int podWhere(TopologyFrame f, Predicate<PodInfo> p) {
        for (int i = 0; i < f.index.pods.length; i++) {
            if (p.test(f.index.pods[i])) {
                return i;
            }
        }
        throw new AssertionError("no such pod");
    }

    private static int indexOf(TopologyFrame f, PodInfo p) {
        return f.index.podByKey.get(p.key());
    }

    private static String text(FxRobot robot, String id) {
        return ((Labeled) robot.lookup(id).query()).getText();
    }

    private static List<String> labels(FxRobot robot, String id) {
        return robot.lookup(id).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private static List<String> actions(FxRobot robot) {
        return robot.lookup("#topology-details-actions .button").queryAllAs(Button.class).stream()
                .map(Button::getText).toList();
    }

    private static int count(Node n) {
        int c = 1;
        if (n instanceof javafx.scene.Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                c += count(child);
            }
        }
        return c;
    }

    private static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
