package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pixel layer drawn directly: states, cells and text, at one and two device pixels a view pixel. */
@ExtendWith(ApplicationExtension.class)
class TopologyRenderTest {
    private final TopologyFrame frame = TopologyFixtures.frame(SandboxOverviews.defaultSandbox(), TopologyFilter.NONE);
    private final TopologyColours c = new TopologyColours(Theme.LIGHT);

    @Start
    void start(Stage stage) {
        // the glyphs are rasterised by JavaFX: the toolkit must be up
    }

    private TopologyPixels render(double scale, double ratio) throws Exception {
        int w = (int) Math.ceil((frame.layout.worldW * scale + 40) * ratio);
        int h = (int) Math.ceil((frame.layout.worldH * scale + 40) * ratio);
        TopologyPixels p = new TopologyPixels(new int[w * h], w, h);
        WaitForAsyncUtils.asyncFx(() -> {
            TopologyRenderer.draw(p, frame, scale * ratio, 20 * ratio, 20 * ratio, c, ratio);
            new TopologyLabels().draw(p, frame, scale * ratio, 20 * ratio, 20 * ratio, c,
                    new TopologyLabels.Marks(-1, -1, -1, -1), ratio);
        }).get(20, TimeUnit.SECONDS);
        return p;
    }

    private int node(java.util.function.Predicate<NodeInfo> p) {
        for (int n = 0; n < frame.index.nodes.length; n++) {
            if (p.test(frame.index.nodes[n])) {
                return n;
            }
        }
        throw new AssertionError();
    }

    private static int at(TopologyPixels p, double x, double y) {
        return p.px[(int) y * p.w + (int) x];
    }

    private int textPixels(TopologyPixels p, int node, double scale, double ratio) {
        int count = 0;
        int x0 = (int) ((frame.layout.tileX[node] * scale + 20) * ratio);
        int y0 = (int) ((frame.layout.tileY[node] * scale + 20) * ratio);
        for (int y = y0; y < y0 + 40 * scale * ratio; y++) {
            for (int x = x0; x < x0 + TopologyLayout.TILE_W * scale * ratio; x++) {
                count += p.px[y * p.w + x] == c.text ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void everyPixelIsPaintedAgainSoNoPartOfAnEarlierPictureShows() throws Exception {
        // the buffers are reused frame after frame: what is left unpainted shows the picture before last
        int stale = 0x01020304;
        for (double[] view : new double[][] {{1.0, 20, 20}, {0.35, -300, -150}, {0.35, 500, 400}, {2.5, -900, -700},
            {0.05, 0, 0}}) {
            int w = 900;
            int h = 600;
            TopologyPixels p = new TopologyPixels(new int[w * h], w, h);
            Arrays.fill(p.px, stale);
            WaitForAsyncUtils.asyncFx(() -> TopologyRenderer.draw(p, frame, view[0], view[1], view[2], c, 1))
                    .get(20, TimeUnit.SECONDS);
            assertThat(Arrays.stream(p.px).filter(px -> px == stale).count())
                    .as("unpainted pixels at scale %s, origin %s,%s", view[0], view[1], view[2]).isZero();
        }
    }

    @Test
    void everyPixelOfThePictureIsOpaqueInBothThemesSoNothingBehindItNeedsPainting() throws Exception {
        // the view tells the renderer its whole area is opaque and paints no background under the picture
        int hoverPod = frame.index.podStart[node(NodeInfo::unschedulable)];
        for (Theme theme : Theme.values()) {
            TopologyColours colours = new TopologyColours(theme);
            for (double[] view : new double[][] {{1.0, 20, 20}, {2.5, -900, -700}, {0.35, 500, 400}, {0.05, 0, 0}}) {
                int w = 900;
                int h = 600;
                TopologyPixels p = new TopologyPixels(new int[w * h], w, h);
                WaitForAsyncUtils.asyncFx(() -> {
                    TopologyRenderer.draw(p, frame, view[0], view[1], view[2], colours, 1);
                    new TopologyLabels().draw(p, frame, view[0], view[1], view[2], colours,
                            new TopologyLabels.Marks(0, -1, frame.index.podNode[hoverPod], hoverPod), 1);
                }).get(20, TimeUnit.SECONDS);
                assertThat(Arrays.stream(p.px).filter(px -> px >>> 24 != 0xff).count())
                        .as("see-through pixels, %s theme, scale %s", theme, view[0]).isZero();
            }
        }
    }

    @Test
    void nodeStatesCellsAndTextLandWhereTheLayoutSays() throws Exception {
        TopologyPixels p = render(1.0, 1);
        int cordoned = node(NodeInfo::unschedulable);
        int pressure = node(n -> !n.pressures().isEmpty());
        double cx = frame.layout.tileX[cordoned] + 80 + 20;
        assertThat(at(p, cx, frame.layout.tileY[cordoned] + 20 + 1)).isEqualTo(c.warning);
        assertThat(at(p, frame.layout.tileX[pressure] + 100, frame.layout.tileY[pressure] + 21)).isEqualTo(c.danger);
        int pod = frame.index.podStart[cordoned];
        assertThat(at(p, frame.layout.cellX(frame.index, cordoned, 0) + 21, frame.layout.cellY(frame.index, cordoned, 0) + 21))
                .isEqualTo(c.pod[frame.index.podClass[pod]]);
        assertThat(textPixels(p, cordoned, 1.0, 1)).isPositive();
    }

    @Test
    void onAHighDensityScreenEverythingIsDrawnAtTwiceTheResolution() throws Exception {
        TopologyPixels one = render(1.0, 1);
        TopologyPixels two = render(1.0, 2);
        assertThat(two.w).isEqualTo(one.w * 2);
        int cordoned = node(NodeInfo::unschedulable);
        double x = frame.layout.tileX[cordoned] + 100;
        double y = frame.layout.tileY[cordoned] + 21;
        assertThat(at(two, x * 2, y * 2)).isEqualTo(at(one, x, y)).isEqualTo(c.warning);
        int textOne = textPixels(one, cordoned, 1.0, 1);
        int textTwo = textPixels(two, cordoned, 1.0, 2);
        // the same words in glyphs rasterised twice as large
        assertThat(textTwo).isGreaterThan(textOne * 2);
    }

    @Test
    void atASmallScaleNodesAreDensityBarsWithoutText() throws Exception {
        TopologyPixels p = render(0.2, 1);
        // a node in the last row, clear of the zone headings
        int healthy = -1;
        for (int n = 0; n < frame.index.nodes.length; n++) {
            if (frame.index.nodes[n].healthy() && frame.layout.tileY[n] >= frame.layout.tileY[healthy < 0 ? n : healthy]) {
                healthy = n;
            }
        }
        assertThat(textPixels(p, healthy, 0.2, 1)).isZero();
        // the left end of the tile is its worst (or only) class of pod
        byte worst = -1;
        for (byte cls : PodClass.SEVERITY) {
            if (frame.index.classCount(healthy, cls) > 0) {
                worst = cls;
                break;
            }
        }
        double x = frame.layout.tileX[healthy] * 0.2 + 20 + 1;
        double y = (frame.layout.tileY[healthy] + frame.layout.tileH / 2) * 0.2 + 20;
        assertThat(at(p, x, y)).isEqualTo(c.pod[worst]);
    }

    @Test
    void cachePodsCarryTheirHitRatioAsABand() throws Exception {
        TopologyPixels p = render(1.5, 1);
        int checked = 0;
        for (int pod = 0; pod < frame.index.pods.length; pod++) {
            if (frame.caches.kind(pod) != TopologyCaches.RATIO) {
                continue;
            }
            int node = frame.index.podNode[pod];
            int i = pod - frame.index.podStart[node];
            double x = frame.layout.cellX(frame.index, node, i) * 1.5 + 20;
            double y = frame.layout.cellY(frame.index, node, i) * 1.5 + 20;
            double size = Math.round(TopologyLayout.CELL_SIZE * 1.5);
            assertThat(at(p, x + 2, y + 1)).isEqualTo(c.pod[frame.index.podClass[pod]]);
            assertThat(at(p, x + 2, y + size - 1)).isEqualTo(c.hitRatio(frame.caches.hitRatio(pod)));
            checked++;
        }
        // the sandbox's seven cache pods all have figures
        assertThat(checked).isEqualTo(7);
    }

    @Test
    void bandsAreJudgedByTheThresholdsSetInSettings() {
        io.opsdeck.views.caches.HitRatioThresholds strictOnes = new io.opsdeck.views.caches.HitRatioThresholds(0.99, 0.97);
        TopologyColours strict = new TopologyColours(Theme.LIGHT, strictOnes);
        assertThat(c.hitRatio(0.96f)).as("fine by the defaults (90 %%, 75 %%)").isEqualTo(c.accent);
        assertThat(c.hitRatio(0.80f)).isEqualTo(c.warning);
        assertThat(c.hitRatio(0.70f)).isEqualTo(c.danger);
        assertThat(strict.hitRatio(0.98f)).isEqualTo(strict.warning);
        assertThat(strict.hitRatio(0.96f)).isEqualTo(strict.danger);
        assertThat(strict.hitRatio(0.995f)).isEqualTo(strict.accent);
        assertThat(c.hitRatio(Float.NaN)).as("no reads: no verdict").isEqualTo(c.muted);
    }
}
