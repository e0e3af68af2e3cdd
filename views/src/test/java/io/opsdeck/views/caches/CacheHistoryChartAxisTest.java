package io.opsdeck.views.caches;

import io.opsdeck.views.caches.CacheHistoryChart.AxisLabel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheHistoryChartAxisTest {
    static final double LEFT = 40;
    static final double WIDEST = 38;
    static final double NOW = 18;

    @ParameterizedTest
    @ValueSource(doubles = {60, 90, 140, 200, 235, 300, 420, 800})
    void noTwoTimeLabelsTouchAtAnyWidth(double plotWidth) {
        List<AxisLabel> labels = CacheHistoryChart.timeAxis(LEFT, plotWidth, WIDEST, NOW);

        for (int i = 1; i < labels.size(); i++) {
            assertThat(labels.get(i).x() - labels.get(i - 1).end()).as("%s then %s", labels.get(i - 1), labels.get(i))
                    .isGreaterThanOrEqualTo(CacheHistoryChart.AXIS_GAP);
        }
        for (AxisLabel l : labels) {
            assertThat(l.x()).isGreaterThanOrEqualTo(LEFT);
            assertThat(l.end()).isLessThanOrEqualTo(LEFT + plotWidth + 1e-9);
        }
        assertThat(labels).extracting(AxisLabel::text).last().isEqualTo("now");
    }

    @ParameterizedTest
    @ValueSource(doubles = {235, 420})
    void fewerLabelsWhenThePlotIsNarrowAllFiveWhenItIsWide(double plotWidth) {
        List<String> texts = CacheHistoryChart.timeAxis(LEFT, plotWidth, WIDEST, NOW).stream()
                .map(AxisLabel::text).toList();

        if (plotWidth < 300) {
            assertThat(texts).containsExactly("−60 min", "−30 min", "now");
        } else {
            assertThat(texts).containsExactly("−60 min", "−45 min", "−30 min", "−15 min", "now");
        }
    }
}
