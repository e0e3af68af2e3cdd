package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

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
        assertThat(panel.memory.getBarColor()).as("the skin draws its percentage in this colour").isEqualTo(Color.TRANSPARENT);
        assertThat(panel.memory.getDescription()).isEqualTo("no figures");
        assertThat(panel.getStyleClass()).doesNotContain("danger", "warning");

        show(robot, FIGURES);
        assertThat(panel.hitRatio.isValueVisible()).isTrue();
        assertThat(panel.hitRatio.getNeedleColor()).isNotEqualTo(Color.TRANSPARENT);
        assertThat(panel.hitRatio.getSectionsVisible()).isTrue();
        assertThat(panel.memory.getBarColor()).isNotEqualTo(Color.TRANSPARENT);
        assertThat(panel.getStyleClass()).contains("danger");
    }
}
