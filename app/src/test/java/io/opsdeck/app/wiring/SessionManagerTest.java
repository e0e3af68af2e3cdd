package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.sandbox.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console opens its session while JavaFX starts and lets it list only once the first frame is up. */
class SessionManagerTest {

    @Test
    void theSessionOpensAtOnceButItsMonitorStartsOnlyWhenAllowed() throws Exception {
        BlockingQueue<Session> opened = new ArrayBlockingQueue<>(4);
        BlockingQueue<Overview> overviews = new ArrayBlockingQueue<>(64);
        SessionManager.Listener listener = new SessionManager.Listener() {
            @Override
            public void opened(Session session) {
                opened.add(session);
            }

            @Override
            public void overview(Overview overview) {
                overviews.offer(overview);
            }

            @Override
            public void failed(String message) {
                throw new AssertionError(message);
            }
        };
        CompletableFuture<Void> firstFrame = new CompletableFuture<>();
        try (Workers workers = new Workers();
             SessionManager manager = new SessionManager(workers, Clock.systemUTC(), listener, Runnable::run, firstFrame)) {
            manager.open(new SourceRequest(true, SandboxSpec.DEFAULT, null, null, null, "", Settings.defaults(), false));

            Session session = opened.poll(30, TimeUnit.SECONDS);
            assertThat(session).as("the session is opened before the first frame").isNotNull();
            // the sandbox publishes its first overview as soon as its monitor starts; held, it has none
            assertThat(overviews.poll(1, TimeUnit.SECONDS)).isNull();
            assertThat(session.monitor().latest()).isEmpty();

            firstFrame.complete(null);
            Overview first = overviews.poll(30, TimeUnit.SECONDS);
            assertThat(first).as("the monitor starts once allowed").isNotNull();
            // its first publication may carry only the status; the sandbox's pods follow
            while (first != null && first.cluster().pods().size() < SandboxSpec.DEFAULT.pods()) {
                first = overviews.poll(30, TimeUnit.SECONDS);
            }
            assertThat(first).as("an overview with every pod of the sandbox").isNotNull();
        }
    }
}
