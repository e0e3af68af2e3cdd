package io.opsdeck.views.console;

import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Fx;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.shell.ShellModel;
import javafx.animation.PauseTransition;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Renders the main window with one page showing to an image, for {@code opsdeck snapshot} and the docs. */
public final class Screenshot {
    /** Pulses to let tables create their cells and CSS settle before the picture is taken. */
    private static final Duration SETTLE = Duration.millis(400);

    private Screenshot() {
    }

    /**
     * Builds the window on the FX thread, shows it, waits for it to settle, and snapshots its scene.
     *
     * @param topologyWorker the Topology page's thread (see {@link Pages#create})
     */
    public static CompletableFuture<WritableImage> render(ShellModel model, Overview overview, String page,
                                                         int width, int height, Executor topologyWorker) {
        Fx.assertFxThread();
        CompletableFuture<WritableImage> result = new CompletableFuture<>();
        model.pageProperty().set(page);
        MainView view = new MainView(model, Pages.create(model, topologyWorker));
        Scene scene = view.createScene(width, height);
        Stage stage = new Stage();
        stage.setScene(scene);
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        model.apply(overview);
        PauseTransition settle = new PauseTransition(SETTLE);
        settle.setOnFinished(e -> {
            try {
                view.applyCss();
                view.layout();
                WritableImage image = scene.snapshot(new WritableImage(width, height));
                stage.close();
                result.complete(image);
            } catch (RuntimeException ex) {
                stage.close();
                result.completeExceptionally(ex);
            }
        });
        settle.play();
        return result;
    }

    /** Writes the image as PNG. Works off the FX thread. */
    public static void writePng(WritableImage image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("no PNG writer is available in this Java runtime");
        }
    }
}
