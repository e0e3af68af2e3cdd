package io.opsdeck.services.sandbox;

import io.opsdeck.services.concurrent.Workers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxClusterSourceTest {
    private final Workers workers = new Workers();

    @AfterEach
    void close() {
        workers.close();
    }

    @Test
    void aCallThatTimesOutNeverRunsAfterwards() throws Exception {
        SandboxClusterSource source = new SandboxClusterSource(SandboxSpec.DEFAULT, workers.scheduler("sandbox-test"),
                Duration.ofDays(1), Clock.systemUTC());
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the sandbox thread is held by a slow call
        workers.scheduler("slow-caller").execute(() -> {
            try {
                source.call(w -> {
                    busy.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean changed = new AtomicBoolean();
        assertThatThrownBy(() -> source.call(w -> {
            changed.set(true);
            return null;
        }, true, Duration.ofMillis(200))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the sandbox did not answer");
        release.countDown();

        // the sandbox thread is free again: a later call runs, and the timed-out one did not run before it
        String after = source.call(w -> "after", false);
        assertThat(after).isEqualTo("after");
        assertThat(changed).as("the change reported as failed never happened").isFalse();
    }
}
