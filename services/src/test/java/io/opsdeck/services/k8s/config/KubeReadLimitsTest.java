package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.opsdeck.services.fixtures.HostilePeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link KubeReadLimits} on a fabric8 client against a loopback stand-in for a hostile API server:
 * endless LIST bodies, a declared length over the cap, a watch line that never ends, an answer that
 * stalls, a watch that outlives what it was asked for. Small caps, so the tests move little data;
 * the mechanism is the one the defaults use.
 */
@Timeout(60)
class KubeReadLimitsTest {
    private static final KubeReadLimits.Limits SMALL = new KubeReadLimits.Limits(1 << 20, 64 << 10,
            Duration.ofSeconds(30), Duration.ofSeconds(60));

    @Test
    void anEndlessListIsCutAtTheAnswerCapWithASentence() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            endlessChunks(out, "{\"metadata\":{\"name\":\"n\"}},");
        }); KubernetesClient client = client(peer, SMALL)) {
            Throwable t = catchThrowable(() -> client.nodes().list());
            ReadLimitException limit = ReadLimitException.in(t);
            assertThat(limit).as("cause of %s", t).isNotNull();
            assertThat(limit.cap()).isEqualTo(ReadLimitException.Cap.ANSWER);
            assertThat(limit.getMessage()).isEqualTo("the API server sent an answer to GET /api/v1/nodes larger than 1 MiB;"
                    + " Opsdeck stopped reading it (one answer is capped there)");
        }
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeReading() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HostilePeer.endless(out, new byte[8192]);
        }); KubernetesClient client = client(peer, SMALL)) {
            Throwable t = catchThrowable(() -> client.nodes().list());
            assertThat(ReadLimitException.in(t)).as("cause of %s", t).isNotNull();
            assertThat(ReadLimitException.in(t).getMessage()).contains("larger than 1 MiB (it declared 1907.3 MiB)");
        }
    }

    @Test
    void aFabric8InformerWhoseListIsEndlessHearsTheSentence() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            endlessChunks(out, "{\"metadata\":{\"name\":\"n\"}},");
        }); KubernetesClient client = client(peer, SMALL)) {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
            informer.exceptionHandler((started, t) -> {
                seen.complete(t);
                return false;
            });
            try {
                informer.start();
                Throwable t = seen.get(30, TimeUnit.SECONDS);
                assertThat(ReadLimitException.in(t)).as("cause of %s", t).isNotNull();
            } finally {
                informer.stop();
            }
        }
    }

    @Test
    void aWatchLineThatNeverEndsClosesTheWatchWithTheSentence() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            byte[] x = new byte[4096];
            Arrays.fill(x, (byte) 'x');
            endlessChunks(out, new String(x, StandardCharsets.US_ASCII));
        }); KubernetesClient client = client(peer, SMALL)) {
            CompletableFuture<WatcherException> closed = new CompletableFuture<>();
            try (var ignored = watchNodes(client, new java.util.concurrent.atomic.AtomicInteger(), closed)) {
                WatcherException e = closed.get(30, TimeUnit.SECONDS);
                ReadLimitException limit = ReadLimitException.in(e);
                assertThat(limit).as("cause of %s", e).isNotNull();
                assertThat(limit.cap()).isEqualTo(ReadLimitException.Cap.OBJECT);
                assertThat(limit.getMessage()).isEqualTo("the API server sent a watch event on /api/v1/nodes larger than"
                        + " 64 KiB; Opsdeck stopped reading it (one event is capped there)");
            }
        }
    }

    @Test
    void watchEventsUnderTheCapPassWhateverTheStreamsLength() throws Exception {
        String event = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n\","
                + "\"resourceVersion\":\"1\",\"annotations\":{\"a\":\"" + "y".repeat(40_000) + "\"}}}}\n";
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            // 100 events of ~40 KB: 4 MB in all, each under the 64 KiB event cap
            for (int i = 0; i < 100; i++) {
                chunk(out, event);
            }
            out.flush();
            Thread.sleep(60_000);
        }); KubernetesClient client = client(peer, SMALL)) {
            java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<WatcherException> closed = new CompletableFuture<>();
            java.util.List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            try (var ignored = watchNodes(client, received, closed)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.get() < 100 && System.nanoTime() < deadline && !closed.isDone()) {
                    Thread.sleep(20);
                }
                assertThat(closed).isNotDone();
                assertThat(received.get()).isEqualTo(100);
            } finally {
                // closing a quiet watch while its body is blocked in a read must not read it from a second thread
                Thread.sleep(500);
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
            assertThat(uncaught).isEmpty();
        }
    }

    @Test
    void anAnswerThatStallsFailsAfterTheReadTimeout() throws Exception {
        KubeReadLimits.Limits impatient = new KubeReadLimits.Limits(1 << 20, 64 << 10, Duration.ofMillis(300),
                Duration.ofSeconds(60));
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            chunk(out, "{\"kind\":\"NodeList\",\"items\":[");
            out.flush();
            Thread.sleep(60_000);
        }); KubernetesClient client = client(peer, impatient)) {
            Throwable t = catchThrowable(() -> client.nodes().list());
            assertThat(causes(t)).as("cause of %s", t).anyMatch(c -> c instanceof SocketTimeoutException);
        }
    }

    @Test
    void aQuietWatchOutlastsTheReadTimeoutOfAnswers() throws Exception {
        // answers may stop for 300 ms; the watch stays silent for five times that before its one event
        KubeReadLimits.Limits impatient = new KubeReadLimits.Limits(1 << 20, 64 << 10, Duration.ofMillis(300),
                Duration.ofSeconds(60));
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            out.flush();
            Thread.sleep(1_500);
            chunk(out, "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":"
                    + "{\"name\":\"n\",\"resourceVersion\":\"1\"}}}\n");
            out.flush();
            Thread.sleep(60_000);
        }); KubernetesClient client = client(peer, impatient)) {
            java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<WatcherException> closed = new CompletableFuture<>();
            try (var ignored = watchNodes(client, received, closed)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.get() < 1 && System.nanoTime() < deadline && !closed.isDone()) {
                    Thread.sleep(20);
                }
                assertThat(closed).as("the watch was not closed by its silence").isNotDone();
                assertThat(received.get()).isEqualTo(1);
                assertThat(peer.connections()).as("nor dropped and opened again").isEqualTo(1);
            }
        }
    }

    @Test
    void aQuietWatchCountsAsWatchingOnceTheServerHasAcceptedIt() throws Exception {
        // as an API server does: the LIST, then a watch answered 200 that sends nothing while nothing changes
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            String head = readRequest(in);
            if (head.contains("watch=true")) {
                chunkedHeader(out);
                out.flush();
                Thread.sleep(60_000);
                return;
            }
            String list = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},"
                    + "\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n\",\"resourceVersion\":\"7\"}}]}";
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + list.length()
                    + "\r\nConnection: close\r\n\r\n" + list).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }); KubernetesClient client = client(peer, SMALL)) {
            SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
            try {
                informer.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!informer.isWatching() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(informer.isWatching()).as("watching, with no event yet").isTrue();
                assertThat(informer.getStore().list()).extracting(n -> n.getMetadata().getName()).containsExactly("n");
                assertThat(peer.connections()).as("the list and one watch").isEqualTo(2);
            } finally {
                informer.stop();
            }
        }
    }

    @Test
    void aWatchThatOutlivesItsTimeoutIsEnded() throws Exception {
        KubeReadLimits.Limits noGrace = new KubeReadLimits.Limits(1 << 20, 64 << 10, Duration.ofSeconds(30),
                Duration.ZERO);
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            readRequest(in);
            chunkedHeader(out);
            while (true) {
                // a keep-alive newline every 100 ms, never the end the watch asked for
                chunk(out, "\n");
                out.flush();
                Thread.sleep(100);
            }
        }); KubernetesClient client = client(peer, noGrace)) {
            var request = client.getHttpClient().newHttpRequestBuilder()
                    .uri(peer.url() + "/api/v1/nodes?watch=true&timeoutSeconds=1").forStreaming().build();
            var response = client.getHttpClient().consumeBytes(request, (chunks, body) -> body.consume())
                    .get(30, TimeUnit.SECONDS);
            response.body().consume();
            Throwable t = catchThrowable(() -> response.body().done().get(30, TimeUnit.SECONDS));
            assertThat(causes(t)).as("cause of %s", t).anyMatch(c -> c instanceof InterruptedIOException
                    && c.getMessage().contains("did not end the watch on /api/v1/nodes after the 1 s it was asked for"));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Watches nodes, counting events into {@code received}; {@code closed} completes when fabric8 gives up. */
    private static io.fabric8.kubernetes.client.Watch watchNodes(KubernetesClient client,
                                                                 java.util.concurrent.atomic.AtomicInteger received,
                                                                 CompletableFuture<WatcherException> closed) {
        return client.nodes().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Node resource) {
                received.incrementAndGet();
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        });
    }

    private static KubernetesClient client(HostilePeer peer, KubeReadLimits.Limits limits) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(peer.url()).withRequestRetryBackoffLimit(0)
                .withRequestTimeout(30_000).withOnlyHttpWatches(true).build();
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(KubeReadLimits.clientFactory(limits)).build();
    }

    private static java.util.List<Throwable> causes(Throwable t) {
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /** Reads a request's head, up to the blank line. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            state = b == '\n' ? state + 1 : b == '\r' ? state : 0;
            if (state == 2) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void chunkedHeader(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The same chunk until the client hangs up. */
    private static void endlessChunks(OutputStream out, String data) throws IOException {
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        chunk(one, data.repeat(Math.max(1, 8192 / data.length())));
        HostilePeer.endless(out, one.toByteArray());
    }
}
