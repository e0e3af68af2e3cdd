package io.opsdeck.app.wiring;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.sandbox.Sandbox;
import io.opsdeck.services.source.Backend;
import io.opsdeck.services.source.ClusterSource;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.MetricsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Decides what the console looks at: the sandbox, or the cluster a kubeconfig names. */
public final class BackendFactory {
    private static final Logger LOG = LoggerFactory.getLogger(BackendFactory.class);

    private BackendFactory() {
    }

    /** What was chosen and why, for the log and the status bar. */
    public record Choice(Backend backend, boolean sandbox, String reason, String metricsOrigin) {
    }

    public static Choice create(SourceRequest options, Workers workers, Clock clock, Map<String, String> env,
                                Path home) {
        if (options.demo()) {
            return sandbox(options, workers, clock, "--demo");
        }
        Optional<Path> kubeconfig = findKubeconfig(options.kubeconfig(), env, home);
        if (kubeconfig.isEmpty() && options.kubeconfig() == null) {
            return sandbox(options, workers, clock, "no kubeconfig found ($KUBECONFIG, ~/.kube/config)");
        }
        String where = options.kubeconfig() != null ? options.kubeconfig().toString()
                : kubeconfig.map(Path::toString).orElse("");
        String context = options.context() == null ? "(current context)" : options.context();
        String why;
        if (options.kubeconfig() != null && !Files.isReadable(options.kubeconfig())) {
            why = "the kubeconfig " + where + " does not exist or cannot be read; "
                    + "check the path, or run with --demo to open the sandbox";
        } else {
            why = "connecting to live clusters is not in this build yet (it arrives with the Kubernetes adapter); "
                    + "run with --demo to open the sandbox";
        }
        LOG.warn("Cannot open {} {}: {}", where, context, why);
        return new Choice(new Backend(new UnreachableCluster(context, where, why, clock),
                new NoMetrics(options.prometheusUrl())), false, why, options.prometheusOrigin());
    }

    private static Choice sandbox(SourceRequest options, Workers workers, Clock clock, String why) {
        var spec = options.sandbox();
        LOG.info("Starting on the sandbox {} because of {}", spec, why);
        return new Choice(Sandbox.backend(spec, workers, clock), true, why, "the sandbox's own metrics");
    }

    /** The kubeconfig kubectl would use: --kubeconfig, else the first readable file in $KUBECONFIG, else ~/.kube/config. */
    static Optional<Path> findKubeconfig(Path explicit, Map<String, String> env, Path home) {
        if (explicit != null) {
            return Files.isReadable(explicit) ? Optional.of(explicit) : Optional.empty();
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String p : list.split(File.pathSeparator)) {
                if (!p.isBlank() && Files.isReadable(Path.of(p))) {
                    return Optional.of(Path.of(p));
                }
            }
            return Optional.empty();
        }
        Path dflt = home.resolve(".kube").resolve("config");
        return Files.isReadable(dflt) ? Optional.of(dflt) : Optional.empty();
    }

    /** A cluster that cannot be opened: reports DOWN with the reason, once. */
    static final class UnreachableCluster implements ClusterSource {
        private final String context;
        private final ConnectionStatus status;

        UnreachableCluster(String context, String endpoint, String why, Clock clock) {
            this.context = context;
            this.status = new ConnectionStatus(ConnectionState.DOWN, clock.instant(), why, null, endpoint);
        }

        @Override
        public String contextName() {
            return context;
        }

        @Override
        public void start(Listener listener) {
            listener.status(status);
        }

        @Override
        public ConnectionStatus status() {
            return status;
        }

        @Override
        public void close() {
        }
    }

    /** Metrics for a cluster that cannot be opened. */
    static final class NoMetrics implements MetricsSource {
        private final String url;

        NoMetrics(String url) {
            this.url = url == null ? "" : url;
        }

        @Override
        public String endpoint() {
            return url.isEmpty() ? "none" : url;
        }

        @Override
        public MetricsSnapshot poll(ClusterSnapshot cluster, java.util.List<io.opsdeck.services.model.CacheNode> caches)
                throws MetricsUnavailableException {
            throw new MetricsUnavailableException(url.isEmpty() ? "no Prometheus is configured for this context"
                    : "reading Prometheus is not in this build yet");
        }
    }
}
