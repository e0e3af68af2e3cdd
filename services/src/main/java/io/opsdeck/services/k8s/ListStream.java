package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.opsdeck.services.k8s.config.ReadLimitException;
import io.opsdeck.services.k8s.json.JsonSyntaxException;
import io.opsdeck.services.k8s.json.ListDecoder;
import io.opsdeck.services.k8s.slim.SlimResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.opsdeck.services.k8s.StreamFailures.requestException;
import static io.opsdeck.services.k8s.StreamFailures.requestFailure;
import static io.opsdeck.services.k8s.StreamFailures.undecodable;

/**
 * One LIST of a {@link StreamingInformer}: one or more pages, their items decoded into a new map as
 * they arrive. With a page size, each next page is asked for as soon as the previous page's
 * {@code continue} token has arrived — the API server writes a list's metadata before its items —
 * so it transfers while that page is decoded; at most two pages are in flight. When every page is
 * in, the informer takes the map ({@link StreamingInformer#listed}); a failure goes to it too.
 *
 * <p>Fields marked so are guarded by the informer's lock.
 */
final class ListStream<T extends SlimResource> {
    private static final Logger LOG = LoggerFactory.getLogger(ListStream.class);

    /** Decoding starts once this much is buffered (or the body ends); see {@link ByteWindow}. */
    static final int DECODE_BATCH = 256 << 10;
    /**
     * How much of a LIST may wait to be decoded before the transfer is held back; more for one that began
     * while decoding was held ({@link DecodeGate#HELD_QUEUE_BYTES}).
     */
    static final int MAX_QUEUED_BYTES = 8 << 20;
    /** How much of an error answer is kept to read its Status. */
    static final int MAX_ERROR_BYTES = 1 << 20;

    private final StreamingInformer<T> informer;
    final long epoch;
    private final boolean fromWatchCache;
    /** The new cache being filled; replaced once, before any item, by a map sized for the answer. */
    volatile ConcurrentHashMap<String, T> items;
    final List<Page> pages = new ArrayList<>();
    final long startNanos = System.nanoTime();
    volatile String resourceVersion;
    // guarded by the informer
    private boolean lastPageKnown;
    private boolean finished;
    /** A continue token held back until a page completes. */
    private String deferredToken;

    /** @param expected how many items there were last time (0 for the first list) */
    ListStream(StreamingInformer<T> informer, long epoch, boolean fromWatchCache, int expected) {
        this.informer = informer;
        this.epoch = epoch;
        this.fromWatchCache = fromWatchCache;
        this.items = new ConcurrentHashMap<>(Math.max(16, expected * 4 / 3 + 1));
    }

    boolean dead() {
        return finished || !informer.isCurrent(epoch);
    }

    /** Under the informer's lock. */
    void requestPage(String continueToken) {
        if (dead()) {
            return;
        }
        Page page = new Page(pages.size());
        pages.add(page);
        StreamingInformer.Setup setup = informer.setup();
        HttpRequest request = setup.http().newHttpRequestBuilder().uri(informer.listUrl(fromWatchCache, continueToken))
                .timeout(setup.listTimeout().toMillis(), TimeUnit.MILLISECONDS).build();
        page.request = request;
        LOG.debug("LIST {}", request.uri());
        CompletableFuture<HttpResponse<AsyncBody>> f;
        try {
            f = setup.http().consumeBytes(request, page);
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        f.whenComplete(page::onResponse);
    }

    /** Abandons the list; under the informer's lock. */
    void cancel() {
        finished = true;
        for (Page p : pages) {
            p.cancel();
        }
    }

    long bytes() {
        return pages.stream().mapToLong(p -> p.bytes).sum();
    }

    long decodeNanos() {
        return pages.stream().mapToLong(p -> p.decodeNanos).sum();
    }

    private void continueWith(Page page, String continueToken) {
        synchronized (informer) {
            if (dead()) {
                return;
            }
            if (continueToken == null) {
                lastPageKnown = true;
            } else if (!page.nextRequested) {
                page.nextRequested = true;
                // tokens come one right after the other: the next page transfers while this one is decoded,
                // but no further
                if (pages.stream().filter(p -> !p.complete).count() >= 2) {
                    deferredToken = continueToken;
                } else {
                    requestPage(continueToken);
                }
            }
        }
    }

    private void pageDone(Page page) {
        Runnable after;
        synchronized (informer) {
            if (dead()) {
                return;
            }
            page.complete = true;
            if (!page.sawMetadata) {
                lastPageKnown = true;
            }
            if (deferredToken != null) {
                String token = deferredToken;
                deferredToken = null;
                requestPage(token);
                return;
            }
            if (!lastPageKnown || pages.stream().anyMatch(p -> !p.complete)) {
                return;
            }
            finished = true;
            after = informer.listed(this);
        }
        after.run();
    }

    private void fail(Page page, Throwable t) {
        synchronized (informer) {
            if (dead()) {
                return;
            }
            cancel();
            informer.listFailed(this, page.index, t);
        }
    }

    /**
     * One LIST response, decoded as it arrives: the HTTP client's thread queues the chunks it reads
     * (no copy) and goes on reading; a decoding thread takes them in batches of {@link #DECODE_BATCH},
     * so that reading (socket, TLS, copies) and decoding overlap. At most {@link #MAX_QUEUED_BYTES} wait
     * in the queue: beyond that the client stops asking for more, which stops the transfer. A page asked
     * for while decoding is held ({@link DecodeGate}) queues up to {@link DecodeGate#HELD_QUEUE_BYTES}
     * until it ends: what came while the window was being built then drains while the rest arrives.
     */
    final class Page implements AsyncBody.Consumer<List<ByteBuffer>>, ListDecoder.Sink<T> {
        final int index;
        private final ListDecoder<T> decoder;
        private final ByteWindow window = new ByteWindow(DECODE_BATCH * 2, StreamingInformer.MAX_OBJECT_BYTES);
        private HttpRequest request;
        private volatile int code;
        private volatile AsyncBody body;
        private volatile boolean cancelled;
        // guarded by the informer
        private boolean nextRequested;
        private boolean complete;
        // between the client's thread and the decoding thread
        private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong queued = new AtomicLong();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean paused = new AtomicBoolean();
        private final int maxQueued = informer.setup().decoder().maxQueuedBytes(MAX_QUEUED_BYTES);
        private volatile boolean ended;
        private volatile boolean pastHeader;
        // written by the client's thread only
        private volatile long bytes;
        // the decoding thread only (one at a time, handed over through draining)
        private boolean sawMetadata;
        /** More items than the informer may keep came: the list fails after this window. */
        private boolean overflow;
        private long decodeNanos;

        Page(int index) {
            this.index = index;
            this.decoder = new ListDecoder<>(informer.newReader(), this);
        }

        void onResponse(HttpResponse<AsyncBody> response, Throwable t) {
            if (t != null) {
                fail(this, requestException(request, t));
                return;
            }
            body = response.body();
            code = response.code();
            if (cancelled || dead()) {
                body.cancel();
                return;
            }
            if (index == 0 && items.isEmpty()) {
                presize(response.header("Content-Length"));
            }
            body.done().whenComplete(this::onDone);
            body.consume();
        }

        /**
         * Sizes the new map from the answer's length (a pod takes 2 to 6 KB of JSON), so that 30,000
         * pods do not make it grow eleven times while they are decoded. Before any item is decoded
         * and before any other page is asked for.
         */
        private void presize(String contentLength) {
            try {
                long expected = contentLength == null ? 0 : Long.parseLong(contentLength.trim()) / 2048;
                if (expected > items.size() * 2L && expected < 10_000_000) {
                    items = new ConcurrentHashMap<>((int) expected);
                }
            } catch (NumberFormatException e) {
                // no usable length: the map grows as it must
            }
        }

        @Override
        public void consume(List<ByteBuffer> chunks, AsyncBody asyncBody) {
            if (cancelled || dead()) {
                asyncBody.cancel();
                return;
            }
            if (!HttpResponse.isSuccessful(code)) {
                // an error answer: kept (up to a limit) to read its Status when it is complete
                try {
                    for (ByteBuffer b : chunks) {
                        if (window.size() < MAX_ERROR_BYTES) {
                            window.append(b);
                        }
                    }
                } catch (ReadLimitException e) {
                    // cannot be: MAX_ERROR_BYTES is far under the window's cap
                    fail(this, e);
                    asyncBody.cancel();
                    return;
                }
                asyncBody.consume();
                return;
            }
            long n = 0;
            for (ByteBuffer b : chunks) {
                // fabric8 hands over a fresh array per chunk: kept as it is
                queue.add(b);
                n += b.remaining();
            }
            bytes += n;
            long waiting = queued.addAndGet(n);
            // the list's metadata (with a page's continue token) is read as soon as it is in, items in batches
            if (waiting >= DECODE_BATCH || !pastHeader) {
                drainSoon();
            }
            if (waiting < maxQueued) {
                asyncBody.consume();
            } else {
                paused.set(true);
                // the decoder may have caught up meanwhile
                resumeIfDrained();
            }
        }

        void onDone(Void ignored, Throwable t) {
            if (cancelled || dead()) {
                return;
            }
            if (t != null) {
                fail(this, requestException(request, t));
                return;
            }
            if (!HttpResponse.isSuccessful(code)) {
                fail(this, requestFailure(informer.setup().serialization(), request, code, window));
                return;
            }
            ended = true;
            drainSoon();
        }

        private void drainSoon() {
            if (draining.compareAndSet(false, true)) {
                try {
                    informer.setup().decoder().execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false);
                    fail(this, new KubernetesClientException("no thread to decode " + request.uri() + " on", e));
                }
            }
        }

        private void resumeIfDrained() {
            if (queued.get() < maxQueued / 2 && paused.compareAndSet(true, false)) {
                AsyncBody b = body;
                if (b != null && !cancelled) {
                    b.consume();
                }
            }
        }

        /** On the decoding thread: decodes what is queued, and finishes the page after its last chunk. */
        private void drain() {
            try {
                while (!cancelled && !dead()) {
                    long taken = 0;
                    // a batch at a time: a backlog received while decoding was held may be far larger than the
                    // window may grow (a window holds what is left of one object plus one batch)
                    for (ByteBuffer b = queue.peek(); b != null && taken < DECODE_BATCH; b = queue.peek()) {
                        queue.poll();
                        taken += b.remaining();
                        window.append(b);
                    }
                    if (taken > 0) {
                        queued.addAndGet(-taken);
                        resumeIfDrained();
                    }
                    decodeWindow();
                    if (overflow) {
                        fail(this, informer.tooMany());
                        return;
                    }
                    pastHeader = decoder.inItems() || decoder.done();
                    if (!queue.isEmpty() && (ended || queued.get() >= DECODE_BATCH)) {
                        continue;
                    }
                    if (ended && queue.isEmpty()) {
                        if (decoder.done()) {
                            pageDone(this);
                        } else {
                            fail(this, requestException(request,
                                    new EOFException("the list ended before its closing bracket")));
                        }
                        return;
                    }
                    draining.set(false);
                    // chunks (or the end) that came while this pass ran and found it busy
                    if ((ended || queued.get() >= DECODE_BATCH) && draining.compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
            } catch (ReadLimitException e) {
                fail(this, e);
            } catch (JsonSyntaxException | RuntimeException e) {
                fail(this, undecodable(request, e));
            }
        }

        private void decodeWindow() throws JsonSyntaxException {
            long t = System.nanoTime();
            int p = decoder.decode(window.array(), window.start(), window.end());
            window.consumedTo(p);
            decodeNanos += System.nanoTime() - t;
        }

        void cancel() {
            cancelled = true;
            AsyncBody b = body;
            if (b != null) {
                b.cancel();
            }
            queue.clear();
        }

        @Override
        public void item(T item) {
            String key = StreamingInformer.key(item);
            if (items.size() >= informer.setup().maxObjects() && !items.containsKey(key)) {
                overflow = true;
                return;
            }
            items.put(key, item);
        }

        @Override
        public void listMeta(String listResourceVersion, String continueToken) {
            sawMetadata = true;
            if (index == 0) {
                resourceVersion = listResourceVersion;
            }
            continueWith(this, continueToken);
        }
    }
}
