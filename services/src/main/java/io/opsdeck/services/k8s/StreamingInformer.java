package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.services.k8s.config.KubeReadLimits;
import io.opsdeck.services.k8s.config.ReadLimitException;
import io.opsdeck.services.k8s.json.Decoding;
import io.opsdeck.services.k8s.json.ItemReader;
import io.opsdeck.services.k8s.slim.SlimResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Opsdeck's own informer for the big collections (pods, Warning events): list and watch like
 * fabric8's {@code SharedIndexInformer}, whose interface it implements (the part Opsdeck uses),
 * but decoding as the bytes arrive (DESIGN.md, data flow 1).
 *
 * <h2>Why</h2>
 * fabric8 reads a LIST response into one byte array and only then decodes it, through its full
 * Jackson stack: for 30,000 pods (~170 MB of JSON) that is a 170 MB array (plus the chunks it was
 * gathered from), a transfer and a decode one after the other, and a decode three to four times
 * slower than needed. Here the HTTP client's thread queues the chunks as it reads them and a
 * decoding thread reads each item with {@link io.opsdeck.services.k8s.slim.SlimPodReader}
 * (bracket-matching over what is not kept) from a window of the last ~256 KiB received, while the
 * rest is still in transfer; nothing but the decoded slim objects outlives a window.
 *
 * <h2>How</h2>
 * <ul>
 *   <li><b>Transport</b>: the client's own fabric8 {@link HttpClient} ({@code consumeBytes} for
 *       LISTs and HTTP watches, its websocket for watches when the client allows them), so credentials, token refresh,
 *       exec plugins, TLS and proxies behave exactly as for every other request.</li>
 *   <li><b>LIST</b>: the first one is served from the API server's watch cache
 *       ({@code resourceVersion=0}) unless a page size is set; later ones (after a 410 Gone or a
 *       failure) are consistent reads. With a page size, each page is requested as soon as the
 *       previous page's {@code continue} token has arrived — the API server writes a list's
 *       metadata before its items — so the next page transfers while this one is decoded (at most two
 *       in flight). An expired {@code continue} token (410) starts the list again. See
 *       {@link ListStream}.</li>
 *   <li><b>Caps</b> ({@link KubeReadLimits}, on Opsdeck's clients): an unpaginated LIST over the
 *       answer cap (512 MiB) is listed again in pages of {@link KubeReadLimits#FALLBACK_PAGE_SIZE}; one
 *       object or watch event is read up to {@link #MAX_OBJECT_BYTES}, and at most
 *       {@link Setup#maxObjects()} objects are kept, over all pages and watch events. Exceeding those
 *       goes to the exception handler as a {@link ReadLimitException} with its sentence.</li>
 *   <li><b>Cache</b>: a map keyed {@code namespace/name}. A list fills a new map that replaces the
 *       old one in one step when the list is complete, so a relist drops objects deleted meanwhile
 *       (no ghosts) and readers never see half a list; an object whose resourceVersion did not
 *       change keeps its instance, so what was built from it can be kept too.</li>
 *   <li><b>WATCH</b> from the list's resourceVersion, with bookmarks, over a streamed HTTP GET when
 *       the client watches over HTTP only (Opsdeck's do: a websocket message could not be capped), else
 *       over a websocket, and over HTTP once a handshake is answered 200 or 503 (a proxy without
 *       websockets, as fabric8 does it). ADDED/MODIFIED/DELETED update the cache; BOOKMARK moves the
 *       resourceVersion; an ERROR 410 (or a 410 answer) relists at once; a watch that ends or drops
 *       is started again from the last resourceVersion after the back-off. See {@link WatchStream}.</li>
 *   <li><b>Errors</b> of a LIST, and answers other than 410 to a watch, go to the
 *       {@link ExceptionHandler}: {@code true} relists after the back-off (the client's watch
 *       reconnect interval, doubling to 32 times that), {@code false} stops the informer
 *       ({@link #stopped()} completes exceptionally), as fabric8 does.</li>
 *   <li><b>Threads</b>: none of its own. Reading runs on the HTTP client's threads, decoding on the
 *       given executor (one task per response at a time), the back-off on the given scheduler;
 *       handlers are called on those threads and must be quick.</li>
 * </ul>
 * Not supported (Opsdeck does not use them): indexers, resync periods, initial state and item stores.
 */
final class StreamingInformer<T extends SlimResource> implements SharedIndexInformer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingInformer.class);

    /** The largest single object (or watch event) accepted. */
    static final int MAX_OBJECT_BYTES = KubeReadLimits.Limits.DEFAULTS.maxEventBytes();
    private static final int MAX_BACKOFF_EXPONENT = 5;

    /**
     * What is listed and watched.
     *
     * @param apiPath       {@code api/v1} or {@code apis/GROUP/VERSION}
     * @param plural        e.g. {@code pods}
     * @param fieldSelector e.g. {@code type=Warning}; {@code null} for none
     */
    record Resource(String apiPath, String plural, String fieldSelector) {
    }

    /**
     * What the streaming informers of one source share.
     *
     * @param timer           runs the back-off (short tasks only); the caller's
     * @param decoder         runs the decoding of LIST responses (one task per response at a time), perhaps
     *                        only once the caller allows it ({@link DecodeGate})
     * @param pageSize        LIST page size, {@code null} for one unpaginated LIST (in pages of
     *                        {@link KubeReadLimits#FALLBACK_PAGE_SIZE} once one was over the answer cap)
     * @param reconnectMillis the first back-off interval
     * @param httpWatches     watch over HTTP from the start (the client's {@code onlyHttpWatches}), never a websocket
     * @param maxObjects      the most objects kept; a list or watch that brings more fails with a sentence
     */
    record Setup(HttpClient http, KubernetesSerialization serialization, String masterUrl,
                 ScheduledExecutorService timer, DecodeGate decoder, Duration listTimeout, Long pageSize,
                 long reconnectMillis, boolean httpWatches, int maxObjects) {
        /** Decoding at once on {@code decoder}. */
        Setup(HttpClient http, KubernetesSerialization serialization, String masterUrl, ScheduledExecutorService timer,
              Executor decoder, Duration listTimeout, Long pageSize, long reconnectMillis, boolean httpWatches,
              int maxObjects) {
            this(http, serialization, masterUrl, timer, DecodeGate.open(decoder), listTimeout, pageSize,
                    reconnectMillis, httpWatches, maxObjects);
        }

        /** Decoding at once, websocket watches first, and {@link KubeReadLimits#MAX_OBJECTS}. */
        Setup(HttpClient http, KubernetesSerialization serialization, String masterUrl, ScheduledExecutorService timer,
              Executor decoder, Duration listTimeout, Long pageSize, long reconnectMillis) {
            this(http, serialization, masterUrl, timer, decoder, listTimeout, pageSize, reconnectMillis, false,
                    KubeReadLimits.MAX_OBJECTS);
        }

        Setup {
            Objects.requireNonNull(http);
            Objects.requireNonNull(serialization);
            Objects.requireNonNull(timer);
            Objects.requireNonNull(decoder);
            Objects.requireNonNull(listTimeout);
            masterUrl = masterUrl.endsWith("/") ? masterUrl.substring(0, masterUrl.length() - 1) : masterUrl;
            reconnectMillis = Math.max(1, reconnectMillis);
        }
    }

    private final Setup setup;
    private final Resource resource;
    private final Class<T> type;
    private final Function<Decoding, ItemReader<T>> readers;
    private final String collectionUrl;

    private final List<ResourceEventHandler<? super T>> handlers = new CopyOnWriteArrayList<>();
    private volatile ExceptionHandler exceptionHandler;
    private volatile Runnable onWatching = () -> { };
    private final CompletableFuture<Void> startFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> stopFuture = new CompletableFuture<>();

    private volatile ConcurrentHashMap<String, T> cache = new ConcurrentHashMap<>();
    private volatile boolean synced;
    private volatile boolean watching;
    private volatile String lastSyncResourceVersion;
    /** Changes with every LIST (and on stop): what belongs to an older one is ignored. */
    private volatile long epoch;
    private volatile boolean started;
    private volatile boolean stopped;

    // guarded by this
    private int failures;
    private boolean listedOnce;
    private boolean httpWatch;
    private ScheduledFuture<?> pending;
    private ListStream<T> listing;
    /** The page size in use: the setup's, or the fallback once an unpaginated LIST was over the answer cap. */
    private volatile Long pageSize;
    /** The current watch connection; callbacks from any other are ignored. */
    private WatchStream<T> watch;

    /**
     * @param namespace {@code null} for all namespaces
     * @param readers   makes the item reader of one stream
     */
    StreamingInformer(Setup setup, Resource resource, String namespace, Class<T> type,
                      Function<Decoding, ItemReader<T>> readers) {
        this.setup = setup;
        this.resource = resource;
        this.type = type;
        this.readers = readers;
        this.pageSize = setup.pageSize();
        this.httpWatch = setup.httpWatches();
        this.collectionUrl = setup.masterUrl() + "/" + resource.apiPath()
                + (namespace == null ? "" : "/namespaces/" + encode(namespace)) + "/" + resource.plural();
    }

    // ------------------------------------------------------------------ SharedIndexInformer

    @Override
    public CompletionStage<Void> start() {
        synchronized (this) {
            if (stopped) {
                throw new IllegalStateException("Cannot restart a stopped informer");
            }
            if (!started) {
                started = true;
                relist();
            }
        }
        return startFuture;
    }

    @Override
    public SharedIndexInformer<T> run() {
        start().toCompletableFuture().join();
        return this;
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            halt();
        }
        stopFuture.complete(null);
        startFuture.completeExceptionally(new KubernetesClientException("Informer was stopped"));
    }

    /** Stops everything under way; under the lock. */
    private void halt() {
        stopped = true;
        epoch++;
        watching = false;
        cancelPending();
        closeWatch();
        if (listing != null) {
            listing.cancel();
            listing = null;
        }
    }

    @Override
    public boolean isRunning() {
        return started && !stopped;
    }

    /** How many bytes of the LIST under way have been received (decoded or not); 0 when none is under way. */
    synchronized long listBytesReceived() {
        return listing == null ? 0 : listing.bytes();
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    @Override
    public boolean isWatching() {
        return watching;
    }

    @Override
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    @Override
    public Class<T> getApiTypeClass() {
        return type;
    }

    @Override
    public CompletionStage<Void> stopped() {
        return stopFuture;
    }

    @Override
    public SharedIndexInformer<T> exceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public SharedIndexInformer<T> addEventHandler(ResourceEventHandler<? super T> handler) {
        handlers.add(Objects.requireNonNull(handler));
        return this;
    }

    @Override
    public SharedIndexInformer<T> removeEventHandler(ResourceEventHandler<? super T> handler) {
        handlers.remove(handler);
        return this;
    }

    /** Called (on the HTTP client's thread; it must be quick) each time the watch opens. */
    void onWatching(Runnable r) {
        onWatching = Objects.requireNonNull(r);
    }

    /** There is no index to remove. */
    @Override
    public SharedIndexInformer<T> removeNamespaceIndex() {
        return this;
    }

    @Override
    public Store<T> getStore() {
        return new Store<>() {
            @Override
            public List<T> list() {
                return new ArrayList<>(cache.values());
            }

            @Override
            public List<String> listKeys() {
                return new ArrayList<>(cache.keySet());
            }

            @Override
            public T get(T object) {
                return cache.get(key(object));
            }

            @Override
            public T getByKey(String key) {
                return cache.get(key);
            }

            @Override
            public String getKey(T object) {
                return key(object);
            }
        };
    }

    @Override
    public SharedIndexInformer<T> addIndexers(Map<String, Function<T, List<String>>> indexers) {
        throw unsupported("indexers");
    }

    @Override
    public SharedIndexInformer<T> removeIndexer(String name) {
        throw unsupported("indexers");
    }

    @Override
    public Indexer<T> getIndexer() {
        throw unsupported("indexers");
    }

    @Override
    public SharedIndexInformer<T> addEventHandlerWithResyncPeriod(ResourceEventHandler<? super T> handler,
                                                                   long resyncPeriod) {
        throw unsupported("resync periods");
    }

    @Override
    public SharedIndexInformer<T> initialState(Stream<T> items) {
        throw unsupported("an initial state");
    }

    @Override
    public SharedIndexInformer<T> itemStore(ItemStore<T> itemStore) {
        throw unsupported("item stores");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("Opsdeck's streaming informer has no " + what);
    }

    /** fabric8's cache key: {@code namespace/name}, or {@code name} for cluster-scoped objects. */
    static String key(SlimResource o) {
        String ns = o.namespace();
        return ns == null || ns.isEmpty() ? o.name() : ns + "/" + o.name();
    }

    @Override
    public String toString() {
        return "StreamingInformer[" + collectionUrl + "]";
    }

    // ------------------------------------------------------------------ for the streams

    Setup setup() {
        return setup;
    }

    ItemReader<T> newReader() {
        return readers.apply(new Decoding());
    }

    /** Whether a LIST of this epoch is still wanted. */
    boolean isCurrent(long listEpoch) {
        return !stopped && epoch == listEpoch;
    }

    String listUrl(boolean fromWatchCache, String continueToken) {
        StringBuilder q = new StringBuilder();
        if (resource.fieldSelector() != null) {
            q.append("&fieldSelector=").append(encode(resource.fieldSelector()));
        }
        Long limit = pageSize;
        if (limit != null) {
            q.append("&limit=").append(limit);
            if (continueToken != null) {
                q.append("&continue=").append(encode(continueToken));
            }
        } else if (fromWatchCache) {
            q.append("&resourceVersion=0");
        }
        return q.length() == 0 ? collectionUrl : collectionUrl + "?" + q.substring(1);
    }

    // ------------------------------------------------------------------ list

    /** Starts a new LIST, abandoning whatever is under way; under the lock. */
    private void relist() {
        cancelPending();
        closeWatch();
        if (listing != null) {
            listing.cancel();
        }
        watching = false;
        long e = ++epoch;
        listing = new ListStream<>(this, e, !listedOnce && pageSize == null, cache.size());
        listing.requestPage(null);
    }

    /**
     * A complete LIST: its map replaces the cache in one step, the watch starts from its
     * resourceVersion. Under the lock; returns the notifications to make once it is released.
     */
    Runnable listed(ListStream<T> run) {
        ConcurrentHashMap<String, T> old = cache;
        ConcurrentHashMap<String, T> next = run.items;
        boolean first = !synced;
        if (!first) {
            // keep the instance of what did not change
            next.replaceAll((k, v) -> {
                T o = old.get(k);
                return o != null && o.resourceVersion() != null && o.resourceVersion().equals(v.resourceVersion()) ? o : v;
            });
        }
        cache = next;
        lastSyncResourceVersion = run.resourceVersion;
        listedOnce = true;
        failures = 0;
        listing = null;
        synced = true;
        if (LOG.isDebugEnabled()) {
            LOG.debug("Listed {} {} at resourceVersion {}: {} page(s), {} KiB in {} ms, {} ms of it decoding",
                    next.size(), resource.plural(), run.resourceVersion, run.pages.size(), run.bytes() >> 10,
                    (System.nanoTime() - run.startNanos) / 1_000_000, run.decodeNanos() / 1_000_000);
        }
        startWatch();
        return () -> {
            if (first) {
                for (T v : next.values()) {
                    for (ResourceEventHandler<? super T> h : handlers) {
                        h.onAdd(v);
                    }
                }
                if (next.isEmpty()) {
                    handlers.forEach(ResourceEventHandler::onNothing);
                }
            } else {
                notifyRelist(old, next);
            }
            startFuture.complete(null);
        };
    }

    private void notifyRelist(Map<String, T> old, Map<String, T> next) {
        boolean any = false;
        for (Map.Entry<String, T> e : next.entrySet()) {
            T o = old.get(e.getKey());
            if (o == null) {
                any = true;
                handlers.forEach(h -> h.onAdd(e.getValue()));
            } else if (o != e.getValue()) {
                any = true;
                handlers.forEach(h -> h.onUpdate(o, e.getValue()));
            }
        }
        for (Map.Entry<String, T> e : old.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                any = true;
                handlers.forEach(h -> h.onDelete(e.getValue(), true));
            }
        }
        if (!any) {
            handlers.forEach(ResourceEventHandler::onNothing);
        }
    }

    /** Under the lock. */
    void listFailed(ListStream<T> run, int pageIndex, Throwable t) {
        listing = null;
        ReadLimitException limit = ReadLimitException.in(t);
        if (limit != null && limit.cap() == ReadLimitException.Cap.ANSWER && pageSize == null) {
            // 150,000 pods are ~860 MB in one answer: in pages they pass (consistent reads, as paging must be)
            pageSize = KubeReadLimits.FALLBACK_PAGE_SIZE;
            LOG.info("{}; listing {} in pages of {} instead", limit.getMessage(), resource.plural(), pageSize);
            relist();
            return;
        }
        if (pageIndex > 0 && KubeProblems.httpCode(t) == 410) {
            LOG.debug("The continue token of {} expired; listing again", resource.plural());
            relist();
            return;
        }
        onException(t);
    }

    /** Hands a failure to the exception handler: relist after the back-off, or stop. Under the lock. */
    private void onException(Throwable t) {
        ExceptionHandler h = exceptionHandler;
        boolean retry;
        try {
            retry = h == null ? !ExceptionHandler.isDeserializationException(t)
                    : h.retryAfterException(startFuture.isDone() && !startFuture.isCompletedExceptionally(), t);
        } catch (RuntimeException e) {
            LOG.warn("The exception handler of {} failed", this, e);
            retry = true;
        }
        if (retry) {
            long delay = backoff();
            LOG.debug("{} {}: {}; listing again in {} ms", resource.plural(), synced ? "failed" : "not listed",
                    t.toString(), delay);
            schedule(delay, this::relist);
        } else {
            halt();
            stopFuture.completeExceptionally(t);
            startFuture.completeExceptionally(t);
        }
    }

    // ------------------------------------------------------------------ watch

    /** Starts watching from the last resourceVersion; under the lock. */
    private void startWatch() {
        closeWatch();
        watching = false;
        String url = watchUrl();
        LOG.debug("WATCH {}{}", url, httpWatch ? " (HTTP)" : "");
        watch = WatchStream.create(this, url, httpWatch);
        // current before it starts: a failure may be reported on this very thread
        watch.start();
    }

    private String watchUrl() {
        StringBuilder q = new StringBuilder(collectionUrl).append('?');
        if (resource.fieldSelector() != null) {
            q.append("fieldSelector=").append(encode(resource.fieldSelector())).append('&');
        }
        q.append("allowWatchBookmarks=true");
        if (lastSyncResourceVersion != null) {
            q.append("&resourceVersion=").append(encode(lastSyncResourceVersion));
        }
        // like fabric8: the server ends the watch after 5 to 10 minutes, and it is started again
        q.append("&timeoutSeconds=").append(300 + ThreadLocalRandom.current().nextInt(300));
        q.append("&watch=true");
        return q.toString();
    }

    private void closeWatch() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    /** Under the lock: whether {@code w} is the watch this informer is using. */
    private boolean isCurrent(WatchStream<T> w) {
        return !stopped && watch == w && !w.closed;
    }

    /** The watch is up. */
    void watchOpened(WatchStream<T> w) {
        synchronized (this) {
            if (!isCurrent(w)) {
                return;
            }
            watching = true;
            failures = 0;
            w.openedAt = System.nanoTime();
        }
        onWatching.run();
    }

    void watchEvent(WatchStream<T> w, WatchEventReader.Event<T> e) {
        switch (e.type()) {
            case ADDED, MODIFIED -> changed(w, e.object());
            case DELETED -> deleted(w, e.object());
            case BOOKMARK -> {
                if (e.object() != null && e.object().resourceVersion() != null) {
                    synchronized (this) {
                        if (isCurrent(w)) {
                            lastSyncResourceVersion = e.object().resourceVersion();
                        }
                    }
                }
            }
            case ERROR -> {
                Status s = e.status();
                if (s != null && s.getCode() != null && s.getCode() == 410) {
                    watchGone(w);
                } else if (s != null) {
                    watchFailed(w, new KubernetesClientException(s));
                } else {
                    watchInterrupted(w, new IOException("the watch sent an error that is not a Status"));
                }
            }
            case UNKNOWN -> LOG.debug("Ignoring a watch event of an unknown type on {}", w.url);
        }
    }

    private void changed(WatchStream<T> w, T object) {
        if (object == null || object.name() == null) {
            return;
        }
        String k = key(object);
        T old;
        synchronized (this) {
            if (!isCurrent(w)) {
                return;
            }
            if (cache.size() >= setup.maxObjects() && !cache.containsKey(k)) {
                watching = false;
                closeWatch();
                onException(tooMany());
                return;
            }
            old = cache.put(k, object);
            if (object.resourceVersion() != null) {
                lastSyncResourceVersion = object.resourceVersion();
            }
        }
        for (ResourceEventHandler<? super T> h : handlers) {
            if (old == null) {
                h.onAdd(object);
            } else {
                h.onUpdate(old, object);
            }
        }
    }

    private void deleted(WatchStream<T> w, T object) {
        if (object == null || object.name() == null) {
            return;
        }
        T old;
        synchronized (this) {
            if (!isCurrent(w)) {
                return;
            }
            old = cache.remove(key(object));
            if (object.resourceVersion() != null) {
                lastSyncResourceVersion = object.resourceVersion();
            }
        }
        if (old != null) {
            handlers.forEach(h -> h.onDelete(object, false));
        }
    }

    /** 410 Gone: the resourceVersion is too old; list again at once. */
    void watchGone(WatchStream<T> w) {
        synchronized (this) {
            if (isCurrent(w)) {
                LOG.debug("Watch of {} expired (410 Gone); listing again", resource.plural());
                relist();
            }
        }
    }

    /** An answer other than 410: the exception handler decides. */
    void watchFailed(WatchStream<T> w, Throwable t) {
        watchFailed(w, t, false);
    }

    /**
     * @param httpRefused a watch over HTTP was refused too (the websocket handshake may have met a
     *                    server going down): the next watch tries a websocket again
     */
    void watchFailed(WatchStream<T> w, Throwable t, boolean httpRefused) {
        synchronized (this) {
            if (isCurrent(w)) {
                if (httpRefused && !setup.httpWatches()) {
                    httpWatch = false;
                }
                watching = false;
                closeWatch();
                onException(t);
            }
        }
    }

    /** The websocket handshake was answered as a plain GET (200 or 503): watch over HTTP from now on. */
    void watchOverHttp(WatchStream<T> w, int code) {
        synchronized (this) {
            if (isCurrent(w)) {
                LOG.info("The API server at {} answered {} to a websocket watch; watching over HTTP",
                        setup.masterUrl(), code);
                httpWatch = true;
                startWatch();
            }
        }
    }

    /** The connection failed or dropped: watch again from the last resourceVersion after the back-off. */
    void watchInterrupted(WatchStream<T> w, Throwable t) {
        synchronized (this) {
            if (isCurrent(w)) {
                watching = false;
                closeWatch();
                long delay = backoff();
                LOG.debug("Watch of {} interrupted ({}); again in {} ms", resource.plural(), t.toString(), delay);
                schedule(delay, this::startWatch);
            }
        }
    }

    /**
     * The server ended the watch (its timeout): watch again at once, or after the back-off if it
     * ended within a second (a server or proxy that closes every watch must not make a busy loop).
     */
    void watchEnded(WatchStream<T> w) {
        synchronized (this) {
            if (isCurrent(w)) {
                watching = false;
                closeWatch();
                boolean lasted = w.openedAt != 0 && System.nanoTime() - w.openedAt >= TimeUnit.SECONDS.toNanos(1);
                schedule(lasted ? 0 : backoff(), this::startWatch);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The sentence for more objects than {@link Setup#maxObjects()}. */
    ReadLimitException tooMany() {
        return new ReadLimitException(ReadLimitException.Cap.OBJECTS, "the API server sent more than "
                + String.format(java.util.Locale.ROOT, "%,d", setup.maxObjects()) + " " + resource.plural()
                + "; Opsdeck stopped reading them (that many is far beyond any cluster Kubernetes supports)");
    }

    private long backoff() {
        long delay = setup.reconnectMillis() << Math.min(failures, MAX_BACKOFF_EXPONENT);
        failures++;
        return delay;
    }

    /** Runs {@code task} under the lock after {@code delayMillis}, unless a relist or a stop came meanwhile. */
    private void schedule(long delayMillis, Runnable task) {
        cancelPending();
        long e = epoch;
        try {
            pending = setup.timer().schedule(() -> {
                synchronized (this) {
                    if (!stopped && epoch == e) {
                        pending = null;
                        task.run();
                    }
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ex) {
            LOG.debug("{}: the scheduler is shut down; not retrying", this);
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
