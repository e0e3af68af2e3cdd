package io.opsdeck.views.console;

import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Fx;
import io.opsdeck.views.common.Page;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.topology.TopologyPage;
import io.opsdeck.views.topology.TopologyView;
import javafx.animation.AnimationTimer;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** Renders the main window with one page showing to an image, for {@code opsdeck snapshot} and the docs. */
public final class Screenshot {
    /** Pulses to let tables create their cells and CSS settle before the picture is taken. */
    private static final Duration SETTLE = Duration.millis(400);
    /** The longest the Topology may take to draw what it was given before the picture is taken anyway. */
    private static final Duration TOPOLOGY_LIMIT = Duration.seconds(20);

    private Screenshot() {
    }

    /**
     * Builds the window on the FX thread, shows it, waits for it to settle, and snapshots its scene.
     *
     * @param topologyWorker the Topology page's thread (see {@link Pages#create})
     */
    public static CompletableFuture<WritableImage> render(ShellModel model, Overview overview, String page,
                                                         int width, int height, Executor topologyWorker) {
        return prepare(model, page, width, height, topologyWorker).render(overview);
    }

    /**
     * Builds the window with {@code page} showing and shows it, before there is data: {@code opsdeck snapshot}
     * does this while its cluster loads, so that building the window and loading the data overlap.
     */
    public static Prepared prepare(ShellModel model, String page, int width, int height, Executor topologyWorker) {
        Fx.assertFxThread();
        model.pageProperty().set(page);
        List<Page> pages = Pages.create(model, topologyWorker);
        MainView view = new MainView(model, pages);
        Scene scene = view.createScene(width, height);
        Stage stage = new Stage();
        stage.setScene(scene);
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        TopologyView topology = page.equals("topology") ? pages.stream().filter(p -> p instanceof TopologyPage)
                .map(p -> ((TopologyPage) p).canvas()).findFirst().orElse(null) : null;
        return new Prepared(model, view, scene, stage, topology, width, height);
    }

    /** A window built and shown by {@link #prepare}, waiting for its data. */
    public static final class Prepared {
        private final ShellModel model;
        private final MainView view;
        private final Scene scene;
        private final Stage stage;
        /** The Topology's canvas when that is the page shown: its picture is drawn off the FX thread. */
        private final TopologyView topology;
        private final int width;
        private final int height;

        private Prepared(ShellModel model, MainView view, Scene scene, Stage stage, TopologyView topology, int width,
                         int height) {
            this.model = model;
            this.view = view;
            this.scene = scene;
            this.stage = stage;
            this.topology = topology;
            this.width = width;
            this.height = height;
        }

        public ShellModel model() {
            return model;
        }

        /**
         * Shows {@code overview}, waits for the page to settle and snapshots the scene; on the FX thread. The
         * Topology is taken in the pulse after it drew this overview's cluster (its index is built on a worker,
         * which at 150,000 pods takes longer than a fixed pause); another page after {@link #SETTLE}.
         */
        public CompletableFuture<WritableImage> render(Overview overview) {
            Fx.assertFxThread();
            CompletableFuture<WritableImage> result = new CompletableFuture<>();
            Runnable take = () -> {
                if (result.isDone()) {
                    return;
                }
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
            };
            if (topology != null) {
                AtomicBoolean drawn = new AtomicBoolean();
                topology.addDrawListener(frame -> {
                    if (frame.cluster() == overview.cluster() && drawn.compareAndSet(false, true)) {
                        // the tables and panes beside it get a pulse to lay out, then the picture is taken
                        new AnimationTimer() {
                            private int pulses;

                            @Override
                            public void handle(long now) {
                                if (++pulses >= 2) {
                                    stop();
                                    take.run();
                                }
                            }
                        }.start();
                    }
                });
                // should the picture never come (it always does), not later than this
                PauseTransition fallback = new PauseTransition(TOPOLOGY_LIMIT);
                fallback.setOnFinished(e -> take.run());
                fallback.play();
                model.apply(overview);
                return result;
            }
            model.apply(overview);
            PauseTransition settle = new PauseTransition(SETTLE);
            settle.setOnFinished(e -> take.run());
            settle.play();
            return result;
        }
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
