package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.settings.SettingsStore;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.console.Pages;
import io.opsdeck.views.shell.ExternalCacheEntry;
import io.opsdeck.views.shell.MainView;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Opens the console window and blocks until it is closed. It owns the one {@link Workers} of the
 * window: the sessions it opens and the Topology page take their threads from it.
 */
public final class ConsoleWindow {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWindow.class);

    private final SourceRequest initial;
    private final String themeOverride;
    private final boolean exitAfterFirstFrame;
    private final Workers workers = new Workers();
    private final AtomicReference<Settings> settings = new AtomicReference<>();
    private final AtomicReference<SourceRequest> request = new AtomicReference<>();
    private final AtomicReference<FlushMarkFeed> flushMarks = new AtomicReference<>();
    /** The Caches page, told which approvals each session's external caches wait for. */
    private final AtomicReference<io.opsdeck.views.caches.CachesPage> cachesPage = new AtomicReference<>();
    /** The context of the session open now, as the session says; FX thread only. */
    private String sessionContext = "";
    private SettingsStore store;
    private ExecutorService settingsWriter;

    public ConsoleWindow(SourceRequest initial, String themeOverride) {
        this(initial, themeOverride, false);
    }

    /** @param exitAfterFirstFrame close the window once its first frame is shown (start-up measurement, training) */
    public ConsoleWindow(SourceRequest initial, String themeOverride, boolean exitAfterFirstFrame) {
        this.initial = initial;
        this.themeOverride = themeOverride;
        this.exitAfterFirstFrame = exitAfterFirstFrame;
    }

    public int run() throws InterruptedException {
        if (FxRuntime.noDisplay(System.getenv())) {
            System.err.println("opsdeck: there is no display (DISPLAY and WAYLAND_DISPLAY are unset). "
                    + "Run it in a desktop session, under xvfb-run, or use 'opsdeck snapshot' / 'opsdeck report'.");
            return 1;
        }
        AppDirs dirs = AppDirs.fromEnvironment();
        store = new SettingsStore(dirs.settingsFile());
        SettingsStore.LoadResult loaded = store.load();
        settings.set(loaded.settings());
        settingsWriter = workers.scheduler("settings");
        Clock clock = Clock.systemDefaultZone();
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<SessionManager> sessions = new AtomicReference<>();

        FxRuntime.start(false, 0, 0);
        Platform.runLater(() -> {
            ShellModel model = new ShellModel(clock, () -> sessions.get().refreshNow());
            SessionManager manager = new SessionManager(workers, clock, listener(model), Platform::runLater);
            sessions.set(manager);
            model.themeProperty().set(Theme.parse(themeOverride != null ? themeOverride : settings.get().theme()));
            String page = settings.get().lastView();
            model.pageProperty().set(Pages.IDS.contains(page) ? page : Pages.IDS.get(0));
            model.record("start", "Opsdeck " + AppVersion.opsdeck() + " started");
            loaded.warning().ifPresent(w -> model.record("settings", w));
            model.setContextSwitcher(name -> {
                if (actionRunning(model, "switching to context " + name)) {
                    return;
                }
                // the dialog and Undo must not act on the old context while the new one opens
                model.actions().backendProperty().set(io.opsdeck.views.action.ActionBackend.off(
                        "switching to context " + name));
                open(manager, request.get().withContext(name));
            });
            model.setPrometheusOverride(url -> {
                if (!actionRunning(model, "reconnecting with another Prometheus")) {
                    overridePrometheus(manager, url);
                }
            });
            Settings.CacheThresholds saved = settings.get().caches();
            model.hitRatioThresholdsProperty().set(new HitRatioThresholds(saved.warnBelow(), saved.criticalBelow()));
            model.hitRatioThresholdsProperty().addListener((obs, o, n) ->
                    save(s -> s.withCacheThresholds(new Settings.CacheThresholds(n.warnBelow(), n.criticalBelow()))));
            model.setExternalCachesSaver(entries -> {
                if (!actionRunning(model, "reconnecting with the external caches saved")) {
                    saveExternalCaches(manager, entries);
                }
            });

            List<io.opsdeck.views.common.Page> pages = Pages.create(model, workers.scheduler("topology"));
            pages.stream().filter(io.opsdeck.views.caches.CachesPage.class::isInstance).findFirst()
                    .ifPresent(caches -> cachesPage.set((io.opsdeck.views.caches.CachesPage) caches));
            pages.stream().filter(io.opsdeck.views.caches.CachesPage.class::isInstance).findFirst().ifPresent(caches ->
                    flushMarks.set(new FlushMarkFeed(workers.scheduler("flush-marks"), clock, marks ->
                            Platform.runLater(() -> ((io.opsdeck.views.caches.CachesPage) caches).showFlushes(marks)))));
            // a flush made here is marked as soon as it ends
            model.actions().finishedProperty().addListener((obs, o, n) -> {
                if (flushMarks.get() != null) {
                    flushMarks.get().refresh();
                }
            });
            MainView view = new MainView(model, pages);
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            Scene scene = view.createScene(Math.min(1600, screen.getWidth() * 0.9), Math.min(1000, screen.getHeight() * 0.9));
            Stage stage = new Stage();
            stage.setTitle("Opsdeck");
            stage.setMinWidth(900);
            stage.setMinHeight(560);
            stage.setScene(scene);
            model.currentContextProperty().addListener((obs, o, n) -> stage.setTitle("Opsdeck — " + n));
            model.themeProperty().addListener((obs, o, n) -> save(s -> s.withTheme(n.id())));
            model.pageProperty().addListener((obs, o, n) -> save(s -> s.withLastView(n)));
            stage.setOnHidden(e -> closed.countDown());
            stage.show();
            FirstFrame.watch(stage, exitAfterFirstFrame);
            // connect after the first frame, so start-up never waits on the cluster
            Platform.runLater(() -> open(manager, initial));
            workers.scheduler("kubeconfig").execute(() -> {
                ContextCatalog.Contexts found = ContextCatalog.load(initial.kubeconfig(), System.getenv(),
                        Path.of(System.getProperty("user.home")));
                Platform.runLater(() -> {
                    model.contexts().setAll(found.choices());
                    found.problems().forEach(p -> model.record("kubeconfig", p));
                });
            });
        });
        closed.await();
        if (sessions.get() != null) {
            sessions.get().close();
        }
        workers.close();
        Platform.exit();
        return 0;
    }

    /**
     * Opens a session for {@code req} with the settings as they are now; the session reads the saved
     * settings of its context (once its name is known) and says what it uses when it opens.
     */
    private void open(SessionManager manager, SourceRequest req) {
        SourceRequest withSettings = req.withSettings(settings.get());
        request.set(withSettings);
        manager.open(withSettings);
    }

    /**
     * A reconnection closes the session, and with it the thread an action runs on (a drain or a flush
     * would stop half-way): while one runs, say so and do not reconnect.
     */
    private static boolean actionRunning(ShellModel model, String what) {
        if (!model.actions().isRunning()) {
            return false;
        }
        model.actions().refuse("An action is running: wait for it to end, or cancel it, before " + what + ".");
        return true;
    }

    private void overridePrometheus(SessionManager manager, String url) {
        String context = sessionContext;
        save(s -> s.withContext(context, s.context(context).withPrometheusUrl(url.isEmpty() ? null : url)));
        SourceRequest base = request.get();
        open(manager, base.withPrometheus(url.isEmpty() ? null : url, url.isEmpty() ? "" : "settings"));
    }

    /** Saves the current context's external caches and reconnects so that they are polled. */
    private void saveExternalCaches(SessionManager manager, List<ExternalCacheEntry> entries) {
        String context = sessionContext;
        List<Settings.ExternalCache> caches = entries.stream()
                .map(ExternalCaches::setting).toList();
        save(s -> s.withContext(context, s.context(context).withExternalCaches(caches)));
        open(manager, request.get());
    }

    private SessionManager.Listener listener(ShellModel model) {
        return new SessionManager.Listener() {
            @Override
            public void opened(Session session) {
                String context = session.context();
                sessionContext = context;
                SessionOnScreen.show(session, model);
                if (flushMarks.get() != null) {
                    flushMarks.get().follow(session);
                }
                model.record("connection", "Opened " + (session.sandbox() ? "the sandbox (" + session.reason() + ")"
                        : "context " + context));
                model.actions().backendProperty().set(SessionActions.of(session));
                if (cachesPage.get() != null) {
                    cachesPage.get().linkApprovals(session.cacheApprovals());
                }
            }

            @Override
            public void overview(Overview overview) {
                model.apply(overview);
            }

            @Override
            public void failed(String message) {
                model.record("error", message);
                model.actions().backendProperty().set(io.opsdeck.views.action.ActionBackend.off(SessionActions.UNOPENED));
                if (cachesPage.get() != null) {
                    cachesPage.get().linkApprovals(io.opsdeck.services.source.CacheApprovals.NONE);
                }
            }
        };
    }

    /** Changes the remembered settings and writes them off the FX thread. */
    private void save(UnaryOperator<Settings> change) {
        Settings next = settings.updateAndGet(change);
        settingsWriter.execute(() -> {
            try {
                store.save(next);
            } catch (IOException e) {
                LOG.warn("Could not save settings: {}", e.getMessage());
            }
        });
    }
}
