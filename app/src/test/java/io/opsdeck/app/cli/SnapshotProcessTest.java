package io.opsdeck.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code opsdeck snapshot} as a user runs it: a separate JVM with no display (headless Monocle),
 * and under a real Xvfb. The PNG must have the requested size and real content. Children write to
 * files and are waited for with a time limit, so one that hangs fails the test instead of the build.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SnapshotProcessTest {
    private static final Duration CHILD_LIMIT = Duration.ofSeconds(120);

    record Run(int exit, String output) {
    }

    static Run opsdeck(Map<String, String> env, Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.opsdeck.app.Main"));
        cmd.addAll(List.of(args));
        Path output = Files.createTempFile(home, "opsdeck-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().put("OPSDECK_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(CHILD_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                fail("opsdeck " + String.join(" ", args) + " did not finish within " + CHILD_LIMIT.toSeconds()
                        + " s; its output:\n" + Files.readString(output));
            }
            return new Run(p.exitValue(), Files.readString(output));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The display an Xvfb started with {@code -displayfd 1} picked itself: the first one free, which
     * it writes to its standard output once it accepts connections.
     */
    static int displayOf(Process server, Path log) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String display = line.get(30, TimeUnit.SECONDS);
            assertThat(display).as("Xvfb's display number; see " + log).isNotNull().matches("\\d+");
            return Integer.parseInt(display);
        } catch (TimeoutException e) {
            return fail("Xvfb did not report a display within 30 s; see " + log);
        }
    }

    /** Distinct colours in a grid of samples: a blank or single-colour image has one or two. */
    static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void headlessSnapshotOfEachViewIsANonBlankPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        for (String view : List.of("topology", "caches", "services")) {
            Path png = dir.resolve(view + ".png");
            Run r = opsdeck(Map.of(), dir, "snapshot", "--demo", "--view", view, "--out", png.toString(),
                    "--width", "1280", "--height", "800");
            assertThat(r.exit()).as(r.output()).isZero();
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1280);
            assertThat(img.getHeight()).isEqualTo(800);
            assertThat(distinctColours(img)).as("colours in " + view).isGreaterThan(20);
        }
    }

    @Test
    void snapshotUnderXvfbUsesTheDisplay(@TempDir Path dir) throws Exception {
        Path xvfb = Path.of("/usr/bin/Xvfb");
        assertThat(Files.isExecutable(xvfb))
                .as("this test needs Xvfb (/usr/bin/Xvfb, Debian package 'xvfb'); .ci/test installs it").isTrue();
        Path log = dir.resolve("xvfb.log");
        Process server = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", "1600x1000x24",
                "-nolisten", "tcp").redirectError(log.toFile()).start();
        try {
            int display = displayOf(server, log);
            Path png = dir.resolve("xvfb.png");
            Run r = opsdeck(Map.of("DISPLAY", ":" + display), dir, "snapshot", "--demo", "--view", "services",
                    "--theme", "dark", "--out", png.toString(), "--width", "1024", "--height", "700");
            assertThat(r.exit()).as(r.output()).isZero();
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1024);
            assertThat(img.getHeight()).isEqualTo(700);
            assertThat(distinctColours(img)).isGreaterThan(20);
            // dark theme: the page background is dark
            int rgb = img.getRGB(img.getWidth() / 2, img.getHeight() - 60);
            int luminance = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
            assertThat(luminance).isLessThan(100);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void snapshotOfAnActionDrawsItsDialogOverTheDimmedWindowAndChangesNothing(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plan.png");
        Run r = opsdeck(Map.of(), dir, "snapshot", "--demo", "--action", "scale shop/deployment/checkout --replicas 5",
                "--out", png.toString(), "--width", "1400", "--height", "860");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("action scale shop/deployment/checkout --replicas 5");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1400);
        // the window behind is dimmed (the light sidebar is ~245 without the dialog); the card in the middle is not
        assertThat(luminance(img, 60, 500)).isLessThan(180);
        int brightest = 0;
        for (int x = img.getWidth() / 2 - 200; x < img.getWidth() / 2 + 200; x += 5) {
            brightest = Math.max(brightest, luminance(img, x, img.getHeight() / 2));
        }
        assertThat(brightest).isGreaterThan(230);
        // planned and checked only: nothing ran, so nothing was recorded
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();

        Run unknown = opsdeck(Map.of(), dir, "snapshot", "--demo", "--action", "explode node-a-01", "--out", png.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("Unknown action 'explode'");
        Run missing = opsdeck(Map.of(), dir, "snapshot", "--demo", "--action", "scale shop/deployment/nope --replicas 2",
                "--out", png.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.output()).contains("shop/nope");
    }

    private static int luminance(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        return ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
    }

    @Test
    void reportExitCodesAsAProcess(@TempDir Path dir) throws Exception {
        assertThat(opsdeck(Map.of(), dir, "report", "--demo", "--json").exit()).isZero();
        assertThat(opsdeck(Map.of(), dir, "report", "--bogus").exit()).isEqualTo(2);
        Run unreachable = opsdeck(Map.of(), dir, "report", "--json", "--kubeconfig", dir.resolve("missing").toString());
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.output()).contains("\"reachable\" : false");
    }
}
