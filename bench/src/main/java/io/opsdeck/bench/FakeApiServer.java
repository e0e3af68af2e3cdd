package io.opsdeck.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opsdeck.services.concurrent.Workers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A Kubernetes API server stand-in on loopback that serves generated LIST responses of a given
 * size (paginated with limit/continue when asked), empty lists for the small kinds, discovery,
 * and WATCH requests that stay open without events (upgraded to a websocket when asked, as the
 * API server does, else a streamed HTTP answer). Responses are built once, before timing; sockets
 * have TCP_NODELAY, as the API server's do.
 */
final class FakeApiServer implements AutoCloseable {
    private static final Map<String, String[]> KINDS = Map.ofEntries(
            Map.entry("pods", new String[] {"PodList", "v1"}),
            Map.entry("nodes", new String[] {"NodeList", "v1"}),
            Map.entry("services", new String[] {"ServiceList", "v1"}),
            Map.entry("endpoints", new String[] {"EndpointsList", "v1"}),
            Map.entry("namespaces", new String[] {"NamespaceList", "v1"}),
            Map.entry("events", new String[] {"EventList", "v1"}),
            Map.entry("deployments", new String[] {"DeploymentList", "apps/v1"}),
            Map.entry("statefulsets", new String[] {"StatefulSetList", "apps/v1"}),
            Map.entry("daemonsets", new String[] {"DaemonSetList", "apps/v1"}),
            Map.entry("replicasets", new String[] {"ReplicaSetList", "apps/v1"}),
            Map.entry("endpointslices", new String[] {"EndpointSliceList", "discovery.k8s.io/v1"}),
            Map.entry("poddisruptionbudgets", new String[] {"PodDisruptionBudgetList", "policy/v1"}));

    private static final int WRITE_CHUNK = 64 << 10;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> pods = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, byte[]> pageCache = new HashMap<>();
    private final List<String> listRequests = new CopyOnWriteArrayList<>();
    private final List<PodPage> podPages = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private long podBytes;
    /** Bytes per second each answer is written at; 0 for as fast as loopback goes. */
    private volatile long bytesPerSecond;

    static {
        // like a real API server (Go sets TCP_NODELAY on every connection): without it, each small answer
        // waits ~40 ms for the client's delayed ACK (Nagle), which would make the raw baseline slower than the
        // transfer it stands for
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    FakeApiServer(int nodeCount, int podCount) throws IOException {
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(ApiObjects.node(i, nodeCount));
        }
        for (int i = 0; i < podCount; i++) {
            String p = ApiObjects.pod(i, nodeCount, rng);
            podBytes += p.length();
            pods.add(p);
        }
        executor = Executors.newCachedThreadPool(Workers.threadFactory("fake-apiserver"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long podJsonBytes() {
        return podBytes;
    }

    /** The LIST requests (path and query) served so far, in order, for the raw-transfer replay. */
    List<String> listRequests() {
        return List.copyOf(listRequests);
    }

    /**
     * A paged pod LIST answer: its first item's index, when it was asked for and when its last byte
     * was written (System.nanoTime).
     */
    record PodPage(int from, long requestedNanos, long sentNanos) {
    }

    /** The paged pod LIST answers served so far, in the order of their pages. */
    List<PodPage> podPages() {
        return podPages.stream().sorted(Comparator.comparingInt(PodPage::from)).toList();
    }

    void clearRecorded() {
        listRequests.clear();
        podPages.clear();
    }

    /**
     * Writes every answer from now on at {@code megabytesPerSecond} (10^6 bytes), each answer on its own,
     * as an API server serializes a LIST: the pace of the server, not of the wire. 0 for no pacing.
     */
    void pace(double megabytesPerSecond) {
        bytesPerSecond = (long) (megabytesPerSecond * 1e6);
    }

    private void handle(HttpExchange ex) throws IOException {
        long requested = System.nanoTime();
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            if ("true".equals(q.get("watch")) || "1".equals(q.get("watch"))) {
                watch(ex);
                return;
            }
            byte[] body = route(path, q);
            if (body == null) {
                send(ex, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            String segment = path.substring(path.lastIndexOf('/') + 1);
            if (KINDS.containsKey(segment)) {
                listRequests.add(ex.getRequestURI().toString());
            }
            send(ex, 200, body);
            if (segment.equals("pods") && q.containsKey("limit")) {
                int from = q.containsKey("continue") ? Integer.parseInt(q.get("continue").substring(1)) : 0;
                podPages.add(new PodPage(from, requested, System.nanoTime()));
            }
        }
    }

    private byte[] route(String path, Map<String, String> q) {
        switch (path) {
            case "/version":
                return "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.4-bench\",\"platform\":\"linux/amd64\"}".getBytes(StandardCharsets.UTF_8);
            case "/api":
                return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}".getBytes(StandardCharsets.UTF_8);
            case "/apis":
                return ("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + group("apps", "v1") + "," + group("discovery.k8s.io", "v1")
                        + "," + group("policy", "v1") + "," + group("events.k8s.io", "v1") + "]}").getBytes(StandardCharsets.UTF_8);
            default:
                break;
        }
        if (path.equals("/api/v1") || path.startsWith("/apis/") && path.split("/").length == 4) {
            return resourceList(path);
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        String[] kind = KINDS.get(segment);
        if (kind == null) {
            return null;
        }
        if (segment.equals("pods") || segment.equals("nodes")) {
            return page(segment, kind, segment.equals("pods") ? pods : nodes, q);
        }
        return ApiObjects.list(kind[0], kind[1], "1000", null, List.of());
    }

    /**
     * Builds the LIST answers for pods and nodes (in pages of {@code limit}, or whole for null) before
     * any timing, so that no measured load waits for the server to make its bytes.
     */
    void prepare(Long limit) {
        for (String segment : List.of("pods", "nodes")) {
            List<String> items = segment.equals("pods") ? pods : nodes;
            int from = 0;
            do {
                Map<String, String> q = new HashMap<>();
                if (limit != null) {
                    q.put("limit", Long.toString(limit));
                }
                if (from > 0) {
                    q.put("continue", "p" + from);
                }
                page(segment, KINDS.get(segment), items, q);
                from = limit == null ? items.size() : (int) Math.min(items.size(), from + limit);
            } while (from < items.size());
        }
    }

    private synchronized byte[] page(String segment, String[] kind, List<String> items, Map<String, String> q) {
        int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 0;
        int from = q.containsKey("continue") ? Integer.parseInt(q.get("continue").substring(1)) : 0;
        int to = limit > 0 ? Math.min(items.size(), from + limit) : items.size();
        String key = segment + ":" + from + ":" + to;
        return pageCache.computeIfAbsent(key, k -> ApiObjects.list(kind[0], kind[1], "5000",
                to < items.size() ? "p" + to : null, items.subList(from, to)));
    }

    private static String group(String name, String version) {
        return "{\"name\":\"" + name + "\",\"versions\":[{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\"" + version
                + "\"}],\"preferredVersion\":{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\"" + version + "\"}}";
    }

    private static byte[] resourceList(String path) {
        String gv = path.equals("/api/v1") ? "v1" : path.substring("/apis/".length());
        StringBuilder sb = new StringBuilder("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + gv + "\",\"resources\":[");
        boolean first = true;
        for (Map.Entry<String, String[]> e : KINDS.entrySet()) {
            if (!e.getValue()[1].equals(gv)) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            String kind = e.getValue()[0].substring(0, e.getValue()[0].length() - 4);
            sb.append("{\"name\":\"").append(e.getKey()).append("\",\"singularName\":\"\",\"namespaced\":")
                    .append(!e.getKey().equals("nodes") && !e.getKey().equals("namespaces")).append(",\"kind\":\"").append(kind)
                    .append("\",\"verbs\":[\"get\",\"list\",\"watch\"]}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void watch(HttpExchange ex) throws IOException {
        String key = ex.getRequestHeaders().getFirst("Sec-WebSocket-Key");
        if (key != null && "websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Upgrade"))) {
            // a websocket watch, as fabric8 and Opsdeck open them: accept the upgrade; an idle watch sends no frame
            ex.getResponseHeaders().add("Upgrade", "websocket");
            ex.getResponseHeaders().add("Connection", "Upgrade");
            ex.getResponseHeaders().add("Sec-WebSocket-Accept", websocketAccept(key));
            ex.sendResponseHeaders(101, -1);
            try {
                stopping.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.flush();
        try {
            stopping.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String websocketAccept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length);
        long rate = bytesPerSecond;
        long start = System.nanoTime();
        try (OutputStream out = ex.getResponseBody()) {
            // in pieces, as a server streams: the JDK's server copies each write into a buffer twice its
            // size that it keeps per connection, which for one 170 MB write is a 340 MB allocation
            for (int off = 0; off < body.length; off += WRITE_CHUNK) {
                int n = Math.min(WRITE_CHUNK, body.length - off);
                out.write(body, off, n);
                if (rate > 0) {
                    // flushed, so the client sees each piece when a serializing server would have sent it
                    out.flush();
                    long due = start + (long) ((off + n) * 1e9 / rate);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
