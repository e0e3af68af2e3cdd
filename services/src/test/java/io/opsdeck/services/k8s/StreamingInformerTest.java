package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.k8s.config.KubeReadLimits;
import io.opsdeck.services.k8s.config.ReadLimitException;
import io.opsdeck.services.k8s.slim.SlimEvent;
import io.opsdeck.services.k8s.slim.SlimEventReader;
import io.opsdeck.services.k8s.slim.SlimPod;
import io.opsdeck.services.k8s.slim.SlimPodReader;
import io.opsdeck.services.model.PodPhase;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opsdeck's streaming informer against a scripted API server (OkHttp's MockWebServer): LISTs
 * decoded as they arrive, paged with the next page requested early, watches over a websocket (or
 * streamed HTTP) with ADDED/MODIFIED/DELETED/BOOKMARK/ERROR events, relists after 410 Gone without
 * ghosts, failures handed to the exception handler, and a stop that leaves nothing behind.
 */
class StreamingInformerTest {
    private static final StreamingInformer.Resource PODS = new StreamingInformer.Resource("api/v1", "pods", null);

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** Answers LISTs (requests without watch=true). */
    private volatile Function<RecordedRequest, MockResponse> lists = r -> new MockResponse().setResponseCode(404);
    /** Answers watches; by default a websocket whose server side is handed to {@link #sockets}. */
    private volatile Function<RecordedRequest, MockResponse> watches = r -> websocket();
    private final BlockingQueue<WebSocket> sockets = new LinkedBlockingQueue<>();
    private final List<WebSocket> allSockets = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean retry = true;

    private Workers workers;
    private ScheduledExecutorService timer;
    private ExecutorService decoders;
    private KubernetesClient client;
    private StreamingInformer<SlimPod> informer;

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getPath();
                return path.contains("watch=true") ? watches.apply(request) : lists.apply(request);
            }
        });
        server.start();
        workers = new Workers();
        timer = workers.scheduler("informer-test");
        decoders = Executors.newCachedThreadPool(Workers.threadFactory("informer-test-decode"));
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/").toString())
                .withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new OkHttpClientFactory()).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(informer == null ? null : informer::stop, client, decoders == null ? null : decoders::shutdownNow,
                workers, () -> allSockets.forEach(ws -> ws.close(1001, "test over")), server::shutdown);
    }

    private StreamingInformer<SlimPod> pods(Long pageSize) {
        return informer(new StreamingInformer.Setup(client.getHttpClient(), client.getKubernetesSerialization(),
                server.url("/").toString(), timer, decoders, Duration.ofSeconds(20), pageSize, 50));
    }

    /** Pods read through a client with {@code limits} (KubeReadLimits), watching over HTTP, keeping at most {@code maxObjects}. */
    private StreamingInformer<SlimPod> cappedPods(KubeReadLimits.Limits limits, int maxObjects) {
        client.close();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/").toString())
                .withRequestRetryBackoffLimit(0).withOnlyHttpWatches(true).build();
        client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(KubeReadLimits.clientFactory(limits)).build();
        return informer(new StreamingInformer.Setup(client.getHttpClient(), client.getKubernetesSerialization(),
                server.url("/").toString(), timer, decoders, Duration.ofSeconds(20), null, 50, true, maxObjects));
    }

    private StreamingInformer<SlimPod> informer(StreamingInformer.Setup setup) {
        StreamingInformer<SlimPod> inf = new StreamingInformer<>(setup, PODS, null, SlimPod.class, SlimPodReader::new);
        inf.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(SlimPod obj) {
                events.add("add " + obj.name());
            }

            @Override
            public void onUpdate(SlimPod oldObj, SlimPod newObj) {
                events.add("update " + newObj.name());
            }

            @Override
            public void onDelete(SlimPod obj, boolean deletedFinalStateUnknown) {
                events.add("delete " + obj.name() + (deletedFinalStateUnknown ? " (relist)" : ""));
            }

            @Override
            public void onNothing() {
                events.add("nothing");
            }
        });
        inf.exceptionHandler(new ExceptionHandler() {
            @Override
            public boolean retryAfterException(boolean isStarted, Throwable t) {
                failures.add(t);
                return retry;
            }
        });
        informer = inf;
        return inf;
    }

    // ------------------------------------------------------------------ list and watch

    @Test
    void listsStreamedInSmallPiecesThenWatchesFromTheListsResourceVersion() throws Exception {
        lists = r -> r.getPath().equals("/api/v1/pods?resourceVersion=0")
                ? list("100", null, pod("a", "10", "Running"), pod("b", "11", "Running"), pod("c", "12", "Pending"))
                .throttleBody(7, 1, TimeUnit.MILLISECONDS)
                : new MockResponse().setResponseCode(404);
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(inf.lastSyncResourceVersion()).isEqualTo("100");
        await("the handlers told", () -> events.size() == 3);
        assertThat(events).containsExactlyInAnyOrder("add a", "add b", "add c");
        assertThat(inf.isRunning()).isTrue();

        WebSocket ws = sockets.poll(10, TimeUnit.SECONDS);
        assertThat(ws).isNotNull();
        await("watching", inf::isWatching);
        RecordedRequest watch = requests.get(requests.size() - 1);
        assertThat(watch.getPath()).startsWith("/api/v1/pods?allowWatchBookmarks=true&resourceVersion=100&timeoutSeconds=")
                .endsWith("&watch=true");
        SlimPod c = inf.getStore().getByKey("ns/c");
        events.clear();

        ws.send(event("ADDED", pod("d", "13", "Running")));
        ws.send(event("MODIFIED", pod("a", "14", "Failed")));
        ws.send(event("DELETED", pod("b", "15", "Running")));
        ws.send(event("BOOKMARK", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"20\"}}"));
        await("the bookmark", () -> "20".equals(inf.lastSyncResourceVersion()));
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "c", "d");
        assertThat(inf.getStore().getByKey("ns/a").phase()).isEqualTo(PodPhase.FAILED);
        assertThat(inf.getStore().getByKey("ns/c")).as("unchanged, same instance").isSameAs(c);
        assertThat(events).containsExactly("add d", "update a", "delete b");
    }

    @Test
    void aListBiggerThanTheDecodingWindowArrivesWhole() throws Exception {
        int n = 6000;
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            items[i] = pod("p" + i, Integer.toString(i), "Running");
        }
        MockResponse big = list("9000", null, items);
        assertThat(big.getBody().size()).isGreaterThan(3L * ListStream.DECODE_BATCH);
        lists = r -> big;
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(inf.getStore().list()).hasSize(n);
        assertThat(inf.getStore().getByKey("ns/p5999").resourceVersion()).isEqualTo("5999");
    }

    @Test
    void aListReceivedWhileDecodingIsHeldIsDecodedOnceAllowed() throws Exception {
        // larger than one object may be (the decoding window's cap): a backlog must be decoded a batch at a time
        int n = 60_000;
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            items[i] = pod("p" + i, Integer.toString(i), "Running");
        }
        MockResponse big = list("70000", null, items);
        long size = big.getBody().size();
        assertThat(size).isGreaterThan(StreamingInformer.MAX_OBJECT_BYTES).isLessThan(DecodeGate.HELD_QUEUE_BYTES);
        lists = r -> big;
        CompletableFuture<Void> allowed = new CompletableFuture<>();
        StreamingInformer<SlimPod> inf = informer(new StreamingInformer.Setup(client.getHttpClient(),
                client.getKubernetesSerialization(), server.url("/").toString(), timer,
                DecodeGate.after(decoders, allowed), Duration.ofSeconds(20), null, 50, false, KubeReadLimits.MAX_OBJECTS));
        inf.start();
        await("the whole list received", () -> inf.listBytesReceived() == size);
        assertThat(inf.hasSynced()).as("nothing decoded while held").isFalse();
        assertThat(inf.getStore().list()).isEmpty();
        assertThat(events).isEmpty();

        allowed.complete(null);
        await("synced", inf::hasSynced);
        assertThat(inf.getStore().list()).hasSize(n);
        assertThat(failures).isEmpty();
        await("the handlers told", () -> events.size() == n);
    }

    @Test
    void aWatchError410RelistsAndDropsWhatWasDeletedMeanwhile() throws Exception {
        List<String> listPaths = new CopyOnWriteArrayList<>();
        lists = r -> {
            listPaths.add(r.getPath());
            return listPaths.size() == 1
                    ? list("100", null, pod("a", "10", "Running"), pod("b", "11", "Running"))
                    : list("200", null, pod("a", "10", "Running"), pod("c", "150", "Running"));
        };
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("synced", inf::hasSynced);
        SlimPod a = inf.getStore().getByKey("ns/a");
        WebSocket ws = sockets.poll(10, TimeUnit.SECONDS);
        events.clear();

        ws.send(event("ERROR", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"too old resource version: 100 (180)\",\"reason\":\"Expired\",\"code\":410}"));
        await("the relist", () -> "200".equals(inf.lastSyncResourceVersion()));
        await("the handlers told", () -> events.size() == 2);
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "c");
        assertThat(inf.getStore().getByKey("ns/a")).as("unchanged resourceVersion, same instance").isSameAs(a);
        assertThat(events).containsExactlyInAnyOrder("add c", "delete b (relist)");
        assertThat(listPaths).containsExactly("/api/v1/pods?resourceVersion=0", "/api/v1/pods");
        assertThat(failures).as("a 410 is routine, not a failure").isEmpty();

        assertThat(sockets.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(requests.get(requests.size() - 1).getPath()).contains("&resourceVersion=200&");
    }

    @Test
    void aDroppedWatchResumesFromTheLastResourceVersionWithoutListing() throws Exception {
        lists = r -> list("100", null, pod("a", "10", "Running"));
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        WebSocket ws = sockets.poll(10, TimeUnit.SECONDS);
        await("watching", inf::isWatching);
        ws.send(event("MODIFIED", pod("a", "150", "Succeeded")));
        await("the change", () -> "150".equals(inf.lastSyncResourceVersion()));

        ws.close(1011, "server restarting"); // the server goes away
        WebSocket again = sockets.poll(10, TimeUnit.SECONDS);
        assertThat(again).isNotNull();
        assertThat(requests.get(requests.size() - 1).getPath()).contains("&resourceVersion=150&");
        assertThat(requests.stream().filter(r -> !r.getPath().contains("watch=true"))).hasSize(1);
        await("watching again", inf::isWatching);
        assertThat(inf.getStore().getByKey("ns/a").phase()).isEqualTo(PodPhase.SUCCEEDED);
    }

    @Test
    void withoutWebsocketsTheWatchStreamsOverHttp() throws Exception {
        lists = r -> list("100", null, pod("a", "10", "Running"));
        watches = r -> {
            if ("websocket".equalsIgnoreCase(r.getHeader("Upgrade"))) {
                // a proxy that does not do websockets answers the handshake as a plain GET
                return new MockResponse().setResponseCode(200).setBody("");
            }
            String stream = event("ADDED", pod("b", "101", "Running")) + "\n"
                    + event("MODIFIED", pod("a", "102", "Failed")) + "\n"
                    + event("BOOKMARK", "{\"metadata\":{\"resourceVersion\":\"103\"}}") + "\n";
            return new MockResponse().setChunkedBody(stream, 5).setSocketPolicy(SocketPolicy.KEEP_OPEN)
                    .throttleBody(16, 1, TimeUnit.MILLISECONDS);
        };
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("the bookmark", () -> "103".equals(inf.lastSyncResourceVersion()));
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "b");
        assertThat(inf.getStore().getByKey("ns/a").phase()).isEqualTo(PodPhase.FAILED);
        RecordedRequest httpWatch = requests.stream().filter(r -> r.getPath().contains("watch=true"))
                .filter(r -> r.getHeader("Upgrade") == null).findFirst().orElseThrow();
        assertThat(httpWatch.getPath()).contains("resourceVersion=100");
    }

    @Test
    void eventsAreListedAndWatchedWithTheirFieldSelector() throws Exception {
        lists = r -> new MockResponse().setBody("{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},"
                + "\"items\":[{\"metadata\":{\"name\":\"e1\",\"namespace\":\"ns\",\"resourceVersion\":\"4\"},\"type\":\"Warning\","
                + "\"reason\":\"BackOff\",\"count\":3,\"lastTimestamp\":\"2024-05-01T09:30:00Z\"}]}");
        StreamingInformer.Setup setup = new StreamingInformer.Setup(client.getHttpClient(),
                client.getKubernetesSerialization(), server.url("/").toString(), timer, decoders, Duration.ofSeconds(20), null,
                50);
        StreamingInformer<SlimEvent> inf = new StreamingInformer<>(setup,
                new StreamingInformer.Resource("api/v1", "events", "type=Warning"), "ns", SlimEvent.class,
                SlimEventReader::new);
        try {
            inf.start();
            await("synced", inf::hasSynced);
            SlimEvent e = inf.getStore().getByKey("ns/e1");
            assertThat(e.reason()).isEqualTo("BackOff");
            assertThat(e.count()).isEqualTo(3);
            assertThat(sockets.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(requests.get(0).getPath())
                    .isEqualTo("/api/v1/namespaces/ns/events?fieldSelector=type%3DWarning&resourceVersion=0");
            assertThat(requests.get(1).getPath())
                    .startsWith("/api/v1/namespaces/ns/events?fieldSelector=type%3DWarning&allowWatchBookmarks=true&");
        } finally {
            inf.stop();
        }
    }

    // ------------------------------------------------------------------ pages

    @Test
    void aPagedListIsReadPageByPage() throws Exception {
        lists = r -> switch (r.getPath()) {
            // the first page trickles in; its metadata comes first
            case "/api/v1/pods?limit=2" -> list("300", "t1", pod("a", "1", "Running"), pod("b", "2", "Running"))
                    .throttleBody(40, 50, TimeUnit.MILLISECONDS);
            case "/api/v1/pods?limit=2&continue=t1" -> list("300", "t2", pod("c", "3", "Running"), pod("d", "4", "Running"));
            case "/api/v1/pods?limit=2&continue=t2" -> list("300", null, pod("e", "5", "Running"));
            default -> new MockResponse().setResponseCode(404);
        };
        StreamingInformer<SlimPod> inf = pods(2L);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(inf.lastSyncResourceVersion()).isEqualTo("300");
        assertThat(requests).extracting(RecordedRequest::getPath).startsWith("/api/v1/pods?limit=2",
                "/api/v1/pods?limit=2&continue=t1", "/api/v1/pods?limit=2&continue=t2");
    }

    @Test
    void theNextPageIsRequestedAsSoonAsItsContinueTokenArrives() throws Exception {
        lists = r -> switch (r.getPath()) {
            // the first page sends its metadata and one item, then never ends: its declared length is
            // longer than what is sent and the connection stays open
            case "/api/v1/pods?limit=2" -> {
                MockResponse open = list("300", "t1", pod("a", "1", "Running"), pod("b", "2", "Running"));
                long whole = open.getBody().size();
                String sent = open.getBody().readUtf8().substring(0, (int) (whole * 3 / 4));
                yield open.setBody(sent).setHeader("Content-Length", whole);
            }
            case "/api/v1/pods?limit=2&continue=t1" -> list("300", null, pod("c", "3", "Running"));
            default -> new MockResponse().setResponseCode(404);
        };
        StreamingInformer<SlimPod> inf = pods(2L);
        informer = inf;
        inf.start();
        await("the second page requested", () -> requests.stream()
                .anyMatch(r -> r.getPath().equals("/api/v1/pods?limit=2&continue=t1")));
        assertThat(inf.hasSynced()).as("the first page has not ended").isFalse();
    }

    @Test
    void anExpiredContinueTokenStartsTheListAgain() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        lists = r -> {
            paths.add(r.getPath());
            return switch (r.getPath()) {
                case "/api/v1/pods?limit=2" -> list("300", "t1", pod("a", "1", "Running"), pod("b", "2", "Running"));
                case "/api/v1/pods?limit=2&continue=t1" -> paths.size() == 2
                        ? status(410, "Expired", "The provided continue parameter is too old")
                        : list("300", null, pod("c", "3", "Running"));
                default -> new MockResponse().setResponseCode(404);
            };
        };
        StreamingInformer<SlimPod> inf = pods(2L);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(paths).containsExactly("/api/v1/pods?limit=2", "/api/v1/pods?limit=2&continue=t1",
                "/api/v1/pods?limit=2", "/api/v1/pods?limit=2&continue=t1");
        assertThat(failures).isEmpty();
    }

    // ------------------------------------------------------------------ caps (KubeReadLimits)

    @Test
    void anUnpaginatedListOverTheAnswerCapIsListedAgainInPages() throws Exception {
        String[] many = new String[80];
        for (int i = 0; i < many.length; i++) {
            many[i] = pod("p" + i, String.valueOf(i + 1), "Running");
        }
        lists = r -> {
            String path = r.getPath();
            if (path.equals("/api/v1/pods?resourceVersion=0")) {
                return list("400", null, many);
            }
            if (path.equals("/api/v1/pods?limit=500")) {
                return list("400", "t1", java.util.Arrays.copyOfRange(many, 0, 40));
            }
            if (path.equals("/api/v1/pods?limit=500&continue=t1")) {
                return list("400", null, java.util.Arrays.copyOfRange(many, 40, 80));
            }
            return new MockResponse().setResponseCode(404);
        };
        watches = r -> new MockResponse().setChunkedBody("", 5).setSocketPolicy(SocketPolicy.KEEP_OPEN);
        // ~24 KB in one answer, ~12 KB a page: a cap of 16 KiB lets only the pages through
        StreamingInformer<SlimPod> inf = cappedPods(new KubeReadLimits.Limits(16 << 10, 64 << 10, Duration.ofSeconds(20),
                Duration.ofSeconds(60)), 1000);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(names(inf)).hasSize(80);
        assertThat(failures).isEmpty();
        assertThat(requests).extracting(RecordedRequest::getPath).startsWith("/api/v1/pods?resourceVersion=0",
                "/api/v1/pods?limit=500", "/api/v1/pods?limit=500&continue=t1");
        await("watching", () -> requests.stream().anyMatch(r -> r.getPath().contains("watch=true")));
        RecordedRequest watch = requests.stream().filter(r -> r.getPath().contains("watch=true")).findFirst().orElseThrow();
        assertThat(watch.getHeader("Upgrade")).as("watched over HTTP, where the caps apply").isNull();
    }

    @Test
    void moreObjectsThanTheCapFailTheListWithASentence() throws Exception {
        lists = r -> list("500", null, pod("a", "1", "Running"), pod("b", "2", "Running"), pod("c", "3", "Running"));
        retry = false;
        StreamingInformer<SlimPod> inf = cappedPods(KubeReadLimits.Limits.DEFAULTS, 2);
        inf.start();
        await("stopped", () -> inf.stopped().toCompletableFuture().isDone());
        assertThat(inf.hasSynced()).isFalse();
        assertThat(failures).hasSize(1);
        ReadLimitException limit = ReadLimitException.in(failures.get(0));
        assertThat(limit.cap()).isEqualTo(ReadLimitException.Cap.OBJECTS);
        assertThat(limit.getMessage()).isEqualTo("the API server sent more than 2 pods; Opsdeck stopped reading them"
                + " (that many is far beyond any cluster Kubernetes supports)");
    }

    @Test
    void aWatchThatBringsMoreObjectsThanTheCapFails() throws Exception {
        lists = r -> list("600", null, pod("a", "1", "Running"));
        watches = r -> new MockResponse().setChunkedBody(event("ADDED", pod("b", "601", "Running")) + "\n"
                + event("ADDED", pod("c", "602", "Running")) + "\n", 64).setSocketPolicy(SocketPolicy.KEEP_OPEN);
        retry = false;
        StreamingInformer<SlimPod> inf = cappedPods(KubeReadLimits.Limits.DEFAULTS, 2);
        inf.start();
        await("stopped", () -> inf.stopped().toCompletableFuture().isDone());
        assertThat(names(inf)).containsExactly("a", "b");
        assertThat(ReadLimitException.in(failures.get(0)).getMessage()).startsWith("the API server sent more than 2 pods");
    }

    @Test
    void anHttpWatchEventOverTheCapStopsTheWatchWithASentence() throws Exception {
        lists = r -> list("700", null, pod("a", "1", "Running"));
        // an event that never ends: 100 KB of one annotation, no newline
        watches = r -> new MockResponse().setChunkedBody("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"annotations\":"
                + "{\"x\":\"" + "y".repeat(100_000), 4096).setSocketPolicy(SocketPolicy.KEEP_OPEN);
        retry = false;
        StreamingInformer<SlimPod> inf = cappedPods(new KubeReadLimits.Limits(1 << 20, 64 << 10, Duration.ofSeconds(20),
                Duration.ofSeconds(60)), 1000);
        inf.start();
        await("stopped", () -> inf.stopped().toCompletableFuture().isDone());
        assertThat(names(inf)).as("what was listed stays").containsExactly("a");
        ReadLimitException limit = ReadLimitException.in(failures.get(0));
        assertThat(limit).as("cause of %s", failures.get(0)).isNotNull();
        assertThat(limit.getMessage()).isEqualTo("the API server sent a watch event on /api/v1/pods larger than 64 KiB;"
                + " Opsdeck stopped reading it (one event is capped there)");
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aForbiddenListStopsTheInformerWhenTheHandlerSaysSo() throws Exception {
        lists = r -> status(403, "Forbidden",
                "pods is forbidden: User \"jane\" cannot list resource \"pods\" in API group \"\" at the cluster scope");
        retry = false;
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("stopped", () -> inf.stopped().toCompletableFuture().isDone());
        assertThat(inf.stopped().toCompletableFuture()).isCompletedExceptionally();
        assertThat(inf.isRunning()).isFalse();
        assertThat(inf.hasSynced()).isFalse();
        Throwable t = failures.get(0);
        assertThat(KubeProblems.httpCode(t)).isEqualTo(403);
        assertThat(KubeProblems.forbiddenReason(t, "pods", null))
                .isEqualTo("User \"jane\" cannot list resource \"pods\" in API group \"\" at the cluster scope");
        Thread.sleep(300);
        assertThat(requests).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedAfterTheBackOff() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        lists = r -> {
            paths.add(r.getPath());
            return paths.size() <= 2 ? status(500, "InternalError", "etcdserver: request timed out")
                    : list("100", null, pod("a", "10", "Running"));
        };
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(failures).hasSize(2).allSatisfy(t -> {
            assertThat(KubeProblems.httpCode(t)).isEqualTo(500);
            assertThat(KubeProblems.describe(t, "https://k")).endsWith(": etcdserver: request timed out");
        });
        assertThat(names(inf)).containsExactly("a");
        assertThat(paths.get(0)).as("the first list from the watch cache").isEqualTo("/api/v1/pods?resourceVersion=0");
    }

    @Test
    void anUndecodableListIsADecodingErrorNotRetried() throws Exception {
        lists = r -> new MockResponse().setBody("{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"1\"},"
                + "\"items\":[{\"metadata\":{\"name\":\"x\"}} {\"metadata\":{\"name\":\"y\"}}]}");
        retry = false;
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("a failure", () -> !failures.isEmpty());
        Throwable t = failures.get(0);
        assertThat(ExceptionHandler.isDeserializationException(t)).as(String.valueOf(t) + " caused by " + t.getCause()).isTrue();
        assertThat(KubeProblems.permanent(t)).isTrue();
        assertThat(KubeProblems.describe(t, "https://k")).startsWith("the API server at https://k sent an answer that cannot be decoded");
    }

    @Test
    void aConnectionCutMidListIsRetried() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        lists = r -> {
            paths.add(r.getPath());
            MockResponse ok = list("100", null, pod("a", "10", "Running"), pod("b", "11", "Running"));
            return paths.size() == 1 ? ok.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY) : ok;
        };
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        await("synced", inf::hasSynced);
        assertThat(names(inf)).containsExactlyInAnyOrder("a", "b");
        assertThat(failures).hasSize(1);
        assertThat(KubeProblems.permanent(failures.get(0))).isFalse();
    }

    @Test
    void stopClosesTheWatchAndCancelsAnyRetry() throws Exception {
        lists = r -> list("100", null, pod("a", "10", "Running"));
        StreamingInformer<SlimPod> inf = pods(null);
        inf.start();
        WebSocket ws = sockets.poll(10, TimeUnit.SECONDS);
        await("watching", inf::isWatching);

        // the watch fails and a retry is pending
        watches = r -> new MockResponse().setResponseCode(500);
        ws.close(1011, "server restarting");
        await("a pending retry", () -> !((ScheduledThreadPoolExecutor) timer).getQueue().isEmpty()
                || requests.size() > 2);
        inf.stop();
        int made = requests.size();
        assertThat(inf.isRunning()).isFalse();
        assertThat(inf.isWatching()).isFalse();
        assertThat(inf.stopped().toCompletableFuture()).isCompletedWithValue(null);
        assertThat(((ScheduledThreadPoolExecutor) timer).getQueue()).as("no retry left").isEmpty();
        Thread.sleep(400);
        assertThat(requests).hasSize(made);
        assertThat(names(inf)).as("the cache stays readable").containsExactly("a");
    }

    // ------------------------------------------------------------------ helpers

    private MockResponse websocket() {
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                allSockets.add(webSocket);
                sockets.add(webSocket);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(code, null);
            }
        });
    }

    private RecordedRequest request(String path) {
        return requests.stream().filter(r -> r.getPath().equals(path)).findFirst()
                .orElseGet(() -> fail("no request to " + path + " in " + requests.stream().map(RecordedRequest::getPath).toList()));
    }

    private static List<String> names(StreamingInformer<SlimPod> inf) {
        return inf.getStore().list().stream().map(SlimPod::name).sorted().collect(Collectors.toList());
    }

    static String pod(String name, String rv, String phase) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"resourceVersion\":\"" + rv + "\","
                + "\"labels\":{\"app\":\"x\"},\"managedFields\":[{\"manager\":\"m\",\"fieldsV1\":{\"f:metadata\":{}}}]},"
                + "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"img\"}]},"
                + "\"status\":{\"phase\":\"" + phase + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
    }

    static MockResponse list(String rv, String continueToken, String... items) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"")
                .append(rv).append('"');
        if (continueToken != null) {
            sb.append(",\"continue\":\"").append(continueToken).append('"');
        }
        sb.append("},\"items\":[").append(String.join(",", items)).append("]}");
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(sb.toString());
    }

    static String event(String type, String object) {
        return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
    }

    static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                        + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("not " + what + " within 15 s");
    }
}
