package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A flush is marked on the hour chart of the node flushed and of its cache cluster, and nowhere else. */
@ExtendWith(ApplicationExtension.class)
class CacheFlushMarksTest {
    private final SimpleObjectProperty<PodKey> focus = new SimpleObjectProperty<>();
    private CachesPage page;
    private Overview sandbox;

    @Start
    void start(Stage stage) {
        page = new CachesPage(SandboxOverviews.CLOCK::instant, focus, new SimpleObjectProperty<>(HitRatioThresholds.DEFAULTS),
                new SimpleObjectProperty<>(Theme.LIGHT), id -> { });
        Scene scene = new Scene((javafx.scene.Parent) page.view(), 1500, 950);
        scene.getStylesheets().add(Theme.STYLESHEET);
        stage.setScene(scene);
        stage.show();
        sandbox = SandboxOverviews.defaultSandbox();
        page.show(sandbox);
    }

    @Test
    void theFlushedNodeAndItsClusterShowTheMarkOtherNodesDoNot(FxRobot robot) throws Exception {
        Instant flushed = SandboxOverviews.CLOCK.instant().minusSeconds(20 * 60);
        CacheClusterSummary memcached = sandbox.cacheClusters().stream()
                .filter(c -> c.kind() == io.opsdeck.services.model.CacheKind.MEMCACHED).findFirst().orElseThrow();
        PodKey node = sandbox.caches().stream().filter(c -> c.node().cluster().equals(memcached.name()))
                .findFirst().orElseThrow().node().pod();
        PodKey other = new PodKey("cache", "redis-0");
        robot.interact(() -> page.showFlushes(Map.of(node.toString(), List.of(flushed),
                memcached.namespace() + "/" + memcached.name(), List.of(flushed))));

        robot.interact(() -> focus.set(node));
        assertThat(page.chart().marks()).containsExactly(flushed);
        String dir = System.getProperty("opsdeck.snapshotDir");
        if (dir != null) {
            robot.interact(() -> {
                try {
                    ImageIO.write(SwingFXUtils.fromFXImage(page.chart().snapshot(null, null), null), "png",
                            new File(dir, "flush-mark.png"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        robot.interact(() -> focus.set(other));
        assertThat(page.chart().marks()).isEmpty();
    }
}
