package io.opsdeck.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FirstFrameTest {

    @Test
    void timeSinceProcessStartIsAtLeastTheJvmsUptime() {
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();

        OptionalLong sinceStart = FirstFrame.millisSinceProcessStart();

        assertThat(sinceStart).isPresent();
        // the process starts before the JVM does; /proc counts in 10 ms ticks
        assertThat(sinceStart.getAsLong()).isBetween(jvmUptime - 20, jvmUptime + 60_000);
    }
}
