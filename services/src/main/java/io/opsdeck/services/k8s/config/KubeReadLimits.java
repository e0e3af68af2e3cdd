package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.opsdeck.services.prom.BodyLimit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How much of the API server Opsdeck reads, and for how long: an OkHttp interceptor on the client
 * that fabric8 builds for a context, so that its informers, Opsdeck's streaming informers and the
 * actions' requests ({@code KubeRest}) are all bounded, whoever sends the bytes (the API server, a
 * proxy in front of it, or something that only claims to be either).
 *
 * <ul>
 *   <li><b>One answer</b> (a LIST, a GET): at most {@link Limits#maxResponseBytes()} once
 *       decompressed — 512 MiB by default. 30,000 pods are ~172 MB of JSON (3× under it); one
 *       unpaginated LIST of 150,000 pods (~860 MB) is not, and the streaming informer then lists
 *       them in pages of {@link #FALLBACK_PAGE_SIZE} (~3 MB each).</li>
 *   <li><b>One watch event</b>: at most {@link Limits#maxEventBytes()} between two newlines — 16 MiB
 *       by default. The API server writes one event per line, and no object can be larger than
 *       etcd stores (1.5 MiB by default, 10 MiB when raised).</li>
 *   <li><b>Timeouts</b>: an answer that stops for {@link Limits#readTimeout()} (60 s, the API
 *       server's own limit for a request that is not a watch) fails; fabric8's request timeout
 *       already bounds the whole call. A watch may be silent, so it gets no short read timeout, but
 *       it must end when the API server said it would ({@code timeoutSeconds}) plus
 *       {@link Limits#watchGrace()}; it is then watched again from where it was.</li>
 * </ul>
 * Exceeding a cap fails the read with a {@link ReadLimitException} whose message is the sentence
 * the status bar shows. Watches are read over HTTP only ({@code Config#setOnlyHttpWatches}): OkHttp
 * gathers a websocket message whole, however long it is, so a websocket watch could not be capped.
 * Websocket upgrades (port-forwards) pass through untouched.
 */
public final class KubeReadLimits implements Interceptor {
    /** Page size the streaming informer falls back to when an unpaginated LIST is over the cap. */
    public static final long FALLBACK_PAGE_SIZE = 500;
    /**
     * The most objects one informer keeps (and one list brings, over all its pages): 500,000 is more
     * than three times the largest cluster Kubernetes supports (150,000 pods). A server that sends
     * endless pages, or endless new names in a watch, stops there.
     */
    public static final int MAX_OBJECTS = 500_000;

    /**
     * @param maxResponseBytes the most one answer that is not a watch may bring
     * @param maxEventBytes    the most one watch event (line), or one object of a list, may take
     * @param readTimeout      how long an answer that is not a watch may stop
     * @param watchGrace       how long after its {@code timeoutSeconds} a watch may go on
     */
    public record Limits(long maxResponseBytes, int maxEventBytes, Duration readTimeout, Duration watchGrace) {
        public static final Limits DEFAULTS = new Limits(512L << 20, 16 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(60));

        public Limits {
            Objects.requireNonNull(readTimeout);
            Objects.requireNonNull(watchGrace);
        }
    }

    /** A watch that names no {@code timeoutSeconds} (neither fabric8's nor Opsdeck's do that) ends after this. */
    static final long DEFAULT_WATCH_SECONDS = 600;

    private final Limits limits;

    public KubeReadLimits(Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /** fabric8's OkHttp client factory with these limits on every client it builds (and those derived from them). */
    public static OkHttpClientFactory clientFactory(Limits limits) {
        KubeReadLimits interceptor = new KubeReadLimits(limits);
        return new OkHttpClientFactory() {
            @Override
            protected void additionalConfig(OkHttpClient.Builder builder) {
                builder.addInterceptor(interceptor);
            }
        };
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if ("websocket".equalsIgnoreCase(request.header("Upgrade"))) {
            return chain.proceed(request);
        }
        HttpUrl url = request.url();
        if (isWatch(url)) {
            long seconds = timeoutSeconds(url);
            long lifetimeMillis = TimeUnit.SECONDS.toMillis(seconds) + limits.watchGrace().toMillis();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lifetimeMillis);
            Response response = chain.withReadTimeout((int) Math.min(Integer.MAX_VALUE, lifetimeMillis),
                    TimeUnit.MILLISECONDS).proceed(request);
            return wrap(response, new WatchSource(response.body().source(), chain.call(), url.encodedPath(), deadline,
                    seconds, response.isSuccessful()));
        }
        Response response = chain.withReadTimeout((int) limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .proceed(request);
        ResponseBody body = response.body();
        if (body.contentLength() > limits.maxResponseBytes()) {
            body.close();
            throw tooLarge(request.method(), url.encodedPath(), body.contentLength());
        }
        return wrap(response, new CappedSource(body.source(), chain.call(), request.method(), url.encodedPath()));
    }

    private static Response wrap(Response response, Source source) {
        ResponseBody body = response.body();
        return response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(source), body.contentType(), body.contentLength())).build();
    }

    static boolean isWatch(HttpUrl url) {
        String w = url.queryParameter("watch");
        return "true".equalsIgnoreCase(w) || "1".equals(w) || url.encodedPath().contains("/watch/");
    }

    private static long timeoutSeconds(HttpUrl url) {
        try {
            String s = url.queryParameter("timeoutSeconds");
            long v = s == null ? 0 : Long.parseLong(s);
            return v > 0 ? v : DEFAULT_WATCH_SECONDS;
        } catch (NumberFormatException e) {
            return DEFAULT_WATCH_SECONDS;
        }
    }

    private ReadLimitException tooLarge(String method, String path, long declared) {
        return new ReadLimitException(ReadLimitException.Cap.ANSWER, "the API server sent an answer to " + method + " "
                + path + " larger than " + BodyLimit.size(limits.maxResponseBytes())
                + (declared > 0 ? " (it declared " + BodyLimit.size(declared) + ")" : "")
                + "; Opsdeck stopped reading it (one answer is capped there)");
    }

    /**
     * A body read through a check. Exceeding a limit cancels the call before failing: the connection
     * is not one to reuse, and a close that read the rest of an endless body to reuse it would race
     * fabric8's own close. For the same reason a close that comes while another thread is blocked in a
     * read (fabric8 closing a quiet watch) only cancels the call, and the reading thread, woken by
     * that, closes the body: OkHttp's sources must not be read from two threads at once ("Unbalanced
     * enter/exit").
     */
    private abstract static class CheckedSource extends ForwardingSource {
        private final Call call;
        private final Object lock = new Object();
        // guarded by lock
        private boolean reading;
        private boolean closeAsked;
        private boolean closed;

        CheckedSource(Source delegate, Call call) {
            super(delegate);
            this.call = call;
        }

        /** Checks the {@code n} bytes just appended to {@code sink} after {@code start}. */
        abstract void check(Buffer sink, long start, long n) throws IOException;

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            synchronized (lock) {
                if (closeAsked) {
                    throw new IOException("closed");
                }
                reading = true;
            }
            try {
                long start = sink.size();
                long n = super.read(sink, byteCount);
                try {
                    check(sink, start, n);
                } catch (IOException e) {
                    call.cancel();
                    throw e;
                }
                return n;
            } finally {
                boolean closeNow;
                synchronized (lock) {
                    reading = false;
                    closeNow = closeAsked && !closed;
                    closed |= closeNow;
                }
                if (closeNow) {
                    super.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            boolean closeNow;
            boolean busy;
            synchronized (lock) {
                closeAsked = true;
                busy = reading;
                closeNow = !reading && !closed;
                closed |= closeNow;
            }
            if (busy) {
                call.cancel();
            } else if (closeNow) {
                super.close();
            }
        }
    }

    /** An answer that is not a watch: counts what passes. */
    private final class CappedSource extends CheckedSource {
        private final String method;
        private final String path;
        private long total;

        CappedSource(Source delegate, Call call, String method, String path) {
            super(delegate, call);
            this.method = method;
            this.path = path;
        }

        @Override
        void check(Buffer sink, long start, long n) throws ReadLimitException {
            if (n > 0) {
                total += n;
                if (total > limits.maxResponseBytes()) {
                    throw tooLarge(method, path, -1);
                }
            }
        }
    }

    /**
     * A watch: counts the bytes since the last newline, and ends it once it outlives its deadline.
     *
     * <p>An accepted watch's body starts with one space that the server did not send. fabric8 counts an
     * HTTP watch as up ({@code isWatching()}) only once its first byte has arrived, and an API server sends
     * nothing on a watch until something changes (bookmarks come about once a minute): a quiet kind — no
     * PodDisruptionBudget changing, say — would look down for a minute, the status would say
     * "reconnecting" and the stuck-watch repair would list it again every 30 s. The answer's 200 is what
     * says the watch is up; the space says it to fabric8. Whitespace before a JSON value is no change to
     * a stream of JSON lines, for fabric8's reader and for Opsdeck's.
     */
    private final class WatchSource extends CheckedSource {
        private final String path;
        private final long deadlineNanos;
        private final long seconds;
        private long sinceNewline;
        private boolean announce;

        WatchSource(Source delegate, Call call, String path, long deadlineNanos, long seconds, boolean accepted) {
            super(delegate, call);
            this.path = path;
            this.deadlineNanos = deadlineNanos;
            this.seconds = seconds;
            this.announce = accepted;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            if (announce && byteCount > 0) {
                announce = false;
                sink.writeByte(' ');
                return 1;
            }
            return super.read(sink, byteCount);
        }

        @Override
        void check(Buffer sink, long start, long n) throws IOException {
            if (n > 0) {
                long last = -1;
                for (long i = sink.indexOf((byte) '\n', start); i >= 0; i = sink.indexOf((byte) '\n', i + 1)) {
                    last = i;
                }
                sinceNewline = last >= 0 ? sink.size() - last - 1 : sinceNewline + n;
                if (sinceNewline > limits.maxEventBytes()) {
                    throw new ReadLimitException(ReadLimitException.Cap.OBJECT, "the API server sent a watch event on "
                            + path + " larger than " + BodyLimit.size(limits.maxEventBytes())
                            + "; Opsdeck stopped reading it (one event is capped there)");
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new InterruptedIOException("the API server did not end the watch on " + path + " after the "
                        + seconds + " s it was asked for");
            }
        }
    }
}
