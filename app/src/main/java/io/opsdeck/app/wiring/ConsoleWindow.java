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
import io.opsdeck.views.theme.Fonts;
import io.opsdeck.views.theme.Theme;
import io.opsdeck.views.topology.TopologyPage;
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
import java.util.concurrent.CompletableFuture;
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
    private final int exitAfterPods;
    private final Workers workers = new Workers();
    private final AtomicReference<Settings> settings = new AtomicReference<>();
    private final AtomicReference<SourceRequest> request = new AtomicReference<>();
    private final AtomicReference<FlushMarkFeed> flushMarks = new AtomicReference<>();
    /** The Caches page, told which approvals each session's external caches wait for. */
    private final AtomicReference<io.opsdeck.views.caches.CachesPage> cachesPage = new AtomicReference<>();
    /** What the open session's external caches wait for, for the Caches page when it is built; FX thread only. */
    private io.opsdeck.services.source.CacheApprovals approvals = io.opsdeck.services.source.CacheApprovals.NONE;
    /** The last flush marks, for the Caches page when it is built; FX thread only. */
    private java.util.Map<String, List<java.time.Instant>> flushes;
    /** The context of the session open now, as the session says; FX thread only. */
    private String sessionContext = "";
    private SettingsStore store;
    private ExecutorService settingsWriter;

    public ConsoleWindow(SourceRequest initial, String themeOverride) {
        this(initial, themeOverride, false);
    }

    public ConsoleWindow(SourceRequest initial, String themeOverride, boolean exitAfterFirstFrame) {
        this(initial, themeOverride, exitAfterFirstFrame, 0);
    }

    /**
     * @param exitAfterFirstFrame close the window once its first frame is shown (start-up measurement, training)
     * @param exitAfterPods       when above 0, close the window once the Topology has drawn a picture
     *                            holding at least that many pods ({@code ./bench/run live}'s live_view_ms)
     */
    public ConsoleWindow(SourceRequest initial, String themeOverride, boolean exitAfterFirstFrame, int exitAfterPods) {
        this.initial = initial;
        this.themeOverride = themeOverride;
        this.exitAfterFirstFrame = exitAfterFirstFrame;
        this.exitAfterPods = exitAfterPods;
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
        // The session opens while JavaFX starts: the kubeconfig is read and the client made beside the
        // toolkit's start, not after the first frame. Its LISTs start, and what it says reaches the window,
        // once the first frame is on screen: decoding 100+ MB of pods beside the toolkit on 2 cores delayed
        // the first frame until the pods were in (measured: 8-24 s instead of 2-8 s on a loaded machine).
        FxHandoff toWindow = new FxHandoff();
        AtomicReference<SessionManager.Listener> onScreen = new AtomicReference<>();
        CompletableFuture<Void> shown = new CompletableFuture<>();
        SessionManager manager = new SessionManager(workers, clock, deferred(onScreen), toWindow, shown);
        open(manager, initial);

        FxRuntime.start(false, 0, 0);
        // the fonts load beside the model and the theme (issue #16: the first icon loaded them on the FX thread)
        ExecutorService fontLoader = workers.scheduler("fonts");
        CompletableFuture<Void> fonts = CompletableFuture.runAsync(Fonts::preload, fontLoader);
        fonts.whenComplete((v, e) -> fontLoader.shutdown());
        Platform.runLater(() -> {
            long t0 = System.nanoTime();
            long cpu0 = fxThreadCpu();
            ShellModel model = new ShellModel(clock, manager::refreshNow);
            onScreen.set(listener(model));
            model.themeProperty().set(Theme.parse(themeOverride != null ? themeOverride : settings.get().theme()));
            // before the first control: JavaFX would load Modena for it, to be replaced by the theme
            model.themeProperty().get().apply();
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

            // the pages make icons: the fonts' loader must be done (local work, a few ms; if it failed, the
            // first icon loads them here as before)
            fonts.exceptionally(e -> {
                LOG.warn("Could not load the fonts ahead: {}", e.toString());
                return null;
            }).join();
            long t1 = System.nanoTime();
            // only the page shown first is built before the first frame; the others right after it
            Pages.Deferred pages = Pages.deferred(model, workers.scheduler("topology"));
            flushMarks.set(new FlushMarkFeed(workers.scheduler("flush-marks"), clock, marks ->
                    Platform.runLater(() -> {
                        flushes = marks;
                        if (cachesPage.get() != null) {
                            cachesPage.get().showFlushes(marks);
                        }
                    })));
            pages.whenBuilt(io.opsdeck.views.caches.CachesPage.class, caches -> {
                cachesPage.set(caches);
                caches.linkApprovals(approvals);
                if (flushes != null) {
                    caches.showFlushes(flushes);
                }
            });
            // a flush made here is marked as soon as it ends
            model.actions().finishedProperty().addListener((obs, o, n) -> {
                if (flushMarks.get() != null) {
                    flushMarks.get().refresh();
                }
            });
            pages.pages().stream().filter(p -> p.id().equals(model.pageProperty().get())).findFirst()
                    .ifPresent(io.opsdeck.views.common.Page::view);
            long t2 = System.nanoTime();
            MainView view = new MainView(model, pages.pages());
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            long t3 = System.nanoTime();
            Scene scene = view.createScene(Math.min(1600, screen.getWidth() * 0.9), Math.min(1000, screen.getHeight() * 0.9));
            long t4 = System.nanoTime();
            Stage stage = new Stage();
            stage.setTitle("Opsdeck");
            stage.setMinWidth(900);
            stage.setMinHeight(560);
            stage.setScene(scene);
            model.currentContextProperty().addListener((obs, o, n) -> stage.setTitle("Opsdeck — " + n));
            model.themeProperty().addListener((obs, o, n) -> save(s -> s.withTheme(n.id())));
            model.pageProperty().addListener((obs, o, n) -> save(s -> s.withLastView(n)));
            stage.setOnHidden(e -> closed.countDown());
            if (exitAfterPods > 0) {
                pages.whenBuilt(TopologyPage.class, topology ->
                        FirstFrame.closeWhenPodsDrawn(topology.canvas(), exitAfterPods, stage));
            }
            stage.show();
            // where the FX thread's share of the path to the first frame goes (issue #16: first frame <= 1 s)
            // the FX thread's CPU time too: the wall times swing with the machine's load
            LOG.info("Window built in {} ms ({} ms of CPU): model {} ms, first page {} ms, shell {} ms, scene (CSS) {} ms,"
                            + " show {} ms", ms(System.nanoTime() - t0), ms(fxThreadCpu() - cpu0), ms(t1 - t0),
                    ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(System.nanoTime() - t4));
            // --exit-after-first-frame closes once the deferred pages are built too: the installers' class-data
            // training run then holds their classes, and the smoke test has built every page
            FirstFrame.watch(stage, false, () -> {
                toWindow.open();
                shown.complete(null);
                buildLater(pages, exitAfterFirstFrame ? stage::hide : () -> { });
            });
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
        manager.close();
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

    /**
     * Builds the pages not shown yet, one per turn of the FX thread's queue, so that frames and the
     * session's first overview go between them and a page is ready before the user navigates to it
     * (one navigated to earlier is built then).
     */
    private static void buildLater(Pages.Deferred pages, Runnable then) {
        Platform.runLater(() -> {
            if (pages.buildNext()) {
                buildLater(pages, then);
            } else {
                then.run();
            }
        });
    }

    /** This thread's CPU time in nanoseconds, 0 where the JVM cannot tell. */
    private static long fxThreadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The window's listener once it exists; the handoff calls none before the window is up. */
    private static SessionManager.Listener deferred(AtomicReference<SessionManager.Listener> target) {
        return new SessionManager.Listener() {
            @Override
            public void opened(Session session) {
                target.get().opened(session);
            }

            @Override
            public void overview(Overview overview) {
                target.get().overview(overview);
            }

            @Override
            public void failed(String message) {
                target.get().failed(message);
            }
        };
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
                approvals = session.cacheApprovals();
                if (cachesPage.get() != null) {
                    cachesPage.get().linkApprovals(approvals);
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
                approvals = io.opsdeck.services.source.CacheApprovals.NONE;
                if (cachesPage.get() != null) {
                    cachesPage.get().linkApprovals(approvals);
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
