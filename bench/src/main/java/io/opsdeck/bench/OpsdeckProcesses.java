package io.opsdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opsdeck as whole processes against the fake API server, as a user starts it: {@code opsdeck report
 * --json} ({@code report_ms}), {@code opsdeck snapshot} without a display ({@code snapshot_ms}) and the
 * console window until its Topology has drawn every pod ({@code live_view_ms}). All three run on the app's
 * classes ({@code -Dopsdeck.report.cp}, set by ./bench/run), with the JVM options of app/jvm.options
 * ({@code -Dopsdeck.jvm.options}) and a class-data archive trained the way {@code ./opsdeck} trains its own
 * ({@code train-cds}), unless {@code BENCH_CDS=0}. The window needs a display: the one in
 * {@code DISPLAY}, else an Xvfb started here for the run.
 */
final class OpsdeckProcesses implements AutoCloseable {
    private static final Pattern EVERY_POD = Pattern.compile(
            "Every pod on screen \\((\\d+) pods\\) at epoch ms (\\d+) \\((\\d+) ms after the process started\\)");
    private static final Pattern FIRST_FRAME = Pattern.compile("First frame shown at epoch ms (\\d+)");

    private final String cp;
    private final Path work;
    private final Path kubeconfig;
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> cds = new ArrayList<>();
    /** The JVM options Opsdeck runs with, as ./opsdeck gives them: app/jvm.options ({@code -Dopsdeck.jvm.options}). */
    private final List<String> appJvmOptions;
    private String training;
    private Process xvfb;
    private String display = System.getenv("DISPLAY");

    private OpsdeckProcesses(String cp, FakeApiServer server) throws IOException, InterruptedException {
        this.cp = cp;
        this.appJvmOptions = appJvmOptions(System.getProperty("opsdeck.jvm.options"));
        this.work = Files.createTempDirectory("opsdeck-bench-process");
        this.kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig(server));
        if (!"0".equals(System.getenv("BENCH_CDS"))) {
            train();
        }
    }

    /** The options of a jvm.options file (one a line, # comments), none when no file is named. */
    static List<String> appJvmOptions(String file) throws IOException {
        if (file == null || file.isBlank()) {
            return List.of();
        }
        return Files.readAllLines(Path.of(file)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** A kubeconfig whose one context is the fake server. */
    static String kubeconfig(FakeApiServer server) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: bench, cluster: {server: %s}}]
                users: [{name: bench, user: {token: bench}}]
                contexts: [{name: bench, context: {cluster: bench, user: bench, namespace: default}}]
                current-context: bench
                """.formatted(server.url());
    }

    /** Empty when ./bench/run did not give the app's class path. */
    static OpsdeckProcesses of(FakeApiServer server) throws IOException, InterruptedException {
        String cp = System.getProperty("opsdeck.report.cp");
        return cp == null || cp.isBlank() ? null : new OpsdeckProcesses(cp, server);
    }

    /**
     * As ./opsdeck does: one quiet training run ({@code train-cds}; a build without it, {@code report --demo})
     * that writes the archive at its exit.
     */
    private void train() throws IOException, InterruptedException {
        Path jsa = work.resolve("opsdeck.jsa");
        for (List<String> args : List.of(List.of("train-cds", work.resolve("training").toString()), List.of("report", "--demo"))) {
            Files.createDirectories(work.resolve("training"));
            Process p = builder(List.of("-XX:ArchiveClassesAtExit=" + jsa), args.toArray(String[]::new))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isRegularFile(jsa)) {
                cds.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
                training = args.get(0);
                return;
            }
            p.destroyForcibly();
            Files.deleteIfExists(jsa);
        }
        System.err.println("  (no class-data archive: its training run failed; see " + work.resolve("stderr.txt") + ")");
    }

    /**
     * The keys these processes add to the line: {@code cds=off}, else the training run's command; how many
     * of app/jvm.options's options they ran with.
     */
    String cdsKey() {
        return "cds=" + (cds.isEmpty() ? "off" : training) + " app_jvm_options=" + appJvmOptions.size();
    }

    private ProcessBuilder builder(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(appJvmOptions);
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", cp, "io.opsdeck.app.Main"));
        cmd.addAll(List.of(args));
        Path home = work.resolve("home");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(work.resolve("stderr.txt").toFile());
        pb.environment().put("OPSDECK_HOME", home.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        return pb;
    }

    /**
     * {@code opsdeck report --json} as a whole process (JVM start, kubeconfig, every LIST, the report),
     * best of {@code runs}: {@code report_ms} and its ratio to the raw LIST.
     */
    String report(int expectedPods, int runs, long rawMs) throws Exception {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < Math.max(1, runs); r++) {
            long t0 = System.nanoTime();
            Process p = builder(cds, "report", "--json", "--kubeconfig", kubeconfig.toString(), "--timeout", "600").start();
            byte[] out = p.getInputStream().readAllBytes();
            await(p, "report");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            JsonNode doc = new ObjectMapper().readTree(out);
            int pods = doc.path("cluster").path("pods").asInt(-1);
            if (pods != expectedPods) {
                throw new IllegalStateException("report (exit " + p.exitValue() + ") counted " + pods + " pods, not "
                        + expectedPods + "; its stderr is in " + work.resolve("stderr.txt"));
            }
            System.err.printf(Locale.ROOT, "  report process %d ms (exit %d)%n", ms, p.exitValue());
            best = Math.min(best, ms);
        }
        return String.format(Locale.ROOT, " report_ms=%d report_ratio=%.2f", best, (double) best / rawMs);
    }

    /**
     * {@code opsdeck snapshot --view topology} as a whole process without a display (JVM start, kubeconfig, every
     * LIST, JavaFX headless, the picture, the PNG), best of {@code runs}: {@code snapshot_ms} and its ratio to the
     * raw LIST.
     */
    String snapshot(int runs, long rawMs) throws Exception {
        long best = Long.MAX_VALUE;
        Path png = work.resolve("topology.png");
        for (int r = 0; r < Math.max(1, runs); r++) {
            Files.deleteIfExists(png);
            ProcessBuilder pb = builder(cds, "snapshot", "--view", "topology", "--out", png.toString(), "--kubeconfig",
                    kubeconfig.toString(), "--timeout", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove("DISPLAY");
            pb.environment().remove("WAYLAND_DISPLAY");
            long t0 = System.nanoTime();
            Process p = pb.start();
            await(p, "snapshot");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (p.exitValue() != 0 || !Files.isRegularFile(png) || Files.size(png) == 0) {
                throw new IllegalStateException("snapshot (exit " + p.exitValue() + ") wrote no picture; its stderr is in "
                        + work.resolve("stderr.txt"));
            }
            System.err.printf(Locale.ROOT, "  snapshot process %d ms (exit %d)%n", ms, p.exitValue());
            best = Math.min(best, ms);
        }
        return String.format(Locale.ROOT, " snapshot_ms=%d snapshot_ratio=%.2f", best, (double) best / rawMs);
    }

    /**
     * The console ({@code opsdeck --exit-after-pods N}) from exec to the log line that says its Topology
     * has drawn a picture holding every pod, best of {@code runs}: {@code live_view_ms}, its ratio to the
     * raw LIST, and that run's {@code live_first_frame_ms} (exec to the first frame).
     */
    String liveView(int expectedPods, int runs, long rawMs) throws Exception {
        ensureDisplay();
        long best = Long.MAX_VALUE;
        long firstFrame = -1;
        for (int r = 0; r < Math.max(1, runs); r++) {
            Path log = work.resolve("home").resolve("logs").resolve("opsdeck.log");
            Files.deleteIfExists(log);
            ProcessBuilder pb = builder(cds, "--kubeconfig", kubeconfig.toString(), "--exit-after-pods",
                    Integer.toString(expectedPods)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DISPLAY", display);
            long t0 = System.currentTimeMillis();
            Process p = pb.start();
            await(p, "the console");
            String text = Files.readString(log);
            Matcher every = EVERY_POD.matcher(text);
            Matcher first = FIRST_FRAME.matcher(text);
            if (p.exitValue() != 0 || !every.find() || !first.find()) {
                throw new IllegalStateException("the console (exit " + p.exitValue() + ") never had every pod on screen; "
                        + "its log is " + log + ", its stderr " + work.resolve("stderr.txt"));
            }
            long ms = Long.parseLong(every.group(2)) - t0;
            long frame = Long.parseLong(first.group(1)) - t0;
            System.err.printf(Locale.ROOT, "  console: first frame %d ms, every pod on screen %d ms%n", frame, ms);
            if (ms < best) {
                best = ms;
                firstFrame = frame;
            }
        }
        return String.format(Locale.ROOT, " live_view_ms=%d live_view_ratio=%.2f live_first_frame_ms=%d",
                best, (double) best / rawMs, firstFrame);
    }

    private static void await(Process p, String what) throws InterruptedException {
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not end within 15 minutes");
        }
    }

    /** An Xvfb of the console's size when there is no display. */
    private void ensureDisplay() throws IOException, InterruptedException {
        if (display != null && !display.isBlank()) {
            return;
        }
        int n = 300 + (int) (ProcessHandle.current().pid() % 300);
        xvfb = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Path socket = Path.of("/tmp/.X11-unix/X" + n);
        for (int i = 0; i < 100 && !Files.exists(socket) && xvfb.isAlive(); i++) {
            Thread.sleep(50);
        }
        if (!Files.exists(socket)) {
            throw new IllegalStateException("Xvfb :" + n + " did not start (is the xvfb package installed?)");
        }
        display = ":" + n;
    }

    @Override
    public void close() {
        if (xvfb != null) {
            xvfb.destroy();
        }
    }
}
