package io.opsdeck.views.services;

import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.services.sandbox.SandboxMetricsSource;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.console.Screenshot;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.theme.Theme;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Services view: every verdict readable whole, and figures that could not be read said as such, with why. */
@ExtendWith(ApplicationExtension.class)
class ServicesPageTest {
    private static final String REFUSAL = "endpointslices and endpoints: showing namespace \"shop\" only — User"
            + " \"oncall\" cannot list resource \"endpointslices\" in API group \"discovery.k8s.io\" at the cluster scope";

    private ServicesPage page;

    @Start
    void start(Stage stage) {
        page = new ServicesPage(SandboxOverviews.CLOCK::instant);
        Scene scene = new Scene((Parent) page.view(), 1400, 860);
        scene.getStylesheets().add(Theme.STYLESHEET);
        Theme.LIGHT.apply();
        stage.setScene(scene);
        stage.show();
    }

    /**
     * The sandbox as a user who may read EndpointSlices and Endpoints in {@code shop} only would see it
     * (a test fixture: the sandbox itself reads everything).
     */
    static Overview endpointsOnlyInShop() {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.DEFAULT, SandboxOverviews.NOW);
        ClusterSnapshot all = world.snapshot("sandbox", SandboxOverviews.NOW);
        ReadScope scope = ReadScope.only(Set.of("shop"), "endpointslices or endpoints", true, REFUSAL);
        List<ServiceInfo> services = all.services().stream()
                .map(s -> scope.covers(s.namespace()) ? s : s.withEndpointsUnknown(scope.whyNot(s.namespace())))
                .toList();
        ClusterSnapshot cluster = new ClusterSnapshot(all.context(), all.takenAt(), all.serverVersion(), all.nodes(),
                all.pods(), all.workloads(), services, all.pdbs(), all.events(), all.namespaces(), List.of(REFUSAL),
                ReadScope.EVERYWHERE, ReadScope.EVERYWHERE, scope);
        MetricsSnapshot metrics = new SandboxMetricsSource(world.spec().seed(), SandboxOverviews.CLOCK)
                .poll(cluster, CacheDiscovery.find(cluster));
        ConnectionStatus degraded = new ConnectionStatus(ConnectionState.DEGRADED, SandboxOverviews.NOW.minusSeconds(30),
                "Endpointslices and endpoints: showing namespace \"shop\" only", SandboxOverviews.NOW, "sandbox");
        ConnectionStatus ok = new ConnectionStatus(ConnectionState.CONNECTED, SandboxOverviews.NOW.minusSeconds(30), "",
                SandboxOverviews.NOW, "sandbox");
        return OverviewBuilder.build(cluster, metrics, degraded, ok, SandboxOverviews.NOW);
    }

    @SuppressWarnings("unchecked")
    private static TableView<ServiceHealth> table(FxRobot robot) {
        return robot.lookup("#service-table").queryAs(TableView.class);
    }

    /** What the cells of a column show on screen (after any clipping), top to bottom. */
    private static List<String> shown(FxRobot robot, String column) {
        return robot.lookup("#service-table .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableColumn() != null && column.equals(c.getTableColumn().getText()))
                .filter(c -> !c.isEmpty() && c.getItem() != null && c.isVisible())
                .map(c -> ((Text) c.lookup(".text")).getText()).toList();
    }

    @Test
    void everyVerdictIsReadableWhole(FxRobot robot) {
        robot.interact(() -> page.show(SandboxOverviews.defaultSandbox()));
        WaitForAsyncUtils.waitForFxEvents();

        List<String> health = shown(robot, "Health");
        assertThat(health).contains("DOWN", "DEGRADED", "HEALTHY")
                .allSatisfy(h -> assertThat(h).isIn("DOWN", "DEGRADED", "HEALTHY", "UNKNOWN"));
        assertThat(robot.lookup("#services-unknown").queryAs(Label.class).isVisible())
                .as("everything was read: nothing to say").isFalse();
    }

    @Test
    void figuresThatCouldNotBeReadAreUnknownWithWhy(FxRobot robot) throws Exception {
        Overview o = endpointsOnlyInShop();
        robot.interact(() -> page.show(o));
        WaitForAsyncUtils.waitForFxEvents();

        Label banner = robot.lookup("#services-unknown").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).startsWith("Some figures could not be read; they show as unknown, never as 0 or"
                + " down. endpoint counts unknown in namespaces cache, ")
                .contains(" — may not list endpointslices or endpoints at the cluster scope; Opsdeck reads them in"
                        + " namespace shop only").contains(REFUSAL).doesNotContain(", shop,");
        List<ServiceHealth> cache = table(robot).getItems().stream()
                .filter(h -> h.service().namespace().equals("cache")).toList();
        assertThat(cache).isNotEmpty().allSatisfy(h -> {
            assertThat(h.health()).isEqualTo(Health.UNKNOWN);
            assertThat(h.reasons().get(0)).startsWith("endpoints unknown: may not list endpointslices or endpoints");
        });
        assertThat(shown(robot, "Endpoints")).contains("unknown").doesNotContain("-1 / -1");
        assertThat(shown(robot, "Health")).doesNotContain("DEGRA…");
        assertThat(((Label) robot.lookup("#count-unknown .big-figure").query()).getText())
                .isEqualTo(String.valueOf(o.services().stream().filter(h -> h.health() == Health.UNKNOWN).count()));
        assertThat(o.services()).filteredOn(h -> h.service().namespace().equals("shop"))
                .extracting(ServiceHealth::health).contains(Health.DOWN, Health.DEGRADED);

        String dir = System.getProperty("opsdeck.screenshots");
        if (dir != null) {
            // to look at: -Dopsdeck.screenshots=/tmp renders the whole window with this fixture
            ShellModel model = new ShellModel(SandboxOverviews.CLOCK, () -> { });
            CompletableFuture<WritableImage> image = new CompletableFuture<>();
            robot.interact(() -> Screenshot.render(model, o, "services", 1400, 860, Runnable::run).whenComplete((i, t) -> {
                if (t != null) {
                    image.completeExceptionally(t);
                } else {
                    image.complete(i);
                }
            }));
            Screenshot.writePng(image.get(20, TimeUnit.SECONDS), Path.of(dir, "services-unknown.png"));
        }
    }
}
