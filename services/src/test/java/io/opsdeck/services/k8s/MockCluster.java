package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fabric8 mock API server in CRUD mode with expectations on top (expectations win), whose state
 * outlives the server: {@link #stop()} and {@link #restart()} on the same port simulate an API
 * server going away and coming back, and {@link #changeWhileDown} can make watches that
 * resume from an older resourceVersion fail with 410 Gone, as a real server does once etcd has
 * compacted: the watch is accepted and its first event is an ERROR with a 410 Status (the mock
 * itself would resume such a watch and silently miss what happened meanwhile).
 */
final class MockCluster implements AutoCloseable {
    private static final String WARNING_SELECTOR = "fieldSelector=type%3DWarning";
    private static final Pattern RESOURCE_VERSION = Pattern.compile("[?&]resourceVersion=(\\d+)");

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    private final KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    private final Map<String, Integer> served = new ConcurrentHashMap<>();
    private final java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long goneBelow;
    private volatile String refusedWatches;
    private volatile boolean holdWatches;
    private final java.util.Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Dispatcher dispatcher = new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            served.merge(path.replaceAll("\\?.*", ""), 1, Integer::sum);
            paths.add(path);
            if (forbidden.contains(path.replaceAll("\\?.*", ""))) {
                String resource = path.replaceAll("\\?.*", "").replaceAll(".*/", "");
                return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":\"" + resource
                        + " is forbidden: User \\\"oncall\\\" cannot " + (path.contains("watch=true") ? "watch" : "list")
                        + " resource \\\"" + resource + "\\\" at the cluster scope\"}");
            }
            if (holdWatches && path.contains("watch=true")) {
                // accepted, never answered while the test runs: neither the upgrade nor a first byte
                return new MockResponse().setResponseCode(200).setBodyDelay(1, java.util.concurrent.TimeUnit.HOURS)
                        .setBody("");
            }
            String refused = refusedWatches;
            if (refused != null && path.contains("watch=true") && path.replaceAll("\\?.*", "").equals(refused)) {
                return new MockResponse().setResponseCode(500).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"InternalError\",\"code\":500,"
                        + "\"message\":\"watch refused by the test\"}");
            }
            if (path.contains("watch=true") && goneBelow > 0) {
                Matcher m = RESOURCE_VERSION.matcher(path);
                if (m.find() && Long.parseLong(m.group(1)) < goneBelow) {
                    // what kube-apiserver does: accept the watch, then send an ERROR event with a 410 Status
                    server.expect().get().withPath(path).andUpgradeToWebSocket().open().immediately()
                            .andEmit(new WatchEventBuilder().withType("ERROR").withObject(new StatusBuilder()
                                    .withStatus("Failure").withReason("Expired").withCode(410)
                                    .withMessage("too old resource version").build()).build())
                            .done().once();
                }
            }
            if (path.contains("/events?") && path.contains(WARNING_SELECTOR)) {
                // the CRUD mock does not index Event.type, so this selector would match nothing; drop it
                // and let the source's own check drop the Normal events (a real server filters them)
                String unfiltered = path.replace(WARNING_SELECTOR + "&", "").replace("&" + WARNING_SELECTOR, "")
                        .replace("?" + WARNING_SELECTOR, "?");
                request = new RecordedRequest(request.getHttpVersion(), request.method(), unfiltered,
                        request.getHeaders(), request.getBody());
            }
            return crud.dispatch(request);
        }
    };
    private volatile KubernetesMockServer server;
    private final int port;
    private final KubernetesClient client;

    MockCluster() {
        server = newServer();
        server.start();
        port = server.getPort();
        client = server.createClient();
    }

    private KubernetesMockServer newServer() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                dispatcher, false);
    }

    /** A client for this server; closed by {@link #close()}. */
    KubernetesClient client() {
        return client;
    }

    MockServerExpectation expect() {
        return server.expect();
    }

    /** What {@code GET /version} answers. */
    void version(String major, String minor) {
        server.setVersionInfo(new VersionInfo.Builder().withMajor(major).withMinor(minor)
                .withGitVersion("v" + major + "." + minor + ".0").build());
    }

    void stop() {
        server.shutdown();
    }

    /** A new server on the same port with the same state. */
    void restart() {
        server = newServer();
        server.start(port);
    }

    /**
     * While the server is stopped, changes its state through a second server on another port (so
     * that the informers cannot see the change happen), then, if {@code compact}, answers watches
     * from older resourceVersions with 410 Gone.
     */
    void changeWhileDown(java.util.function.Consumer<KubernetesClient> change, boolean compact) {
        KubernetesMockServer side = newServer();
        side.start();
        try (KubernetesClient sideClient = side.createClient()) {
            change.accept(sideClient);
            if (compact) {
                goneBelow = Long.parseLong(sideClient.pods().inAnyNamespace().list().getMetadata().getResourceVersion());
            }
        } finally {
            side.shutdown();
        }
    }

    /** How many requests were made to a path (without its query). */
    int requests(String path) {
        return served.getOrDefault(path, 0);
    }

    /** From now on no WATCH is answered at all (LISTs still are): a watch that never gets established. */
    void holdWatches() {
        holdWatches = true;
    }

    /** From now on, watches of {@code path} are answered 500 (LISTs still work); null for none. */
    void refuseWatches(String path) {
        refusedWatches = path;
    }

    /**
     * From now on every request of {@code path} (without its query), LIST or WATCH, is refused with a 403,
     * as after a RoleBinding was removed; open watches go on until they end ({@link #stop()}/{@link #restart()}).
     */
    void forbid(String path) {
        forbidden.add(path);
    }

    /** Lifts {@link #forbid}: access granted (again). */
    void allow(String path) {
        forbidden.remove(path);
    }

    /** How many LISTs (GETs that are not watches) were made of a path. */
    long lists(String path) {
        return paths.stream().filter(p -> p.replaceAll("\\?.*", "").equals(path) && !p.contains("watch=true")).count();
    }

    /** Whether a request was made to exactly this path and query. */
    boolean requested(String pathAndQuery) {
        return paths.contains(pathAndQuery);
    }

    @Override
    public void close() {
        client.close();
        server.shutdown();
    }

}
