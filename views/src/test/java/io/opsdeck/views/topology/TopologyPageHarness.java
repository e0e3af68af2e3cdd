package io.opsdeck.views.topology;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;

/** A Topology page on a stage, headless (Monocle), and what its tests need to look at it. */
abstract class TopologyPageHarness {
    protected final SimpleObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final Workers workers = new Workers();
    protected TopologyPage page;
    protected TopologyView view;

    /** Call from the test's {@code @Start}. */
    protected void open(Stage stage) {
        Theme.LIGHT.apply();
        page = new TopologyPage(theme, workers.scheduler("topology"));
        view = page.canvas();
        StackPane root = new StackPane(page.view());
        root.getStylesheets().add(Theme.STYLESHEET);
        stage.setScene(new Scene(root, 1400, 900));
        stage.show();
    }

    @AfterEach
    void close() {
        workers.close();
    }

    protected TopologyFrame show(FxRobot robot, Overview o) {
        robot.interact(() -> page.show(o));
        TopologyFrame f = awaitFrame(g -> g.overview == o);
        settle();
        return f;
    }

    protected TopologyFrame awaitFrame(Predicate<TopologyFrame> p) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> view.frame() != null && p.test(view.frame())));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no such frame within 20 s; last: " + fx(view::frame), e);
        }
        return fx(view::frame);
    }

    protected void settle() {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(view::settled));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the view did not settle within 20 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected void awaitSelection(String node, String pod) {
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

    protected static void awaitText(FxRobot robot, String id, String text) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
                Node n = robot.lookup(id).query();
                return n.isVisible() && (text == null || text.equals(((Labeled) n).getText()));
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(id + " did not read '" + text + "' within 10 s", e);
        }
    }

    protected static void search(FxRobot robot, String query) {
        TextField field = robot.lookup("#topology-search").queryAs(TextField.class);
        robot.interact(() -> field.setText(""));
        robot.clickOn(field).write(query).type(KeyCode.ENTER);
    }

    protected void assertCentred(double wx, double wy) {
        Point2D at = fx(() -> view.toScreen(wx, wy));
        assertThat(at.getX()).isCloseTo(fx(view::getWidth) / 2, org.assertj.core.data.Offset.offset(2.0));
        assertThat(at.getY()).isCloseTo(fx(view::getHeight) / 2, org.assertj.core.data.Offset.offset(2.0));
    }

    protected void clickWorld(FxRobot robot, double wx, double wy) {
        Point2D local = fx(() -> view.toScreen(wx, wy));
        Point2D screen = fx(() -> view.localToScreen(local));
        robot.clickOn(screen.getX(), screen.getY(), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected Point2D cellOnScreen(TopologyFrame f, int pod) {
        int n = f.index.podNode[pod];
        int i = pod - f.index.podStart[n];
        Point2D local = fx(() -> view.toScreen(f.layout.cellX(f.index, n, i) + TopologyLayout.CELL_SIZE / 2.0,
                f.layout.cellY(f.index, n, i) + TopologyLayout.CELL_SIZE / 2.0));
        return fx(() -> view.localToScreen(local));
    }

    /** The pixel one in from a cell's top-left corner (clear of a cache band and of outlines). */
    protected int cellPixel(TopologyFrame f, int pod) {
        int n = f.index.podNode[pod];
        int i = pod - f.index.podStart[n];
        Point2D at = fx(() -> view.toScreen(f.layout.cellX(f.index, n, i), f.layout.cellY(f.index, n, i)));
        return fx(() -> view.pixel((int) Math.floor(at.getX()) + 1, (int) Math.floor(at.getY()) + 1));
    }

    protected int tileTopPixel(TopologyFrame f, int node) {
        Point2D at = fx(() -> view.toScreen(f.layout.tileX[node] + TopologyLayout.TILE_W / 2.0, f.layout.tileY[node]));
        return fx(() -> view.pixel((int) at.getX(), (int) Math.floor(at.getY()) + 1));
    }

    /** Pixels in a tile's heading drawn in the text colour. */
    protected int textPixels(TopologyFrame f, int node, TopologyColours c) {
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

    protected static int nodeWhere(TopologyFrame f, Predicate<NodeInfo> p) {
        for (int n = 0; n < f.index.nodes.length; n++) {
            if (p.test(f.index.nodes[n])) {
                return n;
            }
        }
        throw new AssertionError("no such node");
    }

    protected static int podWhere(TopologyFrame f, Predicate<PodInfo> p) {
        for (int i = 0; i < f.index.pods.length; i++) {
            if (p.test(f.index.pods[i])) {
                return i;
            }
        }
        throw new AssertionError("no such pod");
    }

    protected static int indexOf(TopologyFrame f, PodInfo p) {
        return f.index.podByKey.get(p.key());
    }

    protected static String text(FxRobot robot, String id) {
        return ((Labeled) robot.lookup(id).query()).getText();
    }

    protected static List<String> labels(FxRobot robot, String id) {
        return robot.lookup(id).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    protected static List<String> actions(FxRobot robot) {
        return robot.lookup("#topology-details-actions .button").queryAllAs(Button.class).stream()
                .map(Button::getText).toList();
    }

    protected static int count(Node n) {
        int c = 1;
        if (n instanceof javafx.scene.Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                c += count(child);
            }
        }
        return c;
    }

    protected static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
