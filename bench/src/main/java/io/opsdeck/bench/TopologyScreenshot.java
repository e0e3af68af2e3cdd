package io.opsdeck.bench;

import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.services.sandbox.SandboxMetricsSource;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.console.Pages;
import io.opsdeck.views.console.Screenshot;
import io.opsdeck.views.topology.TopologyPage;
import io.opsdeck.views.topology.TopologyView;
import javafx.scene.Scene;
import javafx.stage.Stage;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.theme.Theme;
import javafx.scene.image.WritableImage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders the Topology page of the real window, headless, to a PNG: the picture in the README.
 * Usage: {@code TopologyScreenshot SIZE OUT.png [WIDTH HEIGHT [light|dark [SEED [FIND [ZOOM]]]]]}, e.g.
 * {@code 12x150 views/screenshots/topology.png 1400 860}. Without FIND it goes through
 * {@link Screenshot#render} like {@code opsdeck snapshot}; with FIND (a node or pod name) it waits for
 * the page to settle, searches, optionally zooms to ZOOM, and snapshots — for looking at details.
 */
public final class TopologyScreenshot {
    /** The process's threads; it ends with {@code System.exit}. */
    private static final Workers WORKERS = new Workers();

    private TopologyScreenshot() {
    }

    private static WritableImage focused(Clock clock, Theme theme, Overview overview, int width, int height,
                                         String find, double zoom) throws Exception {
        AtomicLong lastDraw = new AtomicLong();
        Object[] held = new Object[2];
        TopologyFx.call(() -> {
            ShellModel model = new ShellModel(clock, () -> { });
            model.themeProperty().set(theme);
            MainView view = new MainView(model, Pages.create(model, WORKERS.scheduler("topology")));
            Scene scene = view.createScene(width, height);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            model.apply(overview);
            TopologyPage page = (TopologyPage) view.page("topology");
            page.canvas().addDrawListener(d -> lastDraw.set(System.nanoTime()));
            held[0] = scene;
            held[1] = page;
            return null;
        });
        settle(lastDraw);
        TopologyFx.call(() -> {
            ((TopologyPage) held[1]).find(find);
            return null;
        });
        settle(lastDraw);
        if (zoom > 0) {
            TopologyFx.call(() -> {
                TopologyView v = ((TopologyPage) held[1]).canvas();
                v.zoomAt(zoom / v.scale(), v.getWidth() / 2, v.getHeight() / 2);
                return null;
            });
            settle(lastDraw);
        }
        return TopologyFx.call(() -> ((Scene) held[0]).snapshot(new WritableImage(width, height)));
    }

    /** Waits until something was drawn and nothing more for half a second. */
    private static void settle(AtomicLong lastDraw) throws InterruptedException {
        do {
            Thread.sleep(100);
        } while (lastDraw.get() == 0 || System.nanoTime() - lastDraw.get() < 500_000_000L);
    }

    public static void main(String[] args) throws Exception {
        String size = args.length > 0 ? args[0] : "12x150";
        Path out = Path.of(args.length > 1 ? args[1] : "topology.png");
        int width = args.length > 3 ? Integer.parseInt(args[2]) : 1400;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 860;
        Theme theme = Theme.parse(args.length > 4 ? args[4] : "light");
        long seed = args.length > 5 ? Long.parseLong(args[5]) : SandboxSpec.DEFAULT_SEED;
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.parse(size, seed), now);
        ClusterSnapshot cluster = world.snapshot("sandbox", now);
        MetricsSnapshot metrics = new SandboxMetricsSource(seed, clock).poll(cluster, CacheDiscovery.find(cluster));
        ConnectionStatus ok = new ConnectionStatus(ConnectionState.CONNECTED, now.minusSeconds(30), "", now, "sandbox");
        Overview overview = OverviewBuilder.build(cluster, metrics, ok, ok, now);
        TopologyFx.start(Math.max(1920, width), Math.max(1200, height), false);
        WritableImage image;
        if (args.length > 6) {
            image = focused(clock, theme, overview, width, height, args[6], args.length > 7 ? Double.parseDouble(args[7]) : 0);
        } else {
            image = TopologyFx.call(() -> {
                ShellModel model = new ShellModel(clock, () -> { });
                model.themeProperty().set(theme);
                return Screenshot.render(model, overview, "topology", width, height,
                        WORKERS.scheduler("topology"));
            }).get(60, TimeUnit.SECONDS);
        }
        Screenshot.writePng(image, out);
        System.out.println("Wrote " + out + " (" + width + "x" + height + ", sandbox " + size + ")");
        System.exit(0);
    }
}
