package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.services.cache.CacheApprovalStore;
import io.opsdeck.services.cache.CacheCredentials;
import io.opsdeck.services.cache.CacheEndpoints;
import io.opsdeck.services.cache.CacheFlusher;
import io.opsdeck.services.cache.CacheHistory;
import io.opsdeck.services.cache.CachePasswords;
import io.opsdeck.services.cache.CompositeMetricsSource;
import io.opsdeck.services.cache.DirectCachePoller;
import io.opsdeck.services.cache.Fabric8PodOwners;
import io.opsdeck.services.cache.Fabric8PortForwarder;
import io.opsdeck.services.cache.PrometheusCacheDetails;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.action.ClusterOps;
import io.opsdeck.services.action.Identity;
import io.opsdeck.services.k8s.KubernetesClusterSource;
import io.opsdeck.services.k8s.actions.KubeRest;
import io.opsdeck.services.k8s.actions.KubernetesActions;
import io.opsdeck.services.k8s.config.ClusterErrors;
import io.opsdeck.services.k8s.config.ClusterAccessException;
import io.opsdeck.services.k8s.config.KubeClientOptions;
import io.opsdeck.services.k8s.config.KubeClients;
import io.opsdeck.services.k8s.config.KubeConnection;
import io.opsdeck.services.k8s.config.KubeconfigException;
import io.opsdeck.services.k8s.config.KubeconfigSet;
import io.opsdeck.services.live.DiscoveringMetricsSource;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.prom.OkHttpPrometheusTransport;
import io.opsdeck.services.prom.PrometheusClient;
import io.opsdeck.services.prom.PrometheusConfig;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.prom.PrometheusMetricsSource;
import io.opsdeck.services.sandbox.Sandbox;
import io.opsdeck.services.source.Backend;
import io.opsdeck.services.source.ClusterSource;
import io.opsdeck.services.source.MetricsNotConfiguredException;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.MetricsUnavailableException;
import io.opsdeck.services.source.UnreachableCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides what the console looks at: the sandbox, or the cluster a kubeconfig names. */
public final class BackendFactory {
    private static final Logger LOG = LoggerFactory.getLogger(BackendFactory.class);
    /** How long one request of an action may take. */
    static final Duration ACTION_TIMEOUT = Duration.ofSeconds(20);

    private BackendFactory() {
    }

    /**
     * What was chosen and why, for the log and the status bar.
     *
     * @param context         the context the session looks at (the kubeconfig's current one resolved;
     *                        "(current context)" when the kubeconfig could not be read)
     * @param contextSettings what the user saved for that context: read here, and only here
     */
    public record Choice(Backend backend, boolean sandbox, String reason, String metricsOrigin, String context,
                         Settings.ContextSettings contextSettings) {
    }

    /** For the window: a live cluster is watched. */
    public static Choice create(SourceRequest options, Workers workers, Clock clock, Map<String, String> env,
                                Path home) {
        return create(options, workers, clock, env, home, false);
    }

    /**
     * @param headless for a command that prints one snapshot and exits ({@code report}, {@code snapshot}): a live
     *                 cluster's first snapshot comes once everything has listed, without waiting for the watches
     *                 ({@link KubernetesClusterSource.Options#headless()})
     */
    public static Choice create(SourceRequest options, Workers workers, Clock clock, Map<String, String> env,
                                Path home, boolean headless) {
        if (options.demo()) {
            return sandbox(options, workers, clock, "--demo");
        }
        Optional<Path> kubeconfig = findKubeconfig(options.kubeconfig(), env, home);
        if (kubeconfig.isEmpty() && options.kubeconfig() == null) {
            return sandbox(options, workers, clock, "no kubeconfig found ($KUBECONFIG, ~/.kube/config)");
        }
        return live(options, workers, clock, env, home, headless);
    }

    /** A kubeconfig context: fabric8 informers for the cluster, Prometheus from the URL given or found in the cluster. */
    private static Choice live(SourceRequest options, Workers workers, Clock clock, Map<String, String> env, Path home,
                               boolean headless) {
        String where = options.kubeconfig() != null ? options.kubeconfig().toString() : "$KUBECONFIG / ~/.kube/config";
        String contextName = options.context() == null ? "(current context)" : options.context();
        KubeConnection connection;
        Optional<EarlyConnection.Opened> early = EarlyConnection.take(options.kubeconfig(), options.context());
        try {
            KubeconfigSet set = early.isPresent() ? early.get().set()
                    : KubeconfigSet.load(Optional.ofNullable(options.kubeconfig()), env, home);
            set.problems().forEach(p -> LOG.warn("Kubeconfig: {}", p));
            contextName = options.context() != null ? options.context() : set.currentContext().orElseThrow(() ->
                    new KubeconfigException("The kubeconfig (" + where + ") names no current context; choose one with "
                            + "--context or the context switcher (Ctrl+K)"));
            connection = early.isPresent() ? early.get().connection()
                    : KubeClients.open(set, contextName, KubeClientOptions.defaults(AppVersion.opsdeck()));
        } catch (KubeconfigException | ClusterAccessException e) {
            String why = e.getMessage() + (e instanceof KubeconfigException ? " (or run with --demo to open the sandbox)" : "");
            LOG.warn("Cannot open context {}: {}", contextName, why);
            return new Choice(new Backend(new UnreachableCluster(contextName, where, why, clock),
                    new NoMetrics(options.prometheusUrl())), false, why, options.prometheusOrigin(),
                    contextName, options.settings().context(contextName));
        }
        KubernetesClusterSource.Options tuning = KubernetesClusterSource.Options.DEFAULTS;
        ClusterSource cluster = new KubernetesClusterSource(connection.client(), contextName,
                connection.context().namespace(), workers.scheduler("k8s-snapshot"), clock,
                headless ? tuning.headless() : tuning);
        Settings.ContextSettings saved = options.settings().context(contextName);
        Prometheus prometheus = prometheus(options, saved, connection, clock);
        CacheEndpoints endpoints = cacheEndpoints(saved, connection, new CacheApprovalStore(
                approvalsFile(env, home), contextName, clock), clock);
        MetricsSource metrics = new CompositeMetricsSource(prometheus.source(), prometheus.cacheDetails(),
                DirectCachePoller.create(endpoints, PrometheusConfig.DEFAULT_WINDOW, clock), new CacheHistory(), clock);
        LOG.info("Opened context {} at {}", contextName, ClusterErrors.safeUrl(connection.serverUrl()));
        ClusterOps actions = new KubernetesActions(new KubeRest(connection.client(), ACTION_TIMEOUT),
                new Identity(contextName, ClusterErrors.safeUrl(connection.serverUrl()), connection.context().user(), false),
                clock);
        return new Choice(new Backend(cluster, metrics, List.of(connection)).withActions(actions)
                .withCaches(new CacheFlusher(endpoints)), false, "context " + contextName, prometheus.origin(),
                contextName, saved);
    }

    /** The Prometheus a live context reads, and how it was chosen. */
    private record Prometheus(MetricsSource source, PrometheusCacheDetails cacheDetails, String origin) {
    }

    /** The URL given, else the one saved for the context, else one looked for in the cluster. */
    private static Prometheus prometheus(SourceRequest options, Settings.ContextSettings saved,
                                         KubeConnection connection, Clock clock) {
        String url = options.prometheusUrl();
        String origin = options.prometheusOrigin().isEmpty() ? "given" : options.prometheusOrigin();
        if ((url == null || url.isBlank()) && saved.prometheusUrl() != null) {
            url = saved.prometheusUrl();
            origin = "settings";
        }
        if (url == null || url.isBlank()) {
            return new Prometheus(new DiscoveringMetricsSource(connection.client(), Duration.ofSeconds(10), clock), null,
                    "looked for in the cluster");
        }
        PrometheusConfig config = PrometheusConfig.of(url);
        try {
            PrometheusClient client = new PrometheusClient(new OkHttpPrometheusTransport(HttpClients.shared(), config));
            return new Prometheus(new PrometheusMetricsSource(client, config), new PrometheusCacheDetails(client, config),
                    origin);
        } catch (PrometheusException e) {
            return new Prometheus(new NoMetrics(url, e.getMessage()), null, origin);
        }
    }

    /**
     * How the context's caches are reached: port-forwards (opened on demand, closed when idle), passwords
     * bound to the pods their workload owns, and the external caches saved for it, whose Secret pairings
     * wait for the user's approval.
     */
    private static CacheEndpoints cacheEndpoints(Settings.ContextSettings saved, KubeConnection connection,
                                                 CacheApprovalStore approvals, Clock clock) {
        List<CacheAddress> externals = ExternalCaches.parse(saved.externalCaches(),
                p -> LOG.warn("External cache skipped: {}", p));
        return new CacheEndpoints(new Fabric8PortForwarder(connection.client()), new Fabric8PodOwners(connection.client()),
                new CachePasswords(System::getenv, connection.client(), clock),
                new CacheCredentials(saved.cacheAuthRefs()), ExternalCaches.rules(saved.cacheTls()), externals,
                approvals, clock);
    }

    /** Where approved pairings of external cache and Secret are kept: the state directory, beside the audit trail. */
    public static Path approvalsFile(Map<String, String> env, Path home) {
        return AppDirs.resolve(env, System.getProperty("os.name", ""), home).stateDir()
                .resolve(CacheApprovalStore.FILE_NAME);
    }

    private static Choice sandbox(SourceRequest options, Workers workers, Clock clock, String why) {
        var spec = options.sandbox();
        LOG.info("Starting on the sandbox {} because of {}", spec, why);
        Backend backend = Sandbox.backend(spec, workers, clock);
        String context = backend.cluster().contextName();
        return new Choice(backend, true, why, "the sandbox's own metrics", context,
                options.settings().context(context));
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

    /** Metrics for a cluster that cannot be opened. */
    static final class NoMetrics implements MetricsSource {
        private final String url;
        private final String why;

        NoMetrics(String url) {
            this(url, null);
        }

        NoMetrics(String url, String why) {
            this.url = url == null ? "" : url;
            this.why = why;
        }

        @Override
        public String endpoint() {
            return url.isEmpty() ? "none" : url;
        }

        @Override
        public MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches)
                throws MetricsUnavailableException {
            if (why != null) {
                throw new MetricsUnavailableException(why);
            }
            throw new MetricsNotConfiguredException("the cluster cannot be reached, so no Prometheus was looked for"
                    + (url.isEmpty() ? "" : " (" + url + ")"));
        }
    }
}
