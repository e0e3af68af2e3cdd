package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import io.opsdeck.views.console.Screenshot;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A cache cluster with no figures looks unknown: no needle at 0 % in the red, no "0 %" of memory. */
@ExtendWith(ApplicationExtension.class)
class CacheClusterPanelTest {
    private static final CacheClusterSummary NO_FIGURES = new CacheClusterSummary("cache", "redis", CacheKind.REDIS,
            3, 0, Double.NaN, Double.NaN, -1, Double.NaN);
    private static final CacheClusterSummary FIGURES = new CacheClusterSummary("cache", "redis", CacheKind.REDIS,
            3, 3, 0.5, 1200, 300L << 20, 0);

    private CacheClusterPanel panel;

    @Start
    void start(Stage stage) {
        panel = new CacheClusterPanel("cache/redis", () -> { });
        stage.setScene(new Scene(panel, 800, 300));
        stage.show();
    }

    private void show(FxRobot robot, CacheClusterSummary c) {
        robot.interact(() -> panel.show(c, 1L << 30, List.of(), SandboxOverviews.NOW, HitRatioThresholds.DEFAULTS,
                Theme.LIGHT, false));
    }

    @Test
    void noFiguresLookUnknownAndFiguresComingBackLookKnown(FxRobot robot) {
        show(robot, NO_FIGURES);
        assertThat(panel.hitRatio.getTitle()).isEqualTo("Hit ratio: no figures");
        assertThat(panel.hitRatio.isValueVisible()).isFalse();
        assertThat(panel.hitRatio.getNeedleColor()).isEqualTo(Color.TRANSPARENT);
        assertThat(panel.hitRatio.getSectionsVisible()).isFalse();
        assertThat(panel.memory.isValueVisible()).isFalse();
        assertThat(figuresShown(panel.memory)).as("no \"0 %\" for memory not read").isEmpty();
        assertThat(figuresShown(panel.hitRatio)).as("no needle, no figure at 0").isEmpty();
        assertThat(panel.memory.getDescription()).isEqualTo("no figures");
        assertThat(panel.getStyleClass()).doesNotContain("danger", "warning");
        lookAt(robot, "cache-tiles-no-figures.png");

        show(robot, FIGURES);
        assertThat(panel.hitRatio.isValueVisible()).isTrue();
        assertThat(panel.hitRatio.getNeedleColor()).isNotEqualTo(Color.TRANSPARENT);
        assertThat(panel.hitRatio.getSectionsVisible()).isTrue();
        assertThat(figuresShown(panel.memory)).contains("29");
        assertThat(panel.getStyleClass()).contains("danger");
        lookAt(robot, "cache-tiles-figures.png");
    }

    /** The figures a tile shows: visible, not transparent text made of digits. */
    private static List<String> figuresShown(Node tile) {
        return tile.lookupAll("Text").stream().filter(n -> n instanceof Text).map(n -> (Text) n)
                .filter(t -> t.isVisible() && !Color.TRANSPARENT.equals(t.getFill()) && t.getText().matches("[0-9.]+"))
                .filter(t -> !t.getText().equals("100") && !t.getText().equals("0") || !isScale(t))
                .map(Text::getText).toList();
    }

    /** The gauge's scale labels (0 and 100) and the memory tile's maximum, which are not figures. */
    private static boolean isScale(Text t) {
        return t.getFont().getSize() < 14;
    }

    /** With -Dopsdeck.screenshots=DIR, writes the panel as it looks now, to look at. */
    private void lookAt(FxRobot robot, String name) {
        String dir = System.getProperty("opsdeck.screenshots");
        if (dir == null) {
            return;
        }
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = panel.snapshot(null, null));
        try {
            Screenshot.writePng(image[0], Path.of(dir, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theConnectionBadgeSaysTlsAndShowsEachWeakeningButNotTheUsualPortForward(FxRobot robot) {
        show(robot, FIGURES);
        javafx.scene.control.Label badge = robot.lookup("#cache/redis-connection").queryAs(javafx.scene.control.Label.class);

        robot.interact(() -> panel.showConnection(CacheTransport.TLS));
        assertThat(badge.getText()).isEqualTo("· TLS");
        assertThat(badge.getStyleClass()).doesNotContain("health-degraded", "health-down");

        robot.interact(() -> panel.showConnection(CacheTransport.CLEARTEXT_ALLOWED));
        assertThat(badge.getText()).isEqualTo("· no TLS, password sent");
        assertThat(badge.getTooltip().getText()).isEqualTo("password sent without TLS (allowed in Settings)");
        assertThat(badge.getStyleClass()).contains("health-degraded");

        robot.interact(() -> panel.showConnection(CacheTransport.CLEARTEXT_REFUSED));
        assertThat(badge.getStyleClass()).contains("health-down").doesNotContain("health-degraded");

        robot.interact(() -> panel.showConnection(CacheTransport.TLS_NOT_VERIFIED));
        assertThat(badge.getText()).isEqualTo("· TLS (not verified)");
        assertThat(badge.getStyleClass()).contains("health-degraded");

        robot.interact(() -> panel.showConnection(CacheTransport.PORT_FORWARD));
        assertThat(badge.getText()).isEmpty();
        assertThat(badge.getStyleClass()).doesNotContain("health-degraded", "health-down");
    }
}
