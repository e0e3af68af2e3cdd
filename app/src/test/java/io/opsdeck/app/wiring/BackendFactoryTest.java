package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.sandbox.SandboxSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The session's context and its saved settings come from one place: the backend chosen for it. */
class BackendFactoryTest {
    @TempDir
    Path home;

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: team-a
            clusters:
            - name: a
              cluster:
                server: https://127.0.0.1:1
            users:
            - name: a
              user:
                token: not-a-real-token
            contexts:
            - name: team-a
              context:
                cluster: a
                user: a
            - name: team-b
              context:
                cluster: a
                user: a
            """;

    @Test
    void theKubeconfigsCurrentContextIsResolvedAndItsSavedSettingsReadOnce() throws IOException {
        Path kubeconfig = Files.writeString(home.resolve("config"), KUBECONFIG);
        Settings settings = Settings.defaults()
                .withContext("team-a", Settings.ContextSettings.defaults().withPrometheusUrl("http://127.0.0.1:9"))
                .withContext("team-b", Settings.ContextSettings.defaults().withPrometheusUrl("http://127.0.0.1:8"));
        SourceRequest request = new SourceRequest(false, SandboxSpec.DEFAULT, kubeconfig, null, null, "", settings, false);

        try (Workers workers = new Workers()) {
            BackendFactory.Choice choice = BackendFactory.create(request, workers, Clock.systemUTC(), Map.of(), home);
            try {
                assertThat(choice.context()).as("no context asked for: the kubeconfig's current one").isEqualTo("team-a");
                assertThat(choice.contextSettings().prometheusUrl()).isEqualTo("http://127.0.0.1:9");
                assertThat(choice.metricsOrigin()).isEqualTo("settings");
                assertThat(choice.backend().metrics().endpoint()).contains("127.0.0.1:9");
            } finally {
                choice.backend().close();
            }

            BackendFactory.Choice other = BackendFactory.create(request.withContext("team-b"), workers, Clock.systemUTC(),
                    Map.of(), home);
            try {
                assertThat(other.context()).isEqualTo("team-b");
                assertThat(other.contextSettings().prometheusUrl()).isEqualTo("http://127.0.0.1:8");
            } finally {
                other.backend().close();
            }
        }
    }

    @Test
    void theSandboxSaysWhichContextAndMetricsItIs() {
        SourceRequest request = new SourceRequest(true, SandboxSpec.DEFAULT, null, null, null, "", Settings.defaults(), false);
        try (Workers workers = new Workers()) {
            BackendFactory.Choice choice = BackendFactory.create(request, workers, Clock.systemUTC(), Map.of(), home);
            try {
                assertThat(choice.context()).isEqualTo(choice.backend().cluster().contextName()).isNotBlank();
                assertThat(choice.backend().metrics().endpoint()).isNotBlank().isNotEqualTo("none");
                assertThat(choice.metricsOrigin()).isNotBlank();
            } finally {
                choice.backend().close();
            }
        }
    }
}
