package io.opsdeck.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsdeck.app.settings.Settings.ContextSettings;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreLightThemeTopologyAndNoContexts() {
        Settings settings = Settings.defaults();

        assertThat(settings.theme()).isEqualTo("light");
        assertThat(settings.lastView()).isEqualTo("topology");
        assertThat(settings.contexts()).isEmpty();
    }

    @Test
    void withersReturnChangedCopies() {
        Settings original = Settings.defaults();

        Settings changed = original.withTheme("dark").withLastView("caches");

        assertThat(changed.theme()).isEqualTo("dark");
        assertThat(changed.lastView()).isEqualTo("caches");
        assertThat(original).isEqualTo(Settings.defaults());
    }

    @Test
    void withThemeRejectsUnknownThemes() {
        assertThatThrownBy(() -> Settings.defaults().withTheme("solarized"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("solarized");
    }

    @Test
    void missingOrUnknownValuesFallBackToDefaults() {
        Settings settings = new Settings("solarized", " ", null);

        assertThat(settings).isEqualTo(Settings.defaults());
        assertThat(new Settings(null, null, null)).isEqualTo(Settings.defaults());
    }

    @Test
    void contextsAreACopySortedByNameAndUnmodifiable() {
        Map<String, ContextSettings> input = new HashMap<>();
        input.put("prod", new ContextSettings("http://prom:9090", true, true));
        input.put("dev", null);

        Settings settings = new Settings("dark", "topology", input);
        input.clear();

        assertThat(settings.contexts()).containsOnlyKeys("dev", "prod");
        assertThat(settings.contexts().keySet()).containsExactly("dev", "prod");
        assertThat(settings.contexts().get("dev")).isEqualTo(ContextSettings.defaults());
        assertThatThrownBy(() -> settings.contexts().put("x", ContextSettings.defaults()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void contextLookupFallsBackToDefaults() {
        Settings settings = Settings.defaults()
                .withContext("prod", ContextSettings.defaults().withReadOnly(true).withProtectedContext(true));

        assertThat(settings.context("prod").readOnly()).isTrue();
        assertThat(settings.context("prod").protectedContext()).isTrue();
        assertThat(settings.context("staging")).isEqualTo(ContextSettings.defaults());
    }

    @Test
    void prometheusUrlWithCredentialsIsRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> new ContextSettings("https://admin:hunter2@prom.example:9090/", false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("hunter2");
        assertThat(new ContextSettings("http://prom.example:9090/api?x=a@b", false, false).prometheusUrl())
                .isEqualTo("http://prom.example:9090/api?x=a@b");
        assertThat(new ContextSettings("  ", false, false).prometheusUrl()).isNull();
    }

    @Test
    void noComponentCouldHoldASecret() {
        assertThat(Arrays.stream(Settings.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .map(name -> name.toLowerCase(Locale.ROOT)))
                .noneMatch(name -> name.matches(".*(token|password|secret|key|credential).*"));
        assertThat(Arrays.stream(ContextSettings.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .map(name -> name.toLowerCase(Locale.ROOT)))
                .noneMatch(name -> name.matches(".*(token|password|secret|key|credential).*"));
        // references to where a cache password is are checked to be references (SettingsStoreTest)
        assertThat(Arrays.stream(Settings.ExternalCache.class.getRecordComponents())
                        .filter(c -> c.getType() != boolean.class) // a yes/no holds no secret: allowCleartextPassword
                        .map(RecordComponent::getName)
                        .map(name -> name.toLowerCase(Locale.ROOT)))
                .noneMatch(name -> name.matches(".*(token|password|secret|key|credential).*"));
    }

    @Test
    void aTlsKeyIsGivenByTheNameOfItsFileAndItsContentIsRefusedWithoutAnEcho() {
        Settings.TlsSettings t = new Settings.TlsSettings(true, "/etc/ca.pem", "", "/home/me/client.pem",
                "/home/me/client.key");
        assertThat(t.clientKeyFile()).isEqualTo("/home/me/client.key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Settings.TlsSettings(true, "", "", "/c.pem",
                        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path")
                .hasMessageNotContaining("MIIEvQIBADANBgkq");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Settings.TlsSettings(true, "", "", "/c.pem", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both, or neither");
    }
}
