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
 * The object graph behind one window's connection or one headless command: the chosen backend and
 * the monitor that joins its snapshots, on threads from the {@link Workers} it is handed (a child of
 * the window's) or, for a headless command, its own. Closing it stops every thread it started.
 */
public final class Session implements AutoCloseable {
    /** How often metrics are polled. */
    public static final Duration METRICS_INTERVAL = Duration.ofSeconds(5);

    private final Workers workers;
    private final BackendFactory.Choice choice;
    private final Monitor monitor;
    private final SourceRequest request;
    private final Clock clock;
    private final Path auditFile;
    private ActionPipeline actions;

    /** A session that owns its threads: for a headless command that acts (the cluster is watched while it runs). */
    public Session(SourceRequest options, Clock clock) {
        this(options, new Workers(), clock);
    }

    public Session(SourceRequest options, Workers workers, Clock clock) {
        this(options, workers, clock, AppDirs.fromEnvironment().auditLog(), false);
    }

    /**
     * @param workers where the session's threads are made; the session closes them (and only them)
     *                when it closes: hand it {@code parent.child()} when the parent outlives it
     * @param auditFile the audit trail actions are recorded in
     */
    public Session(SourceRequest options, Workers workers, Clock clock, Path auditFile) {
        this(options, workers, clock, auditFile, false);
    }

    /**
     * A session for a command that prints one snapshot and exits ({@code report}, {@code snapshot}): its first
     * overview comes as soon as everything has listed, without waiting for the watches that follow.
     */
    public static Session headless(SourceRequest options, Workers workers, Clock clock) {
        return new Session(options, workers, clock, AppDirs.fromEnvironment().auditLog(), true);
    }

    private Session(SourceRequest options, Workers workers, Clock clock, Path auditFile, boolean headless) {
        this.workers = workers;
        this.request = options;
        this.clock = clock;
        this.auditFile = auditFile;
        try {
            this.choice = BackendFactory.create(options, workers, clock, System.getenv(),
                    Path.of(System.getProperty("user.home")), headless);
        } catch (RuntimeException e) {
            workers.close();
            throw e;
        }
        Duration interval = choice.sandbox() ? Duration.ofSeconds(2) : METRICS_INTERVAL;
        this.monitor = new Monitor(choice.backend(), workers.scheduler("overview"), workers.scheduler("metrics"),
                interval, clock);
    }

    /**
     * The action pipeline of this session's context, with the context's policy (read-only and
     * protected from Settings, and {@code --read-only}) and the user's audit trail; empty when the
     * cluster could not be opened.
     */
    public synchronized Optional<ActionPipeline> actions() {
        ClusterOps ops = choice.backend().actions();
        if (ops == null) {
            return Optional.empty();
        }
        if (actions == null) {
            Settings.ContextSettings saved = choice.contextSettings();
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

    /** The context this session looks at: the one asked for, or the kubeconfig's current one. */
    public String context() {
        return choice.context();
    }

    /** What the user saved for {@link #context()} (Prometheus URL, external caches), as the session was opened with. */
    public Settings.ContextSettings contextSettings() {
        return choice.contextSettings();
    }

    /** The approvals this session's external caches wait for (the Caches page's Approve…). */
    public io.opsdeck.services.source.CacheApprovals cacheApprovals() {
        return choice.backend().metrics().cacheApprovals();
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
