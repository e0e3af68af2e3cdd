package io.opsdeck.views.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.console.Pages;
import io.opsdeck.views.theme.Theme;
import javafx.application.Application;
import javafx.scene.AccessibleAttribute;
import javafx.scene.Node;
import io.opsdeck.views.topology.TopologyView;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MainViewTest {
    private ShellModel model;
    private MainView view;
    private final AtomicInteger refreshes = new AtomicInteger();

    private final Workers workers = new Workers();

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    @Start
    void start(Stage stage) {
        model = new ShellModel(SandboxOverviews.CLOCK, refreshes::incrementAndGet);
        view = new MainView(model, Pages.create(model, workers.scheduler("topology")));
        stage.setScene(view.createScene(1400, 900));
        stage.show();
        model.apply(SandboxOverviews.defaultSandbox());
    }

    private static boolean showing(FxRobot robot, String id) {
        Node n = robot.lookup(id).tryQuery().orElse(null);
        return n != null && n.getScene() != null && n.isVisible();
    }

    @Test
    void whatTheFirstFrameDoesNotShowIsMadeWhenFirstNeeded(FxRobot robot) throws Exception {
        // in the scene, hidden or not, a control is skinned in the first CSS pass (issue #16: first frame)
        assertThat(robot.lookup("#action-dialog").tryQuery()).as("the action dialog").isEmpty();
        assertThat(robot.lookup("#action-progress").tryQuery()).as("the progress pane").isEmpty();
        assertThat(robot.lookup("#topology-details .scroll-pane").tryQuery()).as("the details' scroll pane").isEmpty();
        Button fit = robot.lookup("#topology-fit").queryAs(Button.class);
        assertThat(fit.getTooltip()).as("no tooltip before the first hover").isNull();
        assertThat(fit.queryAccessibleAttribute(AccessibleAttribute.HELP)).as("what a screen reader says")
                .isEqualTo("Fit to screen (F or 0)");
        robot.moveTo(fit);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fit.getTooltip() != null);
        assertThat(fit.getTooltip().getText()).isEqualTo("Fit to screen (F or 0)");
        assertThat(fit.queryAccessibleAttribute(AccessibleAttribute.HELP)).isEqualTo("Fit to screen (F or 0)");
    }

    @Test
    void opensOnTopologyWithZonesNodesAndStates(FxRobot robot) throws Exception {
        assertThat(showing(robot, "#page-topology")).isTrue();
        // the page lays the cluster out off the FX thread: wait for the picture
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#zone-eu-west-1c").tryQuery().isPresent());
        assertThat(robot.lookup("#zone-eu-west-1a").queryAs(Labeled.class).getText()).isEqualTo("eu-west-1a · 4");
        assertThat(robot.lookup("#zone-eu-west-1b").tryQuery()).isPresent();
        assertThat(robot.lookup("#topology-problem-cordoned").queryAs(Labeled.class).getText()).isEqualTo("1 cordoned");
        assertThat(robot.lookup("#topology-problem-pressure").queryAs(Labeled.class).getText())
                .isEqualTo("1 under pressure");
        assertThat(robot.lookup("#topology-subtitle").queryAs(Label.class).getText())
                .contains("12 nodes").contains("150 pods").contains("3 zones");
        // nodes and pods are pixels on one image, not scene-graph nodes
        assertThat(robot.lookup("#topology-view").queryAs(TopologyView.class).getChildrenUnmodifiable()).hasSize(2);
        robot.clickOn("#topology-search").write("node-b-02").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#topology-details-title").tryQuery()
                .map(n -> ((Labeled) n).getText().equals("node-b-02")).orElse(false));
        assertThat(robot.lookup("#topology-details-badges .label").queryAllAs(Label.class).stream().map(Label::getText))
                .containsExactly("Ready", "Cordoned");
    }

    @Test
    void navigationByClickShowsEachPage(FxRobot robot) {
        robot.clickOn("#nav-caches");
        assertThat(showing(robot, "#page-caches")).isTrue();
        assertThat(showing(robot, "#page-topology")).isFalse();
        assertThat(model.pageProperty().get()).isEqualTo("caches");
        TableView<?> caches = robot.lookup("#cache-table").queryAs(TableView.class);
        assertThat(caches.getItems()).hasSize(7);

        robot.clickOn("#nav-services");
        assertThat(showing(robot, "#page-services")).isTrue();
        @SuppressWarnings("unchecked")
        TableView<ServiceHealth> services = robot.lookup("#service-table").queryAs(TableView.class);
        assertThat(services.getItems().get(0).health()).isEqualTo(Health.DOWN);
        assertThat(services.getItems().get(0).service().name()).isEqualTo("payments");

        robot.clickOn("#nav-alerts");
        assertThat(showing(robot, "#page-alerts")).isTrue();
        assertThat(robot.lookup("#event-table").queryAs(TableView.class).getItems()).isNotEmpty();

        robot.clickOn("#nav-activity");
        assertThat(showing(robot, "#page-activity")).isTrue();
    }

    @Test
    void keyboardShortcutsSwitchViews(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.pageProperty().get()).isEqualTo("services");
        assertThat(showing(robot, "#page-services")).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(showing(robot, "#page-caches")).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(showing(robot, "#page-topology")).isTrue();
    }

    @Test
    void helpOverlayOpensWithF1AndClosesWithEscape(FxRobot robot) {
        assertThat(view.helpVisible()).isFalse();
        robot.type(KeyCode.F1);
        assertThat(view.helpVisible()).isTrue();
        assertThat(robot.lookup("#help-overlay .key").queryAllAs(Label.class).stream().map(Label::getText))
                .contains("Ctrl+1", "Ctrl+5", "Ctrl+T", "F1 or ?");
        robot.type(KeyCode.ESCAPE);
        assertThat(view.helpVisible()).isFalse();
    }

    @Test
    void themeSwitchesAtRunTimeByButtonAndShortcut(FxRobot robot) {
        assertThat(model.themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());
        javafx.scene.Scene scene = robot.lookup("#theme-toggle").query().getScene();
        // the window's background is the scene's fill; the root paints none of its own under the pages
        assertThat(scene.getFill()).isEqualTo(javafx.scene.paint.Color.WHITE);
        javafx.scene.layout.Region root = (javafx.scene.layout.Region) scene.getRoot();
        assertThat(root.getBackground() == null || root.getBackground().isEmpty()).as("root background %s",
                root.getBackground()).isTrue();
        robot.clickOn("#theme-toggle");
        assertThat(model.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        assertThat(scene.getFill()).isEqualTo(javafx.scene.paint.Color.web("#0d1117"));
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());
        assertThat(model.activity()).anyMatch(e -> e.text().contains("dark theme"));
    }

    @Test
    void refreshShortcutAsksTheBackground(FxRobot robot) {
        robot.type(KeyCode.F5);
        assertThat(refreshes.get()).isEqualTo(1);
    }

    @Test
    void statusBarShowsContextConnectionsAndErrors(FxRobot robot) {
        assertThat(robot.lookup("#status-context").queryAs(javafx.scene.control.Labeled.class).getText()).isEqualTo("Context: sandbox");
        assertThat(robot.lookup("#status-cluster").queryAs(Label.class).getText()).startsWith("Cluster: connected for 30 s");
        Overview o = model.overview();
        ConnectionStatus down = new ConnectionStatus(ConnectionState.DOWN, SandboxOverviews.NOW.minusSeconds(5),
                "Prometheus at http://127.0.0.1:9 refused the connection; retrying in 10 s",
                SandboxOverviews.NOW.minusSeconds(65), "http://127.0.0.1:9");
        robot.interact(() -> model.apply(new Overview(o.cluster(), o.metrics(), o.clusterStatus(), down, o.zones(),
                o.caches(), o.cacheClusters(), o.services(), o.refreshedAt())));
        assertThat(robot.lookup("#status-metrics").queryAs(Label.class).getText())
                .isEqualTo("Metrics: down for 5 s, data 1 min old");
        assertThat(robot.lookup("#status-error").queryAs(Label.class).getText()).contains("refused the connection");
        assertThat(model.activity()).anyMatch(e -> e.text().startsWith("Metrics down"));

        // panels keep the last figures and say how old they are
        robot.clickOn("#nav-caches");
        Label stale = robot.lookup("#caches-stale").queryAs(Label.class);
        assertThat(stale.isVisible()).isTrue();
        assertThat(stale.getText()).startsWith("Metrics unreachable for 5 s: Prometheus at http://127.0.0.1:9 refused")
                .contains("What is shown is from");
        assertThat(robot.lookup("#cache-table").queryAs(TableView.class).getItems()).hasSize(7);
    }

    @Test
    void aClusterDownShowsSinceWhenAndHowOldTheTopologyIs(FxRobot robot) {
        Label stale = robot.lookup("#topology-stale").queryAs(Label.class);
        assertThat(stale.isVisible()).as("fresh data, no banner").isFalse();
        Overview o = model.overview();
        ConnectionStatus down = new ConnectionStatus(ConnectionState.DOWN, SandboxOverviews.NOW.minusSeconds(5),
                "Cannot reach the API server at https://127.0.0.1:6443: connection refused; retrying in 4 s",
                o.cluster().takenAt(), "https://127.0.0.1:6443");
        robot.interact(() -> model.apply(new Overview(o.cluster(), o.metrics(), down, o.metricsStatus(), o.zones(),
                o.caches(), o.cacheClusters(), o.services(), o.refreshedAt())));
        assertThat(stale.isVisible()).isTrue();
        assertThat(stale.getText()).startsWith("Cluster unreachable for ").contains("connection refused")
                .contains("What is shown is from");
        assertThat(stale.getStyleClass()).contains("danger");
    }

    @Test
    void aLongErrorGivesWayToTheStatesInTheStatusBar(FxRobot robot) {
        Overview o = model.overview();
        String longError = "No Prometheus found in the cluster (looked for the Services of prometheus-operator, "
                + "kube-prometheus, kube-prometheus-stack, the prometheus chart and Thanos Query); set its URL in "
                + "Settings or with --prometheus-url, ".repeat(3);
        ConnectionStatus down = new ConnectionStatus(ConnectionState.DOWN, SandboxOverviews.NOW.minusSeconds(5),
                longError, SandboxOverviews.NOW.minusSeconds(65), "http://127.0.0.1:9");
        robot.interact(() -> model.apply(new Overview(o.cluster(), o.metrics(), o.clusterStatus(), down, o.zones(),
                o.caches(), o.cacheClusters(), o.services(), o.refreshedAt())));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("#status-context", "#status-cluster", "#status-metrics", "#status-refreshed")) {
            Labeled label = robot.lookup(id).queryAs(Labeled.class);
            javafx.scene.text.Text shown = (javafx.scene.text.Text) label.lookup(".text");
            assertThat(shown.getText()).as("%s is shown whole", id).isEqualTo(label.getText());
        }
        Label error = robot.lookup("#status-error").queryAs(Label.class);
        assertThat(((javafx.scene.text.Text) error.lookup(".text")).getText()).as("the error gives way")
                .isNotEqualTo(error.getText()).hasSizeLessThan(error.getText().length());
        assertThat(error.getTooltip().getText()).isEqualTo(longError);
    }

    @Test
    void aClusterWhoseTlsIsNotVerifiedSaysSoInTheStatusBar(FxRobot robot) {
        Label cluster = robot.lookup("#status-cluster").queryAs(Label.class);
        assertThat(cluster.getText()).doesNotContain("TLS");
        Overview o = model.overview();
        robot.interact(() -> model.apply(new Overview(o.cluster(), o.metrics(), o.clusterStatus().withTlsVerify(false),
                o.metricsStatus(), o.zones(), o.caches(), o.cacheClusters(), o.services(), o.refreshedAt())));
        assertThat(cluster.getText()).startsWith("Cluster: connected for 30 s").endsWith(" · TLS not verified");
        assertThat(cluster.getTooltip().getText()).contains("insecure-skip-tls-verify");
    }

    @Test
    void freshDataShowsNoStaleBanner(FxRobot robot) {
        robot.clickOn("#nav-caches");
        assertThat(robot.lookup("#caches-stale").queryAs(Label.class).isVisible()).isFalse();
        robot.clickOn("#nav-services");
        assertThat(robot.lookup("#services-stale").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void aCacheNodeSelectedInCachesIsSelectedInTopologyAndTheOtherWayRound(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#zone-eu-west-1c").tryQuery().isPresent());
        robot.clickOn("#nav-caches");
        @SuppressWarnings("unchecked")
        TableView<Object> caches = robot.lookup("#cache-table").queryAs(TableView.class);
        robot.interact(() -> caches.getSelectionModel().select(0));
        io.opsdeck.services.model.PodKey selected = model.selectedPodProperty().get();
        assertThat(selected).isNotNull();

        robot.clickOn("#cache-show-in-topology");
        assertThat(model.pageProperty().get()).isEqualTo("topology");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#topology-details-title").tryQuery()
                .map(n -> ((Labeled) n).getText().equals(selected.name())).orElse(false));
        assertThat(robot.lookup("#topology-details-cache").queryAs(Label.class).getText()).contains("Memcached");

        robot.clickOn("#topology-search").write("redis-1").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> new io.opsdeck.services.model.PodKey("cache", "redis-1")
                .equals(model.selectedPodProperty().get()));
        robot.clickOn("#topology-details-open-caches");
        assertThat(model.pageProperty().get()).isEqualTo("caches");
        assertThat(robot.lookup("#cache-details-title").queryAs(Label.class).getText()).isEqualTo("cache/redis-1");
    }
}
