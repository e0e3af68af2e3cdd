package io.opsdeck.services.live;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.opsdeck.services.fixtures.HostilePeer;
import io.opsdeck.services.prom.OkHttpPrometheusTransport;
import io.opsdeck.services.prom.PrometheusClient;
import io.opsdeck.services.prom.PrometheusConfig;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.prom.PrometheusException.Kind;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stand-in for Prometheus that streams an endless body as fast as loopback allows, reached directly
 * and through the API server's service proxy: each query comes back with a sentence once the cap is
 * read, long before its (generous) timeout, having read little more than the cap.
 */
class HostilePrometheusTest {
    static final OkHttpClient SHARED = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final long CAP = 8L << 20;

    /** Reads the request head, then answers 200 with a JSON-looking body that never ends. */
    static void endlessJson(InputStream in, OutputStream out) throws java.io.IOException {
        skipHead(in);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                + "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] series = "{\"metric\":{\"pod\":\"x\"},\"value\":[1,\"1\"]},".repeat(2000)
                .getBytes(StandardCharsets.US_ASCII);
        HostilePeer.endless(out, series);
    }

    static void skipHead(InputStream in) throws java.io.IOException {
        int state = 0; // counts the bytes of CRLFCRLF seen in a row
        for (int b = in.read(); b >= 0; b = in.read()) {
            state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
            if (state == 4) {
                return;
            }
        }
    }

    @Test
    void anEndlessBodyStopsAtTheCapWithASentence() throws Exception {
        try (HostilePeer peer = HostilePeer.start(HostilePrometheusTest::endlessJson)) {
            PrometheusClient prom = new PrometheusClient(new OkHttpPrometheusTransport(SHARED,
                    PrometheusConfig.of(peer.url()).withTimeout(GENEROUS), CAP));
            assertThatThrownBy(() -> prom.queryVector("up"))
                    .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                    .hasMessage("The answer from " + peer.url() + " was larger than 8 MiB, so Opsdeck stopped reading it;"
                            + " check that this address is really Prometheus");
            // the peer writes as fast as it is read: what it could send is what the client read, plus the
            // sockets' buffers, so the reader stopped at the cap and not at the end of a body that has none
            Thread.sleep(200);
            assertThat(peer.bytesSent()).as("bytes the endless peer got out before the client stopped reading")
                    .isGreaterThan(CAP).isLessThan(CAP + (16L << 20));
        }
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedWithoutReading() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            skipHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n{"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(GENEROUS.toMillis()); // and then nothing: only the declaration can end this in time
        })) {
            PrometheusClient prom = new PrometheusClient(new OkHttpPrometheusTransport(SHARED,
                    PrometheusConfig.of(peer.url()).withTimeout(GENEROUS), CAP));
            assertThatThrownBy(() -> prom.queryVector("up"))
                    .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                    .hasMessageContaining("(it declared 1907.3 MiB)");
        }
    }

    @Test
    void anEndlessBodyThroughTheServiceProxyStopsAtTheCapToo() throws Exception {
        try (HostilePeer apiServer = HostilePeer.start(HostilePrometheusTest::endlessJson)) {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url())
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(new OkHttpClientFactory()).build()) {
                PrometheusLocator.Candidate tenant = new PrometheusLocator.Candidate("shop", "prometheus", 9090,
                        "prometheus", 3);
                PrometheusClient prom = new PrometheusClient(new ServiceProxyTransport(client, tenant, GENEROUS, CAP));
                assertThatThrownBy(() -> prom.queryVector("up"))
                        .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                        .hasMessageContaining("/api/v1/namespaces/shop/services/prometheus:9090/proxy was larger than 8 MiB");
            }
        }
    }

    @Test
    void aSilentProxiedPrometheusEndsAtTheCallTimeout() throws Exception {
        try (HostilePeer apiServer = HostilePeer.start((in, out) -> {
            skipHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(GENEROUS.toMillis());
        })) {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url())
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(new OkHttpClientFactory()).build()) {
                PrometheusLocator.Candidate c = new PrometheusLocator.Candidate("monitoring", "prometheus-k8s", 9090,
                        "kube-prometheus", 0);
                PrometheusClient prom = new PrometheusClient(new ServiceProxyTransport(client, c, Duration.ofSeconds(1)));
                assertThatThrownBy(() -> prom.queryVector("up"))
                        .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                        .hasMessageContaining("did not answer within 1 s");
            }
        }
    }
}
