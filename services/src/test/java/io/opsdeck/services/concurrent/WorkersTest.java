package io.opsdeck.services.concurrent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersTest {
    @Test
    void closingAChildStopsItsThreadsAndNotItsParents() {
        try (Workers window = new Workers()) {
            ScheduledExecutorService windowThread = window.scheduler("window");
            Workers session = window.child();
            ScheduledExecutorService sessionThread = session.scheduler("session");

            session.close();

            assertThat(sessionThread.isShutdown()).isTrue();
            assertThat(windowThread.isShutdown()).isFalse();
        }
    }

    @Test
    void closingTheParentStopsTheChildrensThreadsToo() {
        Workers window = new Workers();
        ScheduledExecutorService sessionThread = window.child().scheduler("session");

        window.close();

        assertThat(sessionThread.isShutdown()).isTrue();
    }
}
