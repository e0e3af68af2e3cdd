package io.opsdeck.views.console;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.caches.CachesPage;
import io.opsdeck.views.common.Page;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.shell.ShellModel;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console builds only the page it opens on before its first frame, the others later (issue #16). */
@ExtendWith(ApplicationExtension.class)
class DeferredPagesTest {
    private final Workers workers = new Workers();
    private ShellModel model;
    private Pages.Deferred deferred;
    private MainView view;
    private final List<CachesPage> cachesBuilt = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    @Start
    void start(Stage stage) {
        model = new ShellModel(SandboxOverviews.CLOCK, () -> { });
        model.pageProperty().set("caches");
        deferred = Pages.deferred(model, workers.scheduler("topology"));
        deferred.whenBuilt(CachesPage.class, cachesBuilt::add);
        view = new MainView(model, deferred.pages());
        stage.setScene(view.createScene(1400, 900));
        stage.show();
        model.apply(SandboxOverviews.defaultSandbox());
    }

    private static boolean built(FxRobot robot, String pageId) {
        return robot.lookup("#page-" + pageId).tryQuery().isPresent();
    }

    @Test
    void buildsOnlyThePageShownUntilAskedAndTellsWhenOneIsBuilt(FxRobot robot) {
        assertThat(built(robot, "caches")).isTrue();
        assertThat(cachesBuilt).hasSize(1);
        assertThat(view.page("caches").view().getScene()).isNotNull();
        // the navigation lists every page while only one exists
        for (String id : Pages.IDS) {
            assertThat(robot.lookup("#nav-" + id).tryQuery()).as(id).isPresent();
        }
        robot.interact(() -> assertThat(deferred.buildNext()).isTrue());
        // the next page not built yet, in navigation order: Topology (Caches is built already)
        assertThat(view.page("topology").view()).isNotNull();
        robot.interact(() -> {
            while (deferred.buildNext()) {
                // every other page
            }
        });
        assertThat(cachesBuilt).hasSize(1);
        List<CachesPage> later = new ArrayList<>();
        robot.interact(() -> deferred.whenBuilt(CachesPage.class, later::add));
        assertThat(later).containsExactly(cachesBuilt.get(0));
    }

    @Test
    void placeholdersCarryTheBuiltPagesIdsTitlesAndIcons(FxRobot robot) {
        List<Page> placeholders = deferred.pages();
        List<Page> pages = new ArrayList<>();
        robot.interact(() -> pages.addAll(deferred.buildAll()));
        assertThat(placeholders.stream().map(Page::id)).containsExactlyElementsOf(Pages.IDS);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(placeholders.get(i).id()).isEqualTo(pages.get(i).id());
            assertThat(placeholders.get(i).title()).isEqualTo(pages.get(i).title());
            assertThat(placeholders.get(i).icon()).isEqualTo(pages.get(i).icon());
            assertThat(placeholders.get(i).view()).isSameAs(pages.get(i).view());
        }
    }

    @Test
    void aPageBuiltOnNavigationShowsTheDataAndTheSelectionMadeBeforeIt(FxRobot robot) throws Exception {
        PodKey pod = new PodKey("cache", "redis-1");
        robot.interact(() -> model.selectedPodProperty().set(pod));
        assertThat(built(robot, "topology")).isFalse();

        robot.clickOn("#nav-topology");
        assertThat(model.pageProperty().get()).isEqualTo("topology");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#topology-details-title").tryQuery()
                .map(n -> ((Labeled) n).getText().equals(pod.name())).orElse(false));
        Node subtitle = robot.lookup("#topology-subtitle").query();
        assertThat(((Labeled) subtitle).getText()).contains("12 nodes");
    }
}
