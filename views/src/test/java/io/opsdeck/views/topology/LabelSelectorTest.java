package io.opsdeck.views.topology;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "frontend", "env", "prod");

    @Test
    void blankMatchesEverything() {
        assertThat(LabelSelector.parse("  ").isEmpty()).isTrue();
        assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
    }

    @Test
    void equalityAndInequality() {
        assertThat(LabelSelector.parse("app=web").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app==web").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app=api").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("app!=api").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("missing!=x").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app=web, tier!=frontend").matches(WEB)).isFalse();
    }

    @Test
    void setsAndExistence() {
        assertThat(LabelSelector.parse("env in (staging, prod)").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("env notin (prod)").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("tier").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("!tier").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("!gpu,app.kubernetes.io/name notin (redis)").matches(WEB)).isTrue();
    }

    @Test
    void mistakesSaySomethingUseful() {
        assertThatThrownBy(() -> LabelSelector.parse("env in (a,b")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> LabelSelector.parse("env in a")).hasMessageContaining("parentheses");
        assertThatThrownBy(() -> LabelSelector.parse("app=we b")).hasMessageContaining("not a label value");
        assertThatThrownBy(() -> LabelSelector.parse("app=web,,x")).hasMessageContaining("empty requirement");
    }
}
