package io.opsdeck.bench;

import io.opsdeck.services.concurrent.Workers;
import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Starts JavaFX headless (Monocle, software Prism) for the topology harnesses, and runs work on its thread. */
final class TopologyFx {
    private TopologyFx() {
    }

    /**
     * @param uncapped pulse as fast as frames allow instead of at 60 Hz, so a frame's time is measurable
     */
    static void start(int screenWidth, int screenHeight, boolean uncapped) throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("headless.geometry", screenWidth + "x" + screenHeight + "-32");
        System.setProperty("java.awt.headless", "true");
        if (uncapped) {
            System.setProperty("javafx.animation.pulse", "1000");
            System.setProperty("javafx.animation.fullspeed", "true");
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(Workers.LOGGING_HANDLER);
            up.countDown();
        });
        if (!up.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("JavaFX did not start within 30 s");
        }
        Platform.setImplicitExit(false);
    }

    static <T> T call(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }
}
