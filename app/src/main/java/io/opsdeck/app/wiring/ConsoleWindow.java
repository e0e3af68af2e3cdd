package io.opsdeck.app.wiring;

import io.opsdeck.app.cli.SourceOptions;
import io.opsdeck.app.cli.Versions;
import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.settings.SettingsStore;
import io.opsdeck.views.common.FxPublisher;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.shell.Pages;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.theme.Theme;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/** Opens the console window and blocks until it is closed. */
public final class ConsoleWindow {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWindow.class);

    private final SourceOptions source;
    private final String themeOverride;

    public ConsoleWindow(SourceOptions source, String themeOverride) {
        this.source = source;
        this.themeOverride = themeOverride;
    }

    public int run() throws InterruptedException {
        if (FxRuntime.noDisplay(System.getenv())) {
            System.err.println("opsdeck: there is no display (DISPLAY and WAYLAND_DISPLAY are unset). "
                    + "Run it in a desktop session, under xvfb-run, or use 'opsdeck snapshot' / 'opsdeck report'.");
            return 1;
        }
        AppDirs dirs = AppDirs.fromEnvironment();
        SettingsStore store = new SettingsStore(dirs.settingsFile());
        SettingsStore.LoadResult loaded = store.load();
        AtomicReference<Settings> settings = new AtomicReference<>(loaded.settings());
        Clock clock = Clock.systemDefaultZone();
        Session session = new Session(source, clock);
        ExecutorService settingsWriter = session.workers().scheduler("settings");
        CountDownLatch closed = new CountDownLatch(1);

        FxRuntime.start(false, 0, 0);
        Platform.runLater(() -> {
            ShellModel model = new ShellModel(clock, session.monitor()::refreshNow);
            model.themeProperty().set(Theme.parse(themeOverride != null ? themeOverride : settings.get().theme()));
            String view = settings.get().lastView();
            model.pageProperty().set(Pages.IDS.contains(view) ? view : Pages.IDS.get(0));
            model.record("start", "Opsdeck " + Versions.opsdeck() + " started on "
                    + (session.sandbox() ? "the sandbox (" + session.reason() + ")" : "context "
                    + session.monitor().clusterSource().contextName()));
            loaded.warning().ifPresent(w -> model.record("settings", w));

            MainView view0 = new MainView(model, Pages.create(model));
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            Scene scene = view0.createScene(Math.min(1600, screen.getWidth() * 0.9), Math.min(1000, screen.getHeight() * 0.9));
            Stage stage = new Stage();
            stage.setTitle("Opsdeck — " + session.monitor().clusterSource().contextName());
            stage.setMinWidth(900);
            stage.setMinHeight(560);
            stage.setScene(scene);

            // remembered settings are written off the FX thread
            model.themeProperty().addListener((obs, o, n) -> save(store, settings, settingsWriter,
                    s -> s.withTheme(n.id())));
            model.pageProperty().addListener((obs, o, n) -> save(store, settings, settingsWriter,
                    s -> s.withLastView(n)));
            stage.setOnHidden(e -> closed.countDown());
            stage.show();
            // connect after the first frame, so start-up never waits on the cluster
            Platform.runLater(() -> {
                session.monitor().addListener(new FxPublisher<>(model::apply));
                session.monitor().start();
            });
        });
        closed.await();
        session.close();
        Platform.exit();
        return 0;
    }

    private static void save(SettingsStore store, AtomicReference<Settings> settings, ExecutorService writer,
                             java.util.function.UnaryOperator<Settings> change) {
        Settings next = settings.updateAndGet(change);
        writer.execute(() -> {
            try {
                store.save(next);
            } catch (IOException e) {
                LOG.warn("Could not save settings: {}", e.getMessage());
            }
        });
    }
}
