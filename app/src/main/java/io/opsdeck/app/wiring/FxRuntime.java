package io.opsdeck.app.wiring;

import io.opsdeck.services.concurrent.Workers;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Starts the JavaFX runtime once, on a display or headless (Monocle), and runs work on its thread. */
public final class FxRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(FxRuntime.class);
    private static boolean started;

    private FxRuntime() {
    }

    /** True when there is no display to open a window on (Linux without X11 or Wayland), or it is asked for. */
    public static boolean noDisplay(Map<String, String> env) {
        if ("1".equals(env.get("OPSDECK_HEADLESS")) || "true".equalsIgnoreCase(env.get("OPSDECK_HEADLESS"))) {
            return true;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean unix = !(os.contains("win") || os.contains("mac"));
        return unix && isBlank(env.get("DISPLAY")) && isBlank(env.get("WAYLAND_DISPLAY"));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * Starts the toolkit. Headless uses Monocle's headless screen of the given size and the
     * software renderer; it must be chosen before the toolkit first starts.
     */
    public static synchronized void start(boolean headless, int screenWidth, int screenHeight) throws InterruptedException {
        if (started) {
            return;
        }
        if (headless) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("headless.geometry", screenWidth + "x" + screenHeight + "-32");
            System.setProperty("java.awt.headless", "true");
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(Workers.LOGGING_HANDLER);
            up.countDown();
        });
        if (!up.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the JavaFX runtime did not start within 30 s");
        }
        Platform.setImplicitExit(false);
        started = true;
        LOG.info("JavaFX {} started ({})", System.getProperty("javafx.runtime.version", "?"),
                headless ? "headless, Monocle" : "on the display");
        String graphics = System.getProperty("opsdeck.graphics");
        if (!headless && graphics != null) {
            // set by the installed app's launcher (packaging: io.opsdeck.launcher.Launcher)
            LOG.info("Graphics: {}", graphics);
        }
    }

    /** Runs {@code work} on the FX thread and returns its result's future. */
    public static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                work.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
