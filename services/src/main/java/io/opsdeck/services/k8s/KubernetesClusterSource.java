package io.opsdeck.services.k8s;

import io.opsdeck.services.k8s.config.ClusterErrors;
import io.opsdeck.services.k8s.config.KubeReadLimits;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Sentences;
import io.opsdeck.services.k8s.ConnectionJudge.Verdict;
import io.opsdeck.services.source.ClusterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A live cluster behind the {@link ClusterSource} port: informers feed a single snapshot builder
 * (DESIGN.md, data flow 1).
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>Discovery</b> (one GET of {@code /apis} and {@code /version}, asynchronous) picks
 *       EndpointSlices discovery.k8s.io/v1, else v1beta1, else core/v1 Endpoints; and
 *       PodDisruptionBudgets policy/v1, else v1beta1, else none (reported in {@code unavailable()}).
 *       The informers start as soon as it answers.</li>
 *   <li><b>Informers</b> for nodes, namespaces, pods, deployments, statefulsets, daemonsets,
 *       replicasets, services, endpoint(slice)s, PDBs and Warning events ({@code type=Warning} field
 *       selector). Pods and Warning events, the collections that grow with the cluster, are informed by
 *       Opsdeck's {@link StreamingInformer}, which decodes LIST and WATCH responses as they arrive
 *       straight into the slim classes of {@code io.opsdeck.services.k8s.slim}; ReplicaSets and
 *       endpoints by fabric8's informers into slim classes; the rest by fabric8's informers into its
 *       models. Their handlers only mark the kind as changed.</li>
 *   <li><b>One builder</b> runs every {@link Options#coalesce()} (250 ms) on the executor the caller
 *       passes in: it rebuilds the parts of the snapshot whose caches changed (so many changes in
 *       one interval make one snapshot), polls each informer's {@code isWatching()} /
 *       {@code hasSynced()} to decide the connection state, and calls the listener. It never
 *       mutates a cached object. The first snapshot is built as soon as every informer has listed and
 *       is watching, rather than at the next tick; the ticks then restart from it. For a headless
 *       command ({@link Options#headless()}) as soon as every informer has listed: it prints one snapshot
 *       of the lists and has no use for the watches.</li>
 *   <li><b>Errors</b>: each informer has its own exception handler. A 403 stops that informer only;
 *       endpoints then fall back from EndpointSlices to v1 Endpoints, and a namespaced resource to the
 *       context's namespace ("pods: showing namespace "team-a" only — User "jane" cannot list resource
 *       "pods" … at the cluster scope"); nodes and namespaces stay empty with the reason. What could
 *       not be read is carried as a {@code ReadScope} in the snapshot, so that its figures are
 *       unknown, never 0 (see {@code Feed}). 404 and undecodable answers stop the informer with a
 *       sentence; everything else (no connection, 401, 429, 5xx) is retried with back-off (1 s
 *       doubling to 32 s), and a 410 Gone on a watch lists again, which drops objects deleted
 *       meanwhile.</li>
 *   <li><b>State</b>: CONNECTING until every informer has listed once (or failed trying); CONNECTED
 *       when every running informer is watching; DEGRADED when something is forbidden, shown for one
 *       namespace only, or an informer is not watching for more than a second after its first list
 *       (reconnecting); DOWN when no informer delivers and a GET of {@code /version} fails too (no
 *       connection, 401), or when nothing at all may be read, with the reason as a sentence (see
 *       {@code ConnectionJudge}).</li>
 * </ul>
 *
 * <h2>Initial load at scale</h2>
 * The first LISTs are sent with {@code resourceVersion=0} when no page size is set: the API server
 * answers from its watch cache instead of reading etcd, measured at ~2.0–2.4 s for 30,000 pods against
 * ~3.5–4 s for a quorum read, and at no cost to etcd. A page size drops {@code resourceVersion=0}
 * (as fabric8 does), and before Kubernetes 1.31 the watch cache ignored the limit anyway, so paging
 * would only make the first list slower. Hence {@link Options#listPageSize()} defaults to none; set it
 * for API servers that struggle with large unpaginated answers (the streaming informers then request
 * each next page as soon as its {@code continue} token arrives, at most two pages in flight). Relists
 * after a 410 Gone or a failure are consistent reads, as they must be.
 *
 * <p>The pod LIST is the initial load: ~170 MB of JSON for 30,000 pods. fabric8 would read it into
 * one array, then decode it; the {@link StreamingInformer} decodes it in ~256 KiB batches while the
 * rest is in transfer (reading on the HTTP client's thread, decoding on a thread of this source's
 * own), skipping everything it does not keep by bracket matching; measured by {@code ./bench/run live},
 * a source holds ~25 MB for 30,000 pods and 1,000 nodes, its snapshot included. Because
 * one unpaginated LIST of 150,000 pods takes longer than fabric8's default 10 s request timeout, all
 * informers run on a client derived from the given one ({@code newClient(RequestConfig)}: same
 * connection pool, credentials and interceptors) with a request timeout of {@link Options#listTimeout()}
 * and no request-level retries, so that failures reach the informers' own back-off and this class's
 * status at once instead of after ~10 silent retries.
 *
 * <h2>Ownership and threads</h2>
 * The caller owns the {@link KubernetesClient} and the builder executor: {@link #close()} stops
 * the informers and the builder task but closes neither. fabric8's informer callbacks run on
 * fabric8's executor (the client's); the streaming informers' on the HTTP client's threads and on
 * this source's decoding threads (made by {@link Workers}, stopped by {@link #close()}); their back-off
 * is scheduled on the builder executor. The listener is called on the builder executor's thread,
 * never concurrently, and while the source holds its lock, so that after {@code close()} returns no
 * call is made. A listener must therefore not block waiting for a thread that may be calling
 * {@code close()}.
 */
public final class KubernetesClusterSource implements ClusterSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterSource.class);

    /**
     * Tuning.
     *
     * @param coalesce       how often the builder runs: the most snapshots per second is 1 / this
     * @param listTimeout    request timeout of the informers' LIST requests
     * @param listPageSize   LIST page size, or {@code null} to list in one request from the watch cache
     * @param probeTimeout   timeout of discovery and of the reachability probe
     * @param rbacRecheck    how often a list the API server forbade (403) is tried again, beside what is
     *                       shown meanwhile, so that access granted later shows without reopening the context
     * @param stuckWatch     how long an informer's watch may stay down while the server answers the others
     *                       before its resource is listed afresh (see {@code Feed#repair})
     * @param listsSuffice   for a headless command, which takes one snapshot and exits: the first snapshot is
     *                       built as soon as every list has arrived (or failed), without waiting for the watches,
     *                       and a watch not up yet does not count against the status (see {@link #headless()})
     */
    public record Options(Duration coalesce, Duration listTimeout, Long listPageSize, Duration probeTimeout,
                          Duration rbacRecheck, Duration stuckWatch, boolean listsSuffice) {
        public static final Options DEFAULTS = new Options(Duration.ofMillis(250), Duration.ofMinutes(5), null,
                Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), false);

        public Options {
            Objects.requireNonNull(coalesce);
            Objects.requireNonNull(listTimeout);
            Objects.requireNonNull(probeTimeout);
            Objects.requireNonNull(rbacRecheck);
            Objects.requireNonNull(stuckWatch);
            if (coalesce.isZero() || coalesce.isNegative()) {
                throw new IllegalArgumentException("coalesce must be positive");
            }
            if (rbacRecheck.isZero() || rbacRecheck.isNegative() || stuckWatch.isZero() || stuckWatch.isNegative()) {
                throw new IllegalArgumentException("rbacRecheck and stuckWatch must be positive");
            }
        }

        /** For the window: the first snapshot once every list has arrived and every watch is up. */
        public Options(Duration coalesce, Duration listTimeout, Long listPageSize, Duration probeTimeout,
                       Duration rbacRecheck, Duration stuckWatch) {
            this(coalesce, listTimeout, listPageSize, probeTimeout, rbacRecheck, stuckWatch, false);
        }

        /** With the default RBAC re-check and stuck-watch intervals. */
        public Options(Duration coalesce, Duration listTimeout, Long listPageSize, Duration probeTimeout) {
            this(coalesce, listTimeout, listPageSize, probeTimeout, DEFAULTS.rbacRecheck(), DEFAULTS.stuckWatch());
        }

        /**
         * These options for a headless command ({@code report}, {@code snapshot}): what it prints is one
         * consistent snapshot of the lists, so it need not wait for the watches that follow them (0.4 s on a
         * quiet machine, ~2 s on a loaded one, measured after 30,000 pods had listed). What could not be
         * listed is still unknown with its reason: only the wait for the watches goes.
         */
        public Options headless() {
            return new Options(coalesce, listTimeout, listPageSize, probeTimeout, rbacRecheck, stuckWatch, true);
        }
    }

    private final KubernetesClient informerClient;
    private final String contextName;
    private final String defaultNamespace;
    private final String server;
    private final ScheduledExecutorService builder;
    private final Clock clock;
    private final Options options;
    private final ConnectionJudge judge;
    private final SnapshotAssembler assembler;
    /** Decodes the streaming informers' LIST responses; this source's own, shut down by {@link #close()}. */
    private final ExecutorService decoders;

    private final Object lock = new Object();
    private volatile boolean closed;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** The first snapshot is out: {@link #wake()} has nothing left to do. */
    private volatile boolean firstOut;
    private volatile ConnectionStatus status;
    private ScheduledFuture<?> ticking;
    private Listener listener;
    /** Decoding the LISTs, and the informers other than pods' and events', wait for this; see {@link #start(Listener, CompletionStage)}. */
    private CompletableFuture<?> heavyWork = CompletableFuture.completedFuture(null);

    // builder thread (under lock) only
    private long ticks;
    private Feeds feeds;
    private ApiDiscovery.Result api;
    /** The informers that depend on discovery are made and started. */
    private boolean discoveredStarted;
    private CompletableFuture<ApiDiscovery.Result> discovery;
    private int discoveryFailures;
    private long nextDiscoveryTick;
    private boolean published;
    private boolean statusPublished;
    private List<String> lastUnavailable = List.of();

    /**
     * @param client           a ready client for the context; the caller keeps owning it
     * @param contextName      the kubeconfig context, shown in the snapshots
     * @param defaultNamespace the context's namespace, used when cluster-wide lists are forbidden;
     *                         {@code null} or blank for none
     * @param builder          a single-threaded scheduler (e.g. {@code workers.scheduler("k8s-" + context)})
     */
    public KubernetesClusterSource(KubernetesClient client, String contextName, String defaultNamespace,
                                   ScheduledExecutorService builder, Clock clock) {
        this(client, contextName, defaultNamespace, builder, clock, Options.DEFAULTS);
    }

    public KubernetesClusterSource(KubernetesClient client, String contextName, String defaultNamespace,
                                   ScheduledExecutorService builder, Clock clock, Options options) {
        this.informerClient = forInformers(Objects.requireNonNull(client), options.listTimeout());
        this.contextName = Objects.requireNonNull(contextName);
        this.defaultNamespace = defaultNamespace == null || defaultNamespace.isBlank() ? null : defaultNamespace;
        this.builder = Objects.requireNonNull(builder);
        this.clock = Objects.requireNonNull(clock);
        this.options = options;
        String url = client.getMasterUrl().toString();
        // for messages, the status bar and the report only: never with a kubeconfig's user-info
        this.server = ClusterErrors.safeUrl(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        long tickMillis = options.coalesce().toMillis();
        this.judge = new ConnectionJudge(informerClient, server, options.probeTimeout(),
                (int) Math.max(1, 1000 / tickMillis), (int) Math.max(1, 2000 / tickMillis), !options.listsSuffice());
        this.assembler = new SnapshotAssembler(contextName, this.defaultNamespace);
        this.decoders = Executors.newCachedThreadPool(Workers.threadFactory("k8s-" + contextName + "-decode"));
        this.status = ConnectionStatus.connecting(server, clock.instant())
                .withTlsVerify(!client.getConfiguration().isTrustCerts());
    }

    /** The given client with a long LIST timeout and no request-level retries (see the class comment). */
    private static KubernetesClient forInformers(KubernetesClient client, Duration listTimeout) {
        RequestConfig base = client.getConfiguration().getRequestConfig();
        Integer current = base.getRequestTimeout();
        int wanted = (int) Math.min(Integer.MAX_VALUE, listTimeout.toMillis());
        int timeout = current != null && (current <= 0 || current > wanted) ? current : wanted;
        RequestConfig rc = new RequestConfigBuilder(base).withRequestTimeout(timeout)
                .withRequestRetryBackoffLimit(0).build();
        return client.newClient(rc).adapt(KubernetesClient.class);
    }

    private static long reconnectMillis(KubernetesClient client) {
        Integer ms = client.getConfiguration().getRequestConfig().getWatchReconnectInterval();
        return ms == null || ms <= 0 ? 1000 : ms;
    }

    @Override
    public String contextName() {
        return contextName;
    }

    @Override
    public void start(Listener listener) {
        start(listener, CompletableFuture.completedFuture(null));
    }

    /**
     * Starts at once, but holds the heavy part until {@code heavyWork} completes (normally or not): discovery
     * runs and the pod and Warning-event LISTs are asked for now, and their answers are received, but not
     * decoded ({@link DecodeGate}); the informers of the other kinds (fabric8's, which decode as they
     * receive) start then. The console passes its first frame here: the lists transfer while JavaFX starts,
     * and the CPU-heavy decoding follows the first frame instead of delaying it.
     */
    @Override
    public void start(Listener listener, CompletionStage<?> heavyWork) {
        Objects.requireNonNull(listener);
        synchronized (lock) {
            this.heavyWork = heavyWork.toCompletableFuture();
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (ticking != null) {
                throw new IllegalStateException("already started");
            }
            this.listener = listener;
            ticking = builder.scheduleWithFixedDelay(this::tick, 0, options.coalesce().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    /** Stops the informers and the builder task; closes neither the client nor the executor. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticking != null) {
                ticking.cancel(false);
            }
            if (feeds != null) {
                feeds.stopAll();
            }
            if (discovery != null) {
                discovery.cancel(true);
            }
            judge.cancel();
            decoders.shutdownNow();
        }
        LOG.info("Stopped watching context {}", contextName);
    }

    /** The informers running now; for tests. */
    List<SharedIndexInformer<?>> informers() {
        synchronized (lock) {
            return feeds == null ? List.of() : feeds.informers();
        }
    }

    private void tick() {
        try {
            synchronized (lock) {
                if (!closed) {
                    step(true);
                }
            }
        } catch (RuntimeException | Error e) {
            // an exception would cancel the periodic task for good; log and carry on
            LOG.error("Snapshot builder for context {} failed", contextName, e);
        }
    }

    /**
     * Called by the informers after any change, and when a streaming informer's watch opens. Until the
     * first snapshot is out, this may be the last list completing: once every informer has listed and
     * is watching, build then instead of at the next tick, up to {@link Options#coalesce()} later. (Not
     * before every watch is up: the first snapshot comes with the status, and CONNECTED should mean
     * that. A headless command, {@link Options#listsSuffice()}, builds as soon as the lists are in.) Runs
     * on the builder; the regular ticks restart from there, so snapshots still come at most once per
     * interval.
     */
    private void wake() {
        if (firstOut || closed || !wakePending.compareAndSet(false, true)) {
            return;
        }
        onBuilder(() -> {
            wakePending.set(false);
            if (!published && api != null && feeds.settled() && (options.listsSuffice() || feeds.watching())) {
                step(false);
                if (published && ticking != null) {
                    long every = options.coalesce().toMillis();
                    ticking.cancel(false);
                    ticking = builder.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    /** Runs the bootstrap on the builder once discovery has answered. */
    private void afterDiscovery(CompletableFuture<ApiDiscovery.Result> asked) {
        onBuilder(() -> {
            if (api == null && discovery == asked) {
                step(false);
            }
        });
    }

    /** Runs {@code work} on the builder under the lock, unless closed by then; a failure is logged, as a tick's. */
    private void onBuilder(Runnable work) {
        if (closed) {
            return;
        }
        try {
            builder.execute(() -> {
                try {
                    synchronized (lock) {
                        if (!closed) {
                            work.run();
                        }
                    }
                } catch (RuntimeException | Error e) {
                    LOG.error("Snapshot builder for context {} failed", contextName, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the builder is shut down: nothing more to do
        }
    }

    /** @param timed a regular tick (as opposed to an early one from {@link #wake()}): counts as time passing */
    private void step(boolean timed) {
        if (timed) {
            ticks++;
        }
        if (api == null) {
            bootstrap();
            return;
        }
        if (!discoveredStarted) {
            startDiscovered();
            return;
        }
        feeds.tick(defaultNamespace, timed);
        boolean settled = feeds.settled();
        List<String> unavailable = feeds.unavailable();
        int changed = feeds.takeChanged();
        ClusterSnapshot snapshot = null;
        if (published || settled) {
            if (!published || changed != 0 || !unavailable.equals(lastUnavailable)) {
                long t0 = System.nanoTime();
                snapshot = assembler.build(feeds, published ? changed : ResourceKind.ALL, api.serverVersion(),
                        unavailable, clock.instant());
                if (!published && LOG.isDebugEnabled()) {
                    LOG.debug("Context {}: first snapshot ({} pods) built in {} ms", contextName, snapshot.pods().size(),
                            (System.nanoTime() - t0) / 1_000_000);
                }
                lastUnavailable = unavailable;
                published = true;
            }
        }
        Verdict v = judge.judge(feeds, published || settled, ticks, status);
        setStatus(v, snapshot == null ? null : snapshot.takenAt());
        if (snapshot != null) {
            firstOut = true;
            listener.snapshot(snapshot);
        }
    }

    /**
     * Discovery (retried with back-off while the server cannot be asked), then the informers that
     * depend on the versions it finds. The pods and Warning events, core/v1 on every server and by far
     * the largest, start listing together with discovery rather than after it: at 30,000 pods the LIST
     * is most of the load, and discovery's round trips (and a cold client's set-up) then happen while
     * it transfers. When discovery fails they are stopped with it and start again with the next try.
     */
    private void bootstrap() {
        if (discovery == null) {
            if (ticks < nextDiscoveryTick) {
                return;
            }
            feeds = new Feeds(informerClient, streamingSetup(), server, options, this::wake);
            feeds.startEarly();
            discovery = ApiDiscovery.discover(informerClient, options.probeTimeout());
            // go on as soon as it answers rather than at the next tick
            CompletableFuture<ApiDiscovery.Result> asked = discovery;
            asked.whenComplete((r, t) -> afterDiscovery(asked));
        }
        if (!discovery.isDone()) {
            setStatus(new Verdict(status.state(), status.lastError()), null);
            return;
        }
        try {
            api = discovery.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            discovery = null;
            feeds.stopAll();
            feeds = null;
            discoveryFailures++;
            long backoffMillis = Math.min(30_000L, 1000L << Math.min(5, discoveryFailures - 1));
            nextDiscoveryTick = ticks + Math.max(1, backoffMillis / options.coalesce().toMillis());
            String why = Sentences.capitalised(KubeProblems.describe(cause, server)) + "; retrying in "
                    + backoffMillis / 1000 + " s";
            if (!why.equals(status.lastError())) {
                LOG.warn("Context {}: {}", contextName, why);
            }
            setStatus(new Verdict(ConnectionState.DOWN, why), null);
            return;
        }
        LOG.info("Context {} at {} ({}): endpoints from {}, PodDisruptionBudgets from {}", contextName, server,
                api.serverVersion().isEmpty() ? "version unknown" : api.serverVersion(), api.endpoints(), api.pdbs());
        setStatus(new Verdict(ConnectionState.CONNECTING, ""), null);
        // once allowed: at once if it is, else as soon as it is rather than at the next tick
        CompletableFuture<?> allowed = heavyWork;
        allowed.whenComplete((r, t) -> onBuilder(() -> {
            if (!discoveredStarted) {
                startDiscovered();
            }
        }));
    }

    /** Makes and starts the informers that depend on discovery, unless the heavy work must wait still. */
    private void startDiscovered() {
        if (!heavyWork.isDone()) {
            return;
        }
        discoveredStarted = true;
        feeds.discovered(api);
    }

    private StreamingInformer.Setup streamingSetup() {
        return new StreamingInformer.Setup(informerClient.getHttpClient(),
                informerClient.getKubernetesSerialization(), informerClient.getMasterUrl().toString(), builder,
                DecodeGate.after(decoders, heavyWork), options.listTimeout(), options.listPageSize(),
                reconnectMillis(informerClient),
                informerClient.getConfiguration().isOnlyHttpWatches(), KubeReadLimits.MAX_OBJECTS);
    }

    private void setStatus(Verdict v, Instant dataAt) {
        ConnectionStatus next = status.to(v.state(), clock.instant(), v.sentence(), dataAt);
        boolean changed = next.state() != status.state() || !next.lastError().equals(status.lastError());
        status = next;
        if (changed || !statusPublished) {
            statusPublished = true;
            if (changed) {
                LOG.info("Context {}: {}{}", contextName, next.state(),
                        next.lastError().isEmpty() ? "" : " — " + next.lastError());
            }
            listener.status(next);
        }
    }
}
