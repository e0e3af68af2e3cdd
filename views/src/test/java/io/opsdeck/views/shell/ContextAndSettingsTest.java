package io.opsdeck.views.shell;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.console.Pages;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ContextAndSettingsTest {
    private ShellModel model;
    private MainView view;
    private final List<String> switched = new ArrayList<>();
    private final List<String> overrides = new ArrayList<>();

    private final Workers workers = new Workers();

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    @Start
    void start(Stage stage) {
        model = new ShellModel(SandboxOverviews.CLOCK, () -> { });
        List<ContextChoice> contexts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            contexts.add(new ContextChoice(String.format("team-%03d-%s", i, i % 2 == 0 ? "prod" : "staging"),
                    "cluster: c" + i + " · user: u" + i + " · namespace: default"));
        }
        contexts.add(new ContextChoice("kind-local", "cluster: kind-local · user: kind-local"));
        model.contexts().setAll(contexts);
        model.currentContextProperty().set("kind-local");
        model.setContextSwitcher(switched::add);
        model.setPrometheusOverride(overrides::add);
        model.metricsSettingsProperty().set(new MetricsSettings("http://127.0.0.1:9090", "found in the cluster: monitoring/prometheus-k8s:9090", ""));
        view = new MainView(model, Pages.create(model, workers.scheduler("topology")));
        stage.setScene(view.createScene(1400, 900));
        stage.show();
        model.apply(SandboxOverviews.defaultSandbox());
    }

    @Test
    void switcherFiltersHundredsOfContextsAndSwitchesOnEnter(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.contextSwitcherVisible()).isTrue();
        ListView<?> list = robot.lookup("#context-list").queryAs(ListView.class);
        assertThat(list.getItems()).hasSize(301);
        robot.clickOn("#context-search").write("042 prod");
        assertThat(list.getItems()).hasSize(1);
        robot.type(KeyCode.ENTER);
        assertThat(switched).containsExactly("team-042-prod");
        assertThat(model.currentContextProperty().get()).isEqualTo("team-042-prod");
        assertThat(view.contextSwitcherVisible()).isFalse();
        assertThat(model.overview()).as("the old context's data is not shown for the new one").isNull();
        assertThat(model.activity()).anyMatch(e -> e.text().equals("Switching to context team-042-prod"));
    }

    @Test
    void switcherClosesWithEscapeWithoutSwitching(FxRobot robot) {
        robot.clickOn("#status-context");
        assertThat(view.contextSwitcherVisible()).isTrue();
        robot.type(KeyCode.ESCAPE);
        assertThat(view.contextSwitcherVisible()).isFalse();
        assertThat(switched).isEmpty();
    }

    @Test
    void settingsShowWhereMetricsComeFromAndValidateTheOverride(FxRobot robot) {
        robot.clickOn("#nav-settings");
        assertThat(robot.lookup("#settings-context").queryAs(Label.class).getText()).isEqualTo("kind-local");
        assertThat(robot.lookup("#settings-metrics-endpoint").queryAs(Label.class).getText()).isEqualTo("http://127.0.0.1:9090");
        assertThat(robot.lookup("#settings-metrics-origin").queryAs(Label.class).getText()).contains("prometheus-k8s");

        robot.clickOn("#settings-prometheus-url").write("prometheus:9090");
        robot.clickOn("#settings-save");
        assertThat(robot.lookup("#settings-problem").queryAs(Label.class).getText()).contains("http://");
        assertThat(overrides).isEmpty();

        robot.interact(() -> robot.lookup("#settings-prometheus-url").queryAs(TextField.class).setText("http://admin:hunter2@prom:9090"));
        robot.clickOn("#settings-save");
        assertThat(robot.lookup("#settings-problem").queryAs(Label.class).getText()).contains("password");
        assertThat(overrides).isEmpty();

        robot.interact(() -> robot.lookup("#settings-prometheus-url").queryAs(TextField.class).setText("http://127.0.0.1:9091"));
        robot.clickOn("#settings-save");
        assertThat(overrides).containsExactly("http://127.0.0.1:9091");
        assertThat(robot.lookup("#settings-problem").queryAs(Label.class).getText()).isEmpty();

        robot.clickOn("#settings-clear");
        assertThat(overrides).containsExactly("http://127.0.0.1:9091", "");
    }

    @Test
    void theOpenedSessionsOwnStateIsWhatSettingsShow(FxRobot robot) {
        robot.interact(() -> model.sessionOpened("sandbox", new MetricsSettings("sandbox", "the sandbox's own metrics", ""),
                List.of(new ExternalCacheEntry("billing", "redis", "127.0.0.1:6380", ""))));
        robot.clickOn("#nav-settings");

        assertThat(robot.lookup("#settings-context").queryAs(Label.class).getText()).isEqualTo("sandbox");
        assertThat(robot.lookup("#settings-metrics-endpoint").queryAs(Label.class).getText()).isEqualTo("sandbox");
        assertThat(robot.lookup("#settings-metrics-origin").queryAs(Label.class).getText())
                .isEqualTo("the sandbox's own metrics");
        assertThat(model.externalCaches()).extracting(ExternalCacheEntry::name).containsExactly("billing");
        assertThat(switched).as("what comes back from the session switches nothing").isEmpty();
    }
}
