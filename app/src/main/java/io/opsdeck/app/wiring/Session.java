package io.opsdeck.app.wiring;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.overview.Monitor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The object graph behind one window or one headless command: workers, the chosen backend and the
 * monitor that joins its snapshots. Closing it stops every thread it started.
 */
public final class Session implements AutoCloseable {
    /** How often metrics are polled. */
    public static final Duration METRICS_INTERVAL = Duration.ofSeconds(5);

    private final Workers workers = new Workers();
    private final BackendFactory.Choice choice;
    private final Monitor monitor;

    public Session(SourceRequest options, Clock clock) {
        this.choice = BackendFactory.create(options, workers, clock, System.getenv(),
                Path.of(System.getProperty("user.home")));
        Duration interval = choice.sandbox() ? Duration.ofSeconds(2) : METRICS_INTERVAL;
        this.monitor = new Monitor(choice.backend(), workers.scheduler("overview"), workers.scheduler("metrics"),
                interval, clock);
    }

    public Monitor monitor() {
        return monitor;
    }

    public boolean sandbox() {
        return choice.sandbox();
    }

    public String reason() {
        return choice.reason();
    }

    public Workers workers() {
        return workers;
    }

    /** The metrics endpoint in use and how it was chosen, for the Settings page. */
    public String metricsEndpoint() {
        return choice.backend().metrics().endpoint();
    }

    public String metricsOrigin() {
        return choice.metricsOrigin();
    }

    @Override
    public void close() {
        monitor.close();
        workers.close();
    }
}
