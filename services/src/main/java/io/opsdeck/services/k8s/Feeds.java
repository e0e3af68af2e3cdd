package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.opsdeck.services.k8s.slim.SlimEndpointSlice;
import io.opsdeck.services.k8s.slim.SlimEndpointSliceV1beta1;
import io.opsdeck.services.k8s.slim.SlimEndpoints;
import io.opsdeck.services.k8s.slim.SlimEvent;
import io.opsdeck.services.k8s.slim.SlimEventReader;
import io.opsdeck.services.k8s.slim.SlimPod;
import io.opsdeck.services.k8s.slim.SlimPodReader;
import io.opsdeck.services.k8s.slim.SlimReplicaSet;
import io.opsdeck.services.k8s.slim.SlimResource;
import io.opsdeck.services.model.ReadScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The informers of one cluster, one {@link Feed} per {@link ResourceKind}, built for the API versions
 * the server serves. The two collections that grow largest, pods and Warning events, are informed by
 * Opsdeck's {@link StreamingInformer}, which decodes them into slim classes as they arrive;
 * ReplicaSets and endpoints by fabric8's informers into slim classes; the small ones as fabric8's
 * full models.
 */
final class Feeds {
    private final Map<ResourceKind, Feed<?>> feeds = new EnumMap<>(ResourceKind.class);
    private final AtomicInteger changed = new AtomicInteger();
    private final Long pageSize;
    private final String server;
    private final Runnable onChange;

    private final KubernetesClient client;
    private final long rbacRecheckNanos;
    private final long stuckWatchNanos;

    /**
     * Makes (without starting) the feeds that need no discovery: pods and Warning events, core/v1 on
     * every server, and the largest by far. {@link #startEarly()} starts them while discovery is still
     * asking which versions the server serves; {@link #discovered} adds the rest.
     *
     * @param streaming how the streaming informers reach the server; its page size is also the
     *                  fabric8 informers' ({@code null} for one unpaginated LIST served from the API
     *                  server's watch cache, {@code resourceVersion=0}; see {@link KubernetesClusterSource})
     * @param options   how often a forbidden list is asked again and how long a watch may stay down ({@link Feed#repair})
     * @param onChange  called (on informer threads) after any cache changed; must be quick
     */
    Feeds(KubernetesClient client, StreamingInformer.Setup streaming, String server,
          KubernetesClusterSource.Options options, Runnable onChange) {
        this.client = client;
        this.rbacRecheckNanos = options.rbacRecheck().toNanos();
        this.stuckWatchNanos = options.stuckWatch().toNanos();
        this.pageSize = streaming.pageSize();
        this.server = server;
        this.onChange = onChange;
        add(ResourceKind.PODS, "pods", ns -> streaming(new StreamingInformer<>(streaming,
                new StreamingInformer.Resource("api/v1", "pods", null), ns, SlimPod.class, SlimPodReader::new)));
        // the API server filters by type, so Normal events never cross the wire
        add(ResourceKind.EVENTS, "events", ns -> streaming(new StreamingInformer<>(streaming,
                new StreamingInformer.Resource("api/v1", "events", "type=Warning"), ns, SlimEvent.class,
                SlimEventReader::new)));
    }

    /** Starts the feeds made so far: before discovery, pods and events. */
    void startEarly() {
        for (Feed<?> f : feeds.values()) {
            f.start();
        }
    }

    /** Adds the feeds that depend on the server's versions and starts them. Once. */
    void discovered(ApiDiscovery.Result api) {
        if (feeds.containsKey(ResourceKind.NODES)) {
            throw new IllegalStateException("discovered twice");
        }
        Set<ResourceKind> early = EnumSet.copyOf(feeds.keySet());
        add(ResourceKind.NODES, "nodes", ns -> inform(client.nodes()));
        add(ResourceKind.NAMESPACES, "namespaces", ns -> inform(client.namespaces()));
        add(ResourceKind.DEPLOYMENTS, "deployments", namespaced(client.apps().deployments()));
        add(ResourceKind.STATEFULSETS, "statefulsets", namespaced(client.apps().statefulSets()));
        add(ResourceKind.DAEMONSETS, "daemonsets", namespaced(client.apps().daemonSets()));
        add(ResourceKind.REPLICASETS, "replicasets", namespaced(client.resources(SlimReplicaSet.class)));
        add(ResourceKind.SERVICES, "services", namespaced(client.services()));
        // by permission as well as by version: a user who may not list EndpointSlices (Kubernetes 1.20's `view`
        // role, many hand-written read-only roles) gets the counts from the v1 Endpoints they may read
        Feed.Source<HasMetadata> endpoints = source("endpoints", namespaced(client.resources(SlimEndpoints.class)));
        switch (api.endpoints()) {
            case SLICES_V1 -> add(ResourceKind.ENDPOINTS, List.of(
                    source("endpointslices", namespaced(client.resources(SlimEndpointSlice.class))), endpoints));
            case SLICES_V1BETA1 -> add(ResourceKind.ENDPOINTS, List.of(
                    source("endpointslices", namespaced(client.resources(SlimEndpointSliceV1beta1.class))), endpoints));
            case ENDPOINTS -> add(ResourceKind.ENDPOINTS, List.of(endpoints));
        }
        switch (api.pdbs()) {
            case V1 -> add(ResourceKind.PDBS, "poddisruptionbudgets",
                    namespaced(client.policy().v1().podDisruptionBudget()));
            case V1BETA1 -> add(ResourceKind.PDBS, "poddisruptionbudgets",
                    namespaced(client.policy().v1beta1().podDisruptionBudget()));
            case NONE -> feeds.put(ResourceKind.PDBS, new Feed<>(ResourceKind.PDBS, List.of(), "poddisruptionbudgets",
                    marker(ResourceKind.PDBS), server,
                    "poddisruptionbudgets: not served by this API server (neither policy/v1 nor policy/v1beta1)",
                    rbacRecheckNanos, stuckWatchNanos));
        }
        for (Feed<?> f : feeds.values()) {
            if (!early.contains(f.kind)) {
                f.start();
            }
        }
    }


    private <T extends SlimResource> StreamingInformer<T> streaming(
            StreamingInformer<T> informer) {
        informer.onWatching(onChange);
        return informer;
    }

    private <T extends HasMetadata> void add(ResourceKind kind, String resource, Feed.Factory<T> factory) {
        add(kind, List.of(new Feed.Source<>(resource, factory)));
    }

    private <T extends HasMetadata> void add(ResourceKind kind, List<Feed.Source<T>> sources) {
        feeds.put(kind, new Feed<>(kind, sources, sources.get(0).resource(), marker(kind), server, null,
                rbacRecheckNanos, stuckWatchNanos));
    }

    /** A source of one of several classes for the same feed; the feed only stores and lists what it informs. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Feed.Source<HasMetadata> source(String resource, Feed.Factory<? extends HasMetadata> factory) {
        return new Feed.Source<>(resource, ns -> (SharedIndexInformer<HasMetadata>) (SharedIndexInformer) factory.create(ns));
    }

    private Runnable marker(ResourceKind kind) {
        int bit = kind.bit();
        return () -> {
            changed.accumulateAndGet(bit, (a, b) -> a | b);
            onChange.run();
        };
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> Feed.Factory<T> namespaced(
            MixedOperation<T, L, R> op) {
        return ns -> inform(ns == null ? op.inAnyNamespace() : op.inNamespace(ns));
    }

    private <T> SharedIndexInformer<T> inform(Informable<T> source) {
        return (pageSize == null ? source : source.withLimit(pageSize)).runnableInformer(0);
    }

    void stopAll() {
        for (Feed<?> f : feeds.values()) {
            f.stop();
        }
    }

    /** Kinds whose caches changed since the last call, as {@link ResourceKind#bit()}s. */
    int takeChanged() {
        return changed.getAndSet(0);
    }

    void markAllChanged() {
        changed.accumulateAndGet(ResourceKind.ALL, (a, b) -> a | b);
    }

    /**
     * Per tick: watches observed (unless {@code timed} is false: a tick out of the regular beat must
     * not count as time passing), stopped informers handled. Marks the kinds whose state changed.
     */
    void tick(String defaultNamespace, boolean timed) {
        boolean serverUp = feeds.values().stream().anyMatch(Feed::watching);
        long now = System.nanoTime();
        for (Feed<?> f : feeds.values()) {
            if (timed) {
                f.observe();
            }
            if (f.reconcile(defaultNamespace) || timed && f.repair(now, serverUp)) {
                marker(f.kind).run();
            }
        }
    }

    @SuppressWarnings("unchecked")
    <T> List<T> items(ResourceKind kind, Class<T> type) {
        Feed<?> f = feeds.get(kind);
        return f == null ? List.of() : (List<T>) f.items();
    }

    /** Where {@code kind} could be read; nowhere when it has no feed yet. */
    ReadScope scope(ResourceKind kind) {
        Feed<?> f = feeds.get(kind);
        return f == null ? ReadScope.only(Set.of(), kind.name().toLowerCase(Locale.ROOT), false,
                "not listed yet") : f.scope();
    }

    Feed<?> feed(ResourceKind kind) {
        return feeds.get(kind);
    }

    Collection<Feed<?>> all() {
        return feeds.values();
    }

    /** Whether every running informer's watch is up. */
    boolean watching() {
        return feeds.values().stream().filter(Feed::active).allMatch(Feed::watching);
    }

    /** Whether every informer has listed once or failed trying: time for the first snapshot. */
    boolean settled() {
        return feeds.values().stream().noneMatch(Feed::pending);
    }

    /** Sentences for {@code ClusterSnapshot.unavailable()}, in {@link ResourceKind} order. */
    List<String> unavailable() {
        List<String> out = new ArrayList<>();
        for (Feed<?> f : feeds.values()) {
            String s = f.unavailable();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The informers running now (for tests and diagnostics). */
    List<SharedIndexInformer<?>> informers() {
        List<SharedIndexInformer<?>> out = new ArrayList<>();
        for (Feed<?> f : feeds.values()) {
            if (f.informer() != null) {
                out.add(f.informer());
            }
        }
        return out;
    }
}
