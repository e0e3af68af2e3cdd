package io.opsdeck.app.wiring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FxHandoffTest {
    @Test
    void holdsTasksUntilOpenThenRunsThemFirstInOrder() {
        List<Runnable> posted = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        FxHandoff handoff = new FxHandoff(posted::add);
        handoff.accept(() -> ran.add("opened"));
        handoff.accept(() -> ran.add("overview"));
        assertTrue(posted.isEmpty(), "nothing reaches the FX thread before the window is up");

        handoff.open();
        handoff.accept(() -> ran.add("later"));
        handoff.open(); // a second open changes nothing
        posted.forEach(Runnable::run);

        assertEquals(List.of("opened", "overview", "later"), ran);
    }

    @Test
    void noTaskIsLostOrOvertakesAHeldOneWhileOpening() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        ExecutorService fx = Executors.newSingleThreadExecutor();
        FxHandoff handoff = new FxHandoff(fx::execute);
        int n = 20_000;
        CountDownLatch sent = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                int k = i;
                handoff.accept(() -> ran.add(k));
            }
            sent.countDown();
        });
        producer.start();
        handoff.open();
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        fx.shutdown();
        assertTrue(fx.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(n, ran.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, ran.get(i), "tasks from one thread keep their order");
        }
    }
}
