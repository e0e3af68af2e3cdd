package io.opsdeck.app.wiring;

import io.opsdeck.views.topology.TopologyView;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs when the console's first frame is on screen, so start-up time can be measured on the
 * installed app ({@code packaging/measure-start.sh}); optionally closes the window right after
 * ({@code --exit-after-first-frame}, used by that script and by the class-data archive's training run).
 */
final class FirstFrame {
    private static final Logger LOG = LoggerFactory.getLogger(FirstFrame.class);

    private FirstFrame() {
    }

    /**
     * Call on the FX thread right after {@code stage.show()}.
     *
     * @param shown run on the FX thread once the first frame is on screen (before the window closes)
     */
    static void watch(Stage stage, boolean closeAfter, Runnable shown) {
        new AnimationTimer() {
            private int ticks;

            @Override
            public void handle(long now) {
                // The first tick runs in the pulse that renders the first frame; the next pulse starts
                // only once that frame has been painted.
                if (++ticks < 2) {
                    return;
                }
                stop();
                long at = System.currentTimeMillis();
                OptionalLong sinceStart = millisSinceProcessStart();
                LOG.info("First frame shown at epoch ms {} ({} ms after the process started)", at,
                        sinceStart.isPresent() ? sinceStart.getAsLong() : "?");
                shown.run();
                if (closeAfter) {
                    stage.hide();
                }
            }
        }.start();
    }

    /**
     * Logs when the Topology has drawn a picture holding at least {@code pods} pods, then closes the
     * window ({@code --exit-after-pods}: the live view's time for {@code ./bench/run live}). The log
     * line is written in the pulse after the one that drew it, when the picture is on screen.
     */
    static void closeWhenPodsDrawn(TopologyView view, int pods, Stage stage) {
        AtomicBoolean seen = new AtomicBoolean();
        view.addDrawListener(drawn -> {
            int count = drawn.cluster() == null ? 0 : drawn.cluster().pods().size();
            if (count < pods || !seen.compareAndSet(false, true)) {
                return;
            }
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    OptionalLong sinceStart = millisSinceProcessStart();
                    LOG.info("Every pod on screen ({} pods) at epoch ms {} ({} ms after the process started)", count,
                            System.currentTimeMillis(), sinceStart.isPresent() ? sinceStart.getAsLong() : "?");
                    stage.hide();
                }
            }.start();
        });
    }

    /**
     * Linux: from /proc, to 10 ms ({@link ProcessHandle.Info#startInstant()} there rests on the boot
     * time in whole seconds, so it can be off by up to a second). Elsewhere: the process's start instant.
     */
    static OptionalLong millisSinceProcessStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22, starttime, in clock ticks (USER_HZ = 100)
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return OptionalLong.of(Math.round(uptime * 1000) - startTicks * 10);
        } catch (IOException | RuntimeException notLinux) {
            return ProcessHandle.current().info().startInstant()
                    .map(s -> OptionalLong.of(Duration.between(s, Instant.now()).toMillis()))
                    .orElse(OptionalLong.empty());
        }
    }
}
