package io.opsdeck.views.action;

import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.FxPublisher;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.console.Pages;
import io.opsdeck.views.shell.ShellModel;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The console's window on a live sandbox with actions, for the actions' UI tests. Close it after each test. */
public final class ActionWindow implements AutoCloseable {
    public final ShellModel model;
    public final MainView view;
    public final SandboxActionRig rig;
    private final Path dir;
    private final io.opsdeck.services.concurrent.Workers workers = new io.opsdeck.services.concurrent.Workers();

    /** Call from the test's {@code @Start}. */
    public ActionWindow(Stage stage) throws IOException {
        dir = Files.createTempDirectory("opsdeck-actions-test");
        model = new ShellModel(Clock.systemUTC(), () -> { });
        view = new MainView(model, Pages.create(model, workers.scheduler("topology")));
        stage.setScene(view.createScene(1500, 950));
        stage.show();
        rig = new SandboxActionRig(dir).start(new FxPublisher<Overview>(model::apply));
        model.actions().backendProperty().set(rig.backend());
    }

    @Override
    public void close() throws IOException {
        rig.close();
        // overviews already on their way to the FX thread land before the page's worker goes
        WaitForAsyncUtils.waitForFxEvents();
        workers.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs {@code c} on the FX thread and returns its value. */
    public static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
