package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.views.SandboxOverviews;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelReader;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;

/** The Topology page against the real sandbox and hand-made clusters: grouping, node states, details, filters, updates. */
@ExtendWith(ApplicationExtension.class)
class TopologyPageTest extends TopologyPageHarness {

    @Start
    void start(Stage stage) {
        open(stage);
    }

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


    @Test
    void theScreenShowsThePictureThoughTheViewPaintsNoBackgroundOfItsOwnUnderIt(FxRobot robot) throws Exception {
        show(robot, SandboxOverviews.defaultSandbox());
        // a moved picture: the renderer repaints only the view, starting at it (it says it is opaque)
        robot.interact(() -> view.panBy(-37, -23));
        settle();
        // the screen shows a picture a pulse or two after it is drawn: look until it does, or 10 s
        int[] differing = {-1};
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
                differing[0] = fx(() -> pixelsOffThePicture(robot));
                return differing[0] == 0;
            });
        } catch (TimeoutException e) {
            // reported below
        }
        assertThat(differing[0]).as("pixels of the view whose colour on screen is not the picture's").isZero();
    }

    /** How many pixels of the view (but for the zoom buttons over it) show on screen other than the picture's. */
    private int pixelsOffThePicture(FxRobot robot) {
        int w = (int) Math.floor(view.getWidth());
        int h = (int) Math.floor(view.getHeight());
        Point2D origin = view.localToScreen(0, 0);
        PixelReader screen = new Robot().getScreenCapture(null, Math.round(origin.getX()),
                Math.round(origin.getY()), w, h, false).getPixelReader();
        List<Bounds> over = new ArrayList<>();
        for (String id : List.of("#topology-zoom-in", "#topology-zoom-out", "#topology-fit")) {
            Node b = robot.lookup(id).query();
            over.add(view.screenToLocal(b.localToScreen(b.getBoundsInLocal())));
        }
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double cx = x + 0.5;
                double cy = y + 0.5;
                if (over.stream().noneMatch(b -> b.contains(cx, cy))) {
                    count += screen.getArgb(x, y) == view.pixel(x, y) ? 0 : 1;
                }
            }
        }
        return count;
    }

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
        // a pod in the node's list opens that pod
        PodInfo firstPod = f.index.pods[f.index.podStart[pressure]];
        robot.clickOn(robot.lookup("#topology-details-pods .list-cell").nth(0).queryAs(Node.class));
        awaitSelection(null, firstPod.name());
        assertThat(text(robot, "#topology-details-title")).isEqualTo(firstPod.name());

        int cordoned = nodeWhere(f, NodeInfo::unschedulable);
        clickWorld(robot, f.layout.tileX[cordoned] + 30, f.layout.tileY[cordoned] + 10);
        assertThat(labels(robot, "#topology-details-badges")).containsExactly("Ready", "Cordoned");
        assertThat(labels(robot, "#topology-details")).contains("node.kubernetes.io/unschedulable:NoSchedule");
        assertThat(actions(robot)).containsExactly("Uncordon", "Drain");
    }


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

    @Test
    void cacheBandsAndTheLegendFollowTheThresholdsSetInSettings(FxRobot robot) {
        javafx.beans.property.SimpleObjectProperty<io.opsdeck.views.caches.HitRatioThresholds> thresholds =
                new javafx.beans.property.SimpleObjectProperty<>(io.opsdeck.views.caches.HitRatioThresholds.DEFAULTS);
        robot.interact(() -> page.followThresholds(thresholds));
        show(robot, SandboxOverviews.defaultSandbox());
        assertThat(text(robot, "#topology-legend-cache")).contains("amber < 90%").contains("red < 75%");
        assertThat(view.colours().thresholds).isEqualTo(io.opsdeck.views.caches.HitRatioThresholds.DEFAULTS);

        io.opsdeck.views.caches.HitRatioThresholds strict = new io.opsdeck.views.caches.HitRatioThresholds(0.995, 0.97);
        robot.interact(() -> thresholds.set(strict));
        assertThat(text(robot, "#topology-legend-cache")).contains("amber < 99.5%").contains("red < 97%");
        assertThat(view.colours().thresholds).isEqualTo(strict);
        assertThat(view.colours().hitRatio(0.96f)).isEqualTo(view.colours().danger);
    }
}
