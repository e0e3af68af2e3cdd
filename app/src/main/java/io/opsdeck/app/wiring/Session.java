package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.ClusterOps;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.overview.Monitor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
    private final SourceRequest request;
    private final Clock clock;
    private final Path auditFile;
    private ActionPipeline actions;

    public Session(SourceRequest options, Clock clock) {
        this(options, clock, AppDirs.fromEnvironment().auditLog());
    }

    public Session(SourceRequest options, Clock clock, Path auditFile) {
        this.request = options;
        this.clock = clock;
        this.auditFile = auditFile;
        this.choice = BackendFactory.create(options, workers, clock, System.getenv(),
                Path.of(System.getProperty("user.home")));
        Duration interval = choice.sandbox() ? Duration.ofSeconds(2) : METRICS_INTERVAL;
        this.monitor = new Monitor(choice.backend(), workers.scheduler("overview"), workers.scheduler("metrics"),
                interval, clock);
    }

    /**
     * The action pipeline of this session's context, with the context's policy (read-only,
     * protected: Settings and {@code --read-only}) and the user's audit trail; empty when the
     * cluster could not be opened.
     */
    public synchronized Optional<ActionPipeline> actions() {
        ClusterOps ops = choice.backend().actions();
        if (ops == null) {
            return Optional.empty();
        }
        if (actions == null) {
            Settings.ContextSettings saved = request.settings().context(ops.identity().context());
            boolean readOnly = request.readOnly() || saved.readOnly();
            ContextPolicy policy = new ContextPolicy(readOnly, saved.protectedContext(),
                    request.readOnly() ? "--read-only" : saved.readOnly() ? "set in Settings" : "");
            actions = new ActionPipeline(ops, choice.backend().caches(), policy, new AuditTrail(auditFile),
                    () -> monitor.latest().map(Overview::cluster).orElse(null), clock);
        }
        return Optional.of(actions);
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
