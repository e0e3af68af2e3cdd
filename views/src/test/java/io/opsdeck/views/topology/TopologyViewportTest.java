package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.opsdeck.views.topology.TopologyFixtures.cluster;
import static io.opsdeck.views.topology.TopologyFixtures.node;
import static io.opsdeck.views.topology.TopologyFixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TopologyViewportTest {
    private final List<NodeInfo> nodes = List.of(node("a", "r", "z"), node("b", "r", "z"), node("c", "r", "z2"));
    private final TopologyLayout layout = TopologyFixtures.frame(overview(cluster(nodes,
            TopologyFixtures.podsOn(nodes, 20))), TopologyFilter.NONE).layout;

    @Test
    void fittingShowsTheWholeWorldCentredAcross() {
        TopologyViewport vp = new TopologyViewport();
        vp.fit(layout, 400, 300);
        assertThat(vp.sx(0)).isGreaterThanOrEqualTo(0);
        assertThat(vp.sx(layout.worldW)).isLessThanOrEqualTo(400);
        assertThat(vp.sy(layout.worldH)).isLessThanOrEqualTo(300);
        assertThat(vp.sx(0) + vp.sx(layout.worldW)).isCloseTo(400, within(1e-6));
        vp.fit(layout, 4000, 3000);
        assertThat(vp.scale).isEqualTo(TopologyViewport.MAX_FIT_SCALE);
    }

    @Test
    void zoomKeepsThePointUnderThePointerAndStaysInBounds() {
        TopologyViewport vp = new TopologyViewport();
        vp.fit(layout, 400, 300);
        double wx = vp.wx(123);
        double wy = vp.wy(77);
        vp.zoomAt(2.5, 123, 77, layout, 400, 300);
        assertThat(vp.sx(wx)).isCloseTo(123, within(1e-9));
        assertThat(vp.sy(wy)).isCloseTo(77, within(1e-9));
        assertThat(vp.autoFit).isFalse();
        vp.zoomAt(1e6, 0, 0, layout, 400, 300);
        assertThat(vp.scale).isEqualTo(TopologyViewport.MAX_SCALE);
        vp.zoomAt(1e-9, 0, 0, layout, 400, 300);
        assertThat(vp.scale).isPositive().isLessThan(TopologyViewport.fitScale(layout, 400, 300));
    }

    @Test
    void aGlideEndsExactlyOnItsTarget() {
        TopologyViewport vp = new TopologyViewport();
        vp.fit(layout, 400, 300);
        vp.glideTo(50, 60, 2.0, 400, 300, 0);
        assertThat(vp.step(TopologyViewport.GLIDE_NANOS / 2, 400, 300)).isTrue();
        assertThat(vp.gliding()).isTrue();
        assertThat(vp.step(TopologyViewport.GLIDE_NANOS, 400, 300)).isTrue();
        assertThat(vp.gliding()).isFalse();
        assertThat(vp.scale).isCloseTo(2.0, within(1e-9));
        assertThat(vp.sx(50)).isCloseTo(200, within(1e-9));
        assertThat(vp.sy(60)).isCloseTo(150, within(1e-9));
        assertThat(vp.step(TopologyViewport.GLIDE_NANOS * 2, 400, 300)).isFalse();
    }
}
