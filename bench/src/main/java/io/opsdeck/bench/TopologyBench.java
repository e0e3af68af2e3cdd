package io.opsdeck.bench;

import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.overview.Monitor;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.services.sandbox.SandboxMetricsSource;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.services.source.Backend;
import io.opsdeck.views.common.FxPublisher;
import io.opsdeck.views.console.Screenshot;
import io.opsdeck.views.shell.MainView;
import io.opsdeck.views.console.Pages;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.topology.TopologyPage;
import io.opsdeck.views.topology.TopologyView;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.robot.Robot;
import javafx.scene.shape.Rectangle;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives the real snapshot builder and the real Topology page, headless (Monocle, software Prism),
 * and prints one line of figures per cluster size:
 * <pre>topology nodes=5000 pods=150000 snapshot_ms=… layout_ms=… first_frame_ms=… frame_p50_ms=…
 * frame_p99_ms=… event_apply_1k_ms=… heap_mb=…</pre>
 * plus extra keys, among them {@code frame_fx_cpu_ms} and {@code frame_render_cpu_ms}: the CPU time
 * per frame of the flight on the FX thread and on the renderer's, which a busy machine hardly changes.
 * Without {@code --size} it runs each default size in a fresh JVM (so the heap figure is that size's
 * alone). Pulses are uncapped ({@code javafx.animation.pulse=1000}) so that a frame's time is what
 * it costs, not the 60 Hz tick: each pulse waits for the previous frame's rendering, so the time
 * between two drawn frames covers drawing, the scene-graph sync and Prism's rendering.
 * <p>Usage: {@code ./bench/run topology [--size NODESxPODS] [--frames N] [--seed N] [--screenshots DIR]}
 */
public final class TopologyBench {
    static final List<String> SIZES = List.of("100x3000", "1000x30000", "5000x150000");
    static final int WIDTH = 1600;
    static final int HEIGHT = 1000;
    static final int UPDATES = 1000;
    static final int UPDATE_ROUNDS = 7;
    /** Pictures of the flight written with {@code --screenshots}. */
    static final int SHOTS = 8;

    private final SandboxSpec spec;
    private final int frames;
    /** Where to write pictures of the flight ({@code --screenshots}), or null. */
    private final Path shots;
    private final List<TopologyView.DrawnFrame> drawn = new ArrayList<>();
    /** The FX thread's CPU time when each frame was drawn, for the trace. */
    private final List<Long> drawnCpu = new ArrayList<>();
    private TopologyPage page;
    private TopologyView view;
    private ShellModel model;
    private Rectangle ticker;
    /** The Topology page's thread: the benchmark runs once per process. */
    private final Workers pageWorkers = new Workers();
    /** The snapshot the benchmark waits to see drawn, and the future the draw listener completes. */
    private volatile Awaited awaited;

    private record Awaited(ClusterSnapshot cluster, CompletableFuture<TopologyView.DrawnFrame> drawn) {
    }

    private TopologyBench(SandboxSpec spec, int frames, Path shots) {
        this.spec = spec;
        this.frames = frames;
        this.shots = shots;
    }

    public static void main(String[] args) throws Exception {
        String size = null;
        int frames = 240;
        long seed = SandboxSpec.DEFAULT_SEED;
        Path shots = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = args[++i];
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--screenshots" -> shots = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ./bench/run topology [--size NODESxPODS] [--frames N] [--seed N] "
                            + "[--screenshots DIR]");
                    System.exit(2);
                }
            }
        }
        if (size == null) {
            int failed = 0;
            for (String s : SIZES) {
                failed += fork(s, frames, seed, shots == null ? null : shots.resolve(s));
            }
            System.exit(failed == 0 ? 0 : 1);
        }
        TopologyFx.start(1920, 1200, true);
        System.out.println(new TopologyBench(SandboxSpec.parse(size, seed), Math.max(120, frames), shots).run());
        System.exit(0);
    }

    /** Runs one size in a child JVM with this JVM's options and class path. */
    private static int fork(String size, int frames, long seed, Path shots) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TopologyBench.class.getName(),
                "--size", size, "--frames", String.valueOf(frames), "--seed", String.valueOf(seed)));
        if (shots != null) {
            cmd.addAll(List.of("--screenshots", shots.toString()));
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor() == 0 ? 0 : 1;
    }

    private String run() throws Exception {
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        long t = System.nanoTime();
        SandboxWorld world = SandboxWorld.generate(spec, now);
        double genMs = ms(System.nanoTime() - t);
        ClusterSnapshot first = world.snapshot("sandbox", now);
        MetricsSnapshot metrics = new SandboxMetricsSource(spec.seed(), clock).poll(first, CacheDiscovery.find(first));
        ConnectionStatus ok = new ConnectionStatus(ConnectionState.CONNECTED, now, "", now, "sandbox");

        // the snapshot builder: an immutable cluster snapshot, joined with metrics into an overview
        // (median of 5, after 3 to warm up)
        double[] snapshotMs = new double[8];
        Overview overview = null;
        for (int i = 0; i < snapshotMs.length; i++) {
            t = System.nanoTime();
            ClusterSnapshot c = world.snapshot("sandbox", now);
            overview = OverviewBuilder.build(c, metrics, ok, ok, now);
            snapshotMs[i] = ms(System.nanoTime() - t);
        }
        snapshotMs = Arrays.copyOfRange(snapshotMs, 3, snapshotMs.length);

        // the real window, topology page showing
        TopologyFx.call(() -> {
            model = new ShellModel(clock, () -> { });
            MainView main = new MainView(model, Pages.create(model, pageWorkers.scheduler("topology")));
            Scene scene = main.createScene(WIDTH, HEIGHT);
            ticker = new Rectangle(1, 1, Color.TRANSPARENT);
            ticker.setManaged(false);
            ticker.setMouseTransparent(true);
            main.getChildren().add(ticker);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            page = (TopologyPage) main.page("topology");
            view = page.canvas();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            view.addDrawListener(d -> {
                drawn.add(d);
                drawnCpu.add(mx.getCurrentThreadCpuTime());
                Awaited a = awaited;
                if (a != null && d.cluster() == a.cluster()) {
                    a.drawn().complete(d);
                }
            });
            return null;
        });
        Thread.sleep(500);

        // first frame: from the overview reaching the page to the picture on screen
        Overview o0 = overview;
        CompletableFuture<TopologyView.DrawnFrame> firstDrawn = expect(o0.cluster());
        long t0 = System.nanoTime();
        TopologyFx.call(() -> {
            model.apply(o0);
            return null;
        });
        TopologyView.DrawnFrame firstFrame = firstDrawn.get(120, TimeUnit.SECONDS);
        double firstFrameMs = ms(onScreen() - t0);
        double indexMs = ms(firstFrame.indexNanos());
        double layoutMs = ms(firstFrame.indexNanos() + firstFrame.layoutNanos() + firstFrame.filterNanos());
        Thread.sleep(300);

        // pan and zoom: a scripted flight, once to warm up, once measured. A frame's time is the time
        // from one pulse to the next: each pulse draws one frame and waits for the previous one's rendering
        animate(frames);
        int from = drawn.size();
        long[] cpu0 = fxCpuNanos();
        long[] pulses = animate(frames);
        long[] cpu1 = fxCpuNanos();
        int drawnFrames = drawn.size() - from;
        double[] frameMs = new double[frames];
        double[] drawMs = new double[drawnFrames];
        for (int i = 0; i < frames; i++) {
            frameMs[i] = ms(pulses[i + 1] - pulses[i]);
        }
        for (int i = 0; i < drawnFrames; i++) {
            drawMs[i] = ms(drawn.get(from + i).drawNanos());
        }
        if (System.getenv("TOPOLOGY_BENCH_TRACE") != null) {
            // the pulse's time since the JVM started (the clock of -Xlog and -XX:+PrintCompilation), to line
            // slow frames up with GC pauses and JIT compilations
            double uptimeAtNano = ManagementFactory.getRuntimeMXBean().getUptime() - ms(System.nanoTime());
            for (int i = 0; i < frames; i++) {
                TopologyView.DrawnFrame d = i < drawnFrames ? drawn.get(from + i) : null;
                double fxCpu = d == null || from + i == 0 ? Double.NaN
                        : ms(drawnCpu.get(from + i) - drawnCpu.get(from + i - 1));
                System.err.printf(Locale.ROOT, "frame %d at=%.1f interval=%.1f fx_cpu=%.2f draw=%.1f pixels=%.1f "
                                + "labels=%.1f%n", i, uptimeAtNano + ms(pulses[i]), frameMs[i], fxCpu,
                        d == null ? Double.NaN : ms(d.drawNanos()),
                        d == null ? Double.NaN : ms(d.pixelsNanos()), d == null ? Double.NaN : ms(d.labelsNanos()));
            }
        }
        if (drawnFrames < frames) {
            throw new IllegalStateException("only " + drawnFrames + " of " + frames + " pulses drew a frame");
        }

        // 1,000 pod updates through Monitor → OverviewBuilder → FX thread → page → screen
        double[][] apply = applyUpdates(world, now, clock);
        if (shots != null) {
            screenshots(shots);
        }

        System.gc();
        Thread.sleep(300);
        System.gc();
        Thread.sleep(300);
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "topology nodes=%d pods=%d gen_ms=%.0f snapshot_ms=%.0f index_ms=%.0f "
                        + "layout_ms=%.0f first_frame_ms=%.0f frames=%d frame_p50_ms=%.1f frame_p99_ms=%.1f "
                        + "frame_max_ms=%.1f draw_p50_ms=%.1f draw_p99_ms=%.1f event_apply_1k_ms=%.0f "
                        + "event_apply_1k_max_ms=%.0f view_apply_1k_ms=%.0f heap_mb=%.0f cpus=%d load1=%.2f "
                        + "frame_fx_cpu_ms=%.2f frame_render_cpu_ms=%.2f",
                spec.nodes(), spec.pods(), genMs, median(snapshotMs), indexMs, layoutMs, firstFrameMs, frames,
                percentile(frameMs, 50), percentile(frameMs, 99), percentile(frameMs, 100), percentile(drawMs, 50),
                percentile(drawMs, 99), median(apply[0]), percentile(apply[0], 100), median(apply[1]),
                heap / (1024.0 * 1024.0), Runtime.getRuntime().availableProcessors(), load,
                ms(cpu1[0] - cpu0[0]) / frames, ms(cpu1[1] - cpu0[1]) / frames);
    }

    /**
     * A flight over the world, one step per pulse: zoom from the fitted picture into single pod
     * cells, pan across, zoom further in to where node text shows, then back out to the whole.
     */
    private long[] animate(int n) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long[] pulses = new long[n + 1];
        TopologyFx.call(() -> {
            Flight flight = Flight.of(view);
            new AnimationTimer() {
                private int k;

                @Override
                public void handle(long now) {
                    pulses[k] = System.nanoTime();
                    if (k >= n) {
                        stop();
                        done.complete(null);
                        return;
                    }
                    flight.place(view, (double) k / n);
                    k++;
                }
            }.start();
            return null;
        });
        done.get(120, TimeUnit.SECONDS);
        Thread.sleep(200);
        return pulses;
    }

    /**
     * The flight's path: from the fitted picture ({@code fit}, centred on {@code cx}, {@code cy}) in
     * to pod cells, across, in to node text and back out; {@code w}, {@code h} the view's size.
     */
    private record Flight(double fit, double cx, double cy, double cells, double text, double w, double h) {
        /** Fits the view to the world and works out the path from there. FX thread. */
        static Flight of(TopologyView view) {
            view.fit();
            double fit = view.scale();
            double w = view.getWidth();
            double h = view.getHeight();
            // world point at the centre of the fitted picture
            double cx = view.toWorld(w / 2, h / 2).getX();
            double cy = view.toWorld(w / 2, h / 2).getY();
            double cells = Math.max(fit * 3, 0.3);
            return new Flight(fit, cx, cy, cells, Math.max(cells * 2, 1.2), w, h);
        }

        /** Puts the view where the flight is at {@code p} (0 at the start, 1 at the end). FX thread. */
        void place(TopologyView view, double p) {
            double s;
            double x;
            double y;
            if (p < 0.25) {
                double e = p / 0.25;
                s = fit * Math.pow(cells / fit, e);
                x = cx - e * cx * 0.4;
                y = cy - e * cy * 0.4;
            } else if (p < 0.5) {
                double e = (p - 0.25) / 0.25;
                s = cells;
                x = cx * 0.6 + e * 1.5 * w / cells;
                y = cy * 0.6;
            } else if (p < 0.75) {
                double e = (p - 0.5) / 0.25;
                s = cells * Math.pow(text / cells, e);
                x = cx * 0.6 + 1.5 * w / cells - e * 0.5 * w / cells;
                y = cy * 0.6 + e * 0.5 * h / cells;
            } else {
                double e = (p - 0.75) / 0.25;
                s = text * Math.pow(fit / text, e);
                double x0 = cx * 0.6 + w / cells;
                double y0 = cy * 0.6 + 0.5 * h / cells;
                x = x0 + (cx - x0) * e;
                y = y0 + (cy - y0) * e;
            }
            view.centreOn(x, y, s, false);
        }
    }

    /**
     * Stops the flight at {@value #SHOTS} evenly spaced points and writes what is on the screen there
     * (Monocle's frame buffer, i.e. what the renderer painted, not a fresh snapshot of the scene) to
     * {@code dir}/flight-N.png: the same points give the same pictures, to compare before and after a
     * change to the drawing.
     */
    private void screenshots(Path dir) throws Exception {
        Files.createDirectories(dir);
        Flight flight = TopologyFx.call(() -> Flight.of(view));
        for (int i = 0; i < SHOTS; i++) {
            double p = (double) i / SHOTS;
            TopologyFx.call(() -> {
                flight.place(view, p);
                return null;
            });
            onScreen();
            // all but the screen's last row: Monocle's robot fails on a capture of the whole screen
            WritableImage shot = TopologyFx.call(() -> new Robot().getScreenCapture(null, 0, 0,
                    Screen.getPrimary().getBounds().getWidth(), Screen.getPrimary().getBounds().getHeight() - 1, false));
            Screenshot.writePng(shot, dir.resolve(String.format(Locale.ROOT, "flight-%d.png", i)));
        }
    }

    /** Rounds of 1,000 changed pods each; returns end-to-end and page-to-screen times in ms. */
    private double[][] applyUpdates(SandboxWorld world, Instant now, Clock clock) throws Exception {
        TopologyBenchSource source = new TopologyBenchSource();
        Workers workers = new Workers();
        SandboxMetricsSource metricsSource = new SandboxMetricsSource(spec.seed(), clock);
        Monitor monitor = new Monitor(new Backend(source, metricsSource), workers.scheduler("overview"),
                workers.scheduler("metrics"), Duration.ofHours(1), clock);
        AtomicReference<Long> appliedAt = new AtomicReference<>(0L);
        monitor.addListener(new FxPublisher<>(o -> {
            appliedAt.set(System.nanoTime());
            model.apply(o);
        }));
        monitor.start();
        ClusterSnapshot base = world.snapshot("sandbox", now);
        CompletableFuture<TopologyView.DrawnFrame> baseDrawn = expect(base);
        source.publish(base);
        baseDrawn.get(120, TimeUnit.SECONDS);
        // let the first metrics poll and its overview pass
        Thread.sleep(Math.max(1500, spec.pods() / 40));
        List<PodInfo> pods = new ArrayList<>(base.pods());
        SplittableRandom rng = new SplittableRandom(spec.seed());
        double[] endToEnd = new double[UPDATE_ROUNDS];
        double[] pageToScreen = new double[UPDATE_ROUNDS];
        for (int round = 0; round < UPDATE_ROUNDS; round++) {
            for (int i = 0; i < UPDATES; i++) {
                int at = rng.nextInt(pods.size());
                PodInfo p = pods.get(at);
                boolean running = p.phase() == PodPhase.RUNNING;
                pods.set(at, new PodInfo(p.namespace(), p.name(), p.nodeName(), running ? p.phase() : PodPhase.RUNNING,
                        !p.ready(), p.restarts() + 1, p.owner(), p.labels(), p.images(), p.ports(),
                        p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp()));
            }
            ClusterSnapshot next = new ClusterSnapshot(base.context(), now.plusSeconds(round + 1), base.serverVersion(),
                    base.nodes(), pods, base.workloads(), base.services(), base.pdbs(), base.events(),
                    base.namespaces(), base.unavailable());
            CompletableFuture<TopologyView.DrawnFrame> nextDrawn = expect(next);
            long t0 = System.nanoTime();
            source.publish(next);
            TopologyView.DrawnFrame d = nextDrawn.get(120, TimeUnit.SECONDS);
            long drawnAt = System.nanoTime();
            long t1 = onScreen();
            endToEnd[round] = ms(t1 - t0);
            pageToScreen[round] = ms(t1 - appliedAt.get());
            if (System.getenv("TOPOLOGY_BENCH_TRACE") != null) {
                System.err.printf(Locale.ROOT, "update %d end_to_end=%.1f to_fx=%.1f fx_to_drawn=%.1f (index=%.1f "
                                + "layout=%.1f filter=%.1f draw=%.1f) drawn_to_screen=%.1f%n", round, endToEnd[round],
                        ms(appliedAt.get() - t0), ms(drawnAt - appliedAt.get()), ms(d.indexNanos()),
                        ms(d.layoutNanos()), ms(d.filterNanos()), ms(d.drawNanos()), ms(t1 - drawnAt));
            }
            Thread.sleep(600);
        }
        monitor.close();
        workers.close();
        return new double[][] {endToEnd, pageToScreen};
    }

    /**
     * CPU time so far of the FX thread and of the renderer's thread, in ns: what the frames cost
     * whatever else the machine runs, where the frame times also count the waits for a core.
     */
    private static long[] fxCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[2];
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            int which = t.getName().equals("JavaFX Application Thread") ? 0
                    : t.getName().startsWith("QuantumRenderer") ? 1 : -1;
            if (which >= 0) {
                cpu[which] += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return cpu;
    }

    /** A future completed when the page draws a frame of this snapshot. */
    private CompletableFuture<TopologyView.DrawnFrame> expect(ClusterSnapshot cluster) {
        Awaited a = new Awaited(cluster, new CompletableFuture<>());
        awaited = a;
        return a.drawn();
    }

    /**
     * When the last drawn frame is on screen. The page draws a new snapshot as soon as it arrives,
     * between pulses; the next pulse hands it to the renderer, and the one after that waits for the
     * rendering to finish before it goes on (a pulse waits for the previous rendering whenever the
     * scene changed, so the scene is changed in each). The time is taken at the start of the pulse
     * after that: an upper bound, late by at most one pulse.
     */
    private long onScreen() throws Exception {
        CompletableFuture<Long> at = new CompletableFuture<>();
        TopologyFx.call(() -> {
            new AnimationTimer() {
                private int pulses;

                @Override
                public void handle(long now) {
                    if (++pulses <= 2) {
                        ticker.setFill(ticker.getFill() == Color.TRANSPARENT ? Color.web("#00000001") : Color.TRANSPARENT);
                    } else {
                        at.complete(System.nanoTime());
                        stop();
                    }
                }
            }.start();
            return null;
        });
        return at.get(30, TimeUnit.SECONDS);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(double[] v) {
        return percentile(v, 50);
    }

    private static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
