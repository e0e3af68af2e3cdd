package io.opsdeck.views.topology;

import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;


import static io.opsdeck.views.topology.TopologyFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding and moving around: search-and-centre, pan and zoom, level of detail, theme, the FX thread rule. */
@ExtendWith(ApplicationExtension.class)
class TopologyNavigationTest extends TopologyPageHarness {

    @Start
    void start(Stage stage) {
        open(stage);
    }

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
}
