package io.opsdeck.services.overview;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.PodInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodIndexTest {
    private final PodIndex index = new PodIndex(List.of(
            Fixtures.pod("shop", "web-1", "n", Map.of("app", "web", "tier", "front")),
            Fixtures.pod("shop", "web-2", "n", Map.of("app", "web", "tier", "back")),
            Fixtures.pod("shop", "api-1", "n", Map.of("app", "api", "tier", "front")),
            Fixtures.pod("dev", "web-1", "n", Map.of("app", "web", "tier", "front"))));

    @Test
    void selectsPodsHoldingEveryLabelOfTheSelectorInTheNamespace() {
        assertThat(names(index.select("shop", Map.of("app", "web")))).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(names(index.select("shop", Map.of("app", "web", "tier", "front")))).containsExactly("web-1");
        assertThat(names(index.select("shop", Map.of("tier", "front")))).containsExactlyInAnyOrder("web-1", "api-1");
        assertThat(names(index.select("dev", Map.of("app", "web")))).containsExactly("web-1");
    }

    @Test
    void selectsNothingForAnEmptySelectorAnUnknownLabelOrNamespace() {
        assertThat(index.select("shop", Map.of())).isEmpty();
        assertThat(index.select("shop", Map.of("app", "web", "tier", "middle"))).isEmpty();
        assertThat(index.select("shop", Map.of("app", "db"))).isEmpty();
        assertThat(index.select("nowhere", Map.of("app", "web"))).isEmpty();
    }

    private static List<String> names(List<PodInfo> pods) {
        return pods.stream().map(PodInfo::name).toList();
    }
}
