package io.opsdeck.services.prom;

import io.opsdeck.services.fixtures.ProcessFixture;
import io.opsdeck.services.prom.PrometheusException.Kind;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Answers a real Prometheus cannot be made to give: refused credentials, proxies, pages, timeouts. */
class PrometheusClientErrorsTest {
    static final String TOKEN = "s3cr3t-token-value";
    static final OkHttpClient SHARED = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();

    MockWebServer server;
    String url;
    PrometheusClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        url = "http://127.0.0.1:" + server.getPort();
        client = client(PrometheusConfig.of(url).withBearerToken(TOKEN));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void unauthorizedSaysWhichServerAndWhatToCheckButNotTheToken() {
        server.enqueue(new MockResponse().setResponseCode(401).setBody("Unauthorized " + TOKEN));

        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.queryOnly()).isFalse();
                })
                .hasMessage("Prometheus at " + url + " refused the credentials (401); check the token or password"
                        + " in settings")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void forbiddenIsACredentialsProblemToo() {
        server.enqueue(new MockResponse().setResponseCode(403));

        assertThatThrownBy(() -> client.alerts()).hasMessageContaining("refused the credentials (403)");
    }

    @Test
    void serviceUnavailableWithAnHtmlPageGivesTheStatusNotTheHtml() {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Content-Type", "text/html")
                .setBody("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"));

        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR))
                .hasMessage("Prometheus at " + url + " answered 503 Service Unavailable");
    }

    @Test
    void aProxysOneLineOfPlainTextIsKept() {
        server.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/plain")
                .setBody("upstream connect error or disconnect/reset before headers"));

        assertThatThrownBy(() -> client.query("up")).hasMessage("Prometheus at " + url
                + " answered 502 Bad Gateway: upstream connect error or disconnect/reset before headers");
    }

    @Test
    void errorBodiesBecomeSentencesByErrorType() {
        server.enqueue(json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"1:5: parse error: unexpected <EOF>\"}"));
        server.enqueue(json(422, "{\"status\":\"error\",\"errorType\":\"execution\","
                + "\"error\":\"query processing would load too many samples into memory\"}"));
        server.enqueue(json(503, "{\"status\":\"error\",\"errorType\":\"timeout\","
                + "\"error\":\"query timed out in expression evaluation\"}"));

        assertThatThrownBy(() -> client.query("sum(up"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
                    assertThat(e.errorType()).isEqualTo("bad_data");
                })
                .hasMessage("Prometheus at " + url + " rejected the query: 1:5: parse error: unexpected <EOF>"
                        + " (bad_data)");
        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.queryOnly()).isTrue())
                .hasMessage("Prometheus at " + url + " could not evaluate the query: query processing would load"
                        + " too many samples into memory (execution)");
        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.queryOnly()).isTrue())
                .hasMessage("Prometheus at " + url + " gave up on the query: query timed out in expression"
                        + " evaluation (timeout)");
    }

    @Test
    void aLoginPageInsteadOfTheApiPointsAtTheUrl() {
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!doctype html><title>Sign in</title>"));

        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
                .hasMessageStartingWith("Prometheus at " + url + " answered /api/v1/query with text/html")
                .hasMessageEndingWith("not the Prometheus API; check the URL and its path prefix");
    }

    @Test
    void redirectsAreNotFollowedSoHeadersCannotLeakToAnotherHost() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "http://127.0.0.2:1/login"));

        assertThatThrownBy(() -> client.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
                .hasMessageStartingWith("Prometheus at " + url + " answered 302 Found, a redirect");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void notFoundNamesThePathButBuildInfoMayBeMissing() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("404 page not found"));
        server.enqueue(new MockResponse().setResponseCode(404).setBody("404 page not found"));

        assertThatThrownBy(() -> client.targets()).hasMessage("Prometheus at " + url
                + " has no /api/v1/targets (404 Not Found); check the URL and its path prefix");
        assertThat(client.buildInfo()).isEmpty();
    }

    @Test
    void refusedConnectionNamesTheUrl() throws Exception {
        int closed = ProcessFixture.freePort();
        String dead = "http://127.0.0.1:" + closed;

        assertThatThrownBy(() -> client(PrometheusConfig.of(dead)).query("up"))
                .isInstanceOfSatisfying(PrometheusException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
                .hasMessage("Prometheus at " + dead + " refused the connection; is it running, and are the host"
                        + " and port right?");
    }

    @Test
    void unknownHostNamesTheHost() throws Exception {
        // No DNS traffic leaves the machine: the resolver is this lambda.
        OkHttpClient noDns = SHARED.newBuilder().dns(host -> {
            throw new UnknownHostException(host);
        }).build();
        PrometheusClient c = new PrometheusClient(new OkHttpPrometheusTransport(noDns,
                PrometheusConfig.of("http://prometheus.monitoring.invalid:9090")));

        assertThatThrownBy(() -> c.query("up")).hasMessage("Could not find the host prometheus.monitoring.invalid"
                + " of Prometheus at http://prometheus.monitoring.invalid:9090; check the URL, DNS or VPN");
    }

    @Test
    void noAnswerWithinTheTimeoutSaysHowLongItWaited() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        PrometheusClient impatient = client(PrometheusConfig.of(url).withTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> impatient.query("up"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.queryOnly()).isFalse();
                })
                .hasMessage("Prometheus at " + url + " did not answer within 300 ms; it may be overloaded, or the"
                        + " query too heavy");
    }

    @Test
    void aScalarIsNotAVectorButBecomesOne() throws Exception {
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1700000000.5,\"3\"]}}"));

        assertThatThrownBy(() -> client.queryVector("up[5m]"))
                .isInstanceOfSatisfying(PrometheusException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY))
                .hasMessageContaining("gives a range vector, not an instant vector");
        assertThat(client.queryVector("scalar(up)").samples()).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(3.0));
    }

    private PrometheusClient client(PrometheusConfig config) throws PrometheusException {
        return new PrometheusClient(new OkHttpPrometheusTransport(SHARED, config));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }
}
