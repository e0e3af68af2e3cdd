package io.opsdeck.services.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxSpecTest {

    @Test
    void parsesNodesByPods() {
        assertThat(SandboxSpec.parse("5000x150000", 1)).isEqualTo(new SandboxSpec(1, 5000, 150_000));
        assertThat(SandboxSpec.parse("100x3000", 9)).isEqualTo(new SandboxSpec(9, 100, 3000));
        assertThat(SandboxSpec.parse("1x0", 42)).isEqualTo(new SandboxSpec(42, 1, 0));
    }

    @Test
    void toleratesSpacesAndUpperCaseX() {
        assertThat(SandboxSpec.parse(" 12X150 ", 42)).isEqualTo(SandboxSpec.DEFAULT);
        assertThat(SandboxSpec.parse("12 x 150", 42)).isEqualTo(SandboxSpec.DEFAULT);
    }

    @Test
    void acceptsTheLimits() {
        assertThat(SandboxSpec.parse(SandboxSpec.MAX_NODES + "x" + SandboxSpec.MAX_PODS, 1).nodes())
                .isEqualTo(SandboxSpec.MAX_NODES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "", "x", "12x", "x150", "12x150x", "12xx150", "12x150x3"})
    void rejectsSizesThatAreNotTwoNumbers(String size) {
        assertThatThrownBy(() -> SandboxSpec.parse(size, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NODESxPODS")
                .hasMessageContaining("'" + size + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ax5", "5xb", "1.5x10", "99999999999x5"})
    void rejectsSizesThatAreNotWholeNumbers(String size) {
        assertThatThrownBy(() -> SandboxSpec.parse(size, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole numbers")
                .hasMessageContaining(size);
    }

    @Test
    void rejectsNodeCountsOutOfRange() {
        assertThatThrownBy(() -> SandboxSpec.parse("0x10", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sandbox needs 1 to 20000 nodes, not 0");
        assertThatThrownBy(() -> SandboxSpec.parse("-1x5", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes, not -1");
        assertThatThrownBy(() -> new SandboxSpec(1, SandboxSpec.MAX_NODES + 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes, not 20001");
    }

    @Test
    void rejectsPodCountsOutOfRange() {
        assertThatThrownBy(() -> SandboxSpec.parse("5x-1", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sandbox holds 0 to 600000 pods, not -1");
        assertThatThrownBy(() -> new SandboxSpec(1, 5, SandboxSpec.MAX_PODS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pods, not 600001");
    }

    @Test
    void describesItselfAsItIsWritten() {
        assertThat(SandboxSpec.DEFAULT).hasToString("12x150 (seed 42)");
    }
}
