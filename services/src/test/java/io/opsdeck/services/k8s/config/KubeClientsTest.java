package io.opsdeck.services.k8s.config;

import io.opsdeck.services.fixtures.Cleanup;
import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeClientsTest {
    private static final String TOKEN = "tkn-4a8d0c1e-static-bearer";
    private static final String VERSION_JSON = """
            {"major":"1","minor":"31","gitVersion":"v1.31.2","platform":"linux/amd64"}""";
    private static final String UNAUTHORIZED = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized",\
            "reason":"Unauthorized","code":401}""";

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private String url;

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        url = "http://127.0.0.1:" + server.getPort();
        // the mock answers /version on its own; the tests say what it answers
        server.clearExpectations();
    }

    @AfterEach
    void stopServer() throws Exception {
        Cleanup.close(server == null ? null : server::destroy);
    }

    private KubeconfigSet kubeconfig(String yaml) throws Exception {
        Path file = Kubeconfigs.write(dir, "config", yaml);
        return KubeconfigSet.load(Optional.of(file), Map.of(), dir);
    }

    private RecordedRequest lastRequest() throws InterruptedException {
        RecordedRequest last = null;
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            last = r;
        }
        return last;
    }

    @Test
    void opensAContextAndReadsTheServerVersionWithTheTokenAndUserAgent() throws Exception {
        server.expect().get().withPath("/version").andReturn(200, VERSION_JSON).always();
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", url, TOKEN));

        try (KubeConnection conn = KubeClients.open(set, "alpha", KubeClientOptions.defaults("1.2.3"))) {
            assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
            assertThat(conn.context()).isEqualTo(new KubeContext("alpha", "alpha-cluster", "alpha-user", "shop", url));
            assertThat(conn.serverUrl()).isEqualTo(url + "/");
            assertThat(conn.client().getNamespace()).isEqualTo("shop");
            assertThat(conn.toString()).doesNotContain(TOKEN);
        }
        RecordedRequest request = lastRequest();
        assertThat(request.getPath()).isEqualTo("/version");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeader("User-Agent")).isEqualTo("opsdeck/1.2.3");
    }

    @Test
    void usesSaneTimeoutsAndKeepsTlsVerificationOn() throws Exception {
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", url, TOKEN));

        try (KubeConnection conn = KubeClients.open(set, "alpha")) {
            Config config = KubeClients.configOf(conn);
            assertThat(config.getConnectionTimeout()).isEqualTo(10_000);
            assertThat(config.getRequestTimeout()).isEqualTo(30_000);
            assertThat(config.getWatchReconnectLimit()).isEqualTo(-1);
            assertThat(config.getWatchReconnectInterval()).isEqualTo(1_000);
            assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(3);
            // every answer bounded (KubeReadLimits), and watches over HTTP where those bounds apply
            assertThat(config.isOnlyHttpWatches()).isTrue();
            // the informers' client is derived with another request config (KubernetesClusterSource): it keeps both
            var informers = conn.client().newClient(new io.fabric8.kubernetes.client.RequestConfigBuilder(
                    config.getRequestConfig()).withRequestTimeout(300_000).build());
            assertThat(informers.getConfiguration().isOnlyHttpWatches()).isTrue();
            assertThat(((io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl) informers.getHttpClient())
                    .getOkHttpClient().interceptors()).hasAtLeastOneElementOfType(KubeReadLimits.class);
            assertThat(((io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl) conn.client().getHttpClient())
                    .getOkHttpClient().interceptors()).hasAtLeastOneElementOfType(KubeReadLimits.class);
            assertThat(config.isTrustCerts()).isFalse();
            assertThat(config.isDisableHostnameVerification()).isFalse();
            assertThat(config.getUserAgent()).startsWith("opsdeck/");
        }
    }

    @Test
    void unauthorizedBecomesASentenceAboutTheCredentials() throws Exception {
        server.expect().get().withPath("/version").andReturn(401, UNAUTHORIZED).always();
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", url, TOKEN));

        try (KubeConnection conn = KubeClients.open(set, "alpha")) {
            assertThatThrownBy(() -> ClusterProbe.version(conn))
                    .isInstanceOf(ClusterAccessException.class)
                    .hasMessage("The API server at " + url + " refused the credentials for user 'alpha-user'"
                            + " (401 Unauthorized); the token may have expired — log in again"
                            + " (e.g. re-run your cloud's login) and retry")
                    .satisfies(e -> assertThat(((ClusterAccessException) e).reason())
                            .isEqualTo(ClusterAccessException.Reason.UNAUTHORIZED));
        }
    }

    @Test
    void forbiddenNamesVerbAndResource() throws Exception {
        server.expect().get().withPath("/api/v1/namespaces/shop/pods").andReturn(403, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,\
                "details":{"kind":"pods"},"message":"pods is forbidden: User \\"jane\\" cannot list resource \
                \\"pods\\" in API group \\"\\" in the namespace \\"shop\\""}""").always();
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", url, TOKEN));

        try (KubeConnection conn = KubeClients.open(set, "alpha")) {
            Throwable thrown = catchThrowable(() -> conn.client().pods().inNamespace("shop").list());
            String sentence = ClusterErrors.describe(thrown, conn.context());
            assertThat(sentence).isEqualTo("The API server at " + url + " does not allow 'jane' (kubeconfig user"
                    + " 'alpha-user') to list pods in namespace shop (403 Forbidden); ask a cluster admin for that"
                    + " RBAC permission, or use a context with more rights");
        }
    }

    @Test
    void anonymousForbiddenSaysTheCredentialsWereNotAccepted() throws Exception {
        server.expect().get().withPath("/version").andReturn(403, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,\
                "message":"forbidden: User \\"system:anonymous\\" cannot get path \\"/version\\""}""").always();
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", url, TOKEN));

        try (KubeConnection conn = KubeClients.open(set, "alpha")) {
            assertThatThrownBy(() -> ClusterProbe.version(conn))
                    .isInstanceOf(ClusterAccessException.class)
                    .hasMessageContaining("to get /version (403 Forbidden)")
                    .hasMessageContaining("anonymous");
        }
    }

    @Test
    void connectionRefusedNamesTheServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String closed = "http://127.0.0.1:" + port;
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", closed, TOKEN));

        try (KubeConnection conn = KubeClients.open(set, "alpha")) {
            assertThatThrownBy(() -> ClusterProbe.version(conn))
                    .isInstanceOf(ClusterAccessException.class)
                    .hasMessageStartingWith("The API server at " + closed + " refused the connection; check that the"
                            + " cluster is running")
                    .satisfies(e -> assertThat(((ClusterAccessException) e).reason())
                            .isEqualTo(ClusterAccessException.Reason.UNREACHABLE));
        }
    }

    @Test
    void aUserDefinedInAnotherFileIsUsed() throws Exception {
        server.expect().get().withPath("/version").andReturn(200, VERSION_JSON).always();
        Path users = Kubeconfigs.write(dir, "users.yaml", """
                apiVersion: v1
                users:
                - name: shared-user
                  user: {token: %s}
                """.formatted(TOKEN));
        Path contexts = Kubeconfigs.write(dir, "contexts.yaml", """
                apiVersion: v1
                clusters:
                - name: c
                  cluster: {server: "%s"}
                users:
                - name: shared-user
                  user: {token: the-second-file-loses}
                contexts:
                - name: split
                  context: {cluster: c, user: shared-user}
                """.formatted(url));
        KubeconfigSet set = KubeconfigSet.load(Optional.empty(),
                Map.of("KUBECONFIG", users + java.io.File.pathSeparator + contexts), dir);

        try (KubeConnection conn = KubeClients.open(set, "split")) {
            assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
        }
        assertThat(lastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void aContextNamingAMissingClusterCannotBeOpened() throws Exception {
        KubeconfigSet set = kubeconfig("""
                apiVersion: v1
                users:
                - name: u
                  user: {token: %s}
                contexts:
                - name: broken
                  context: {cluster: ghost, user: u}
                """.formatted(TOKEN));

        assertThatThrownBy(() -> KubeClients.open(set, "broken"))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("The context 'broken'")
                .hasMessageContaining("names the cluster 'ghost', but no cluster of that name is defined")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void aContextNamingAMissingUserCannotBeOpened() throws Exception {
        KubeconfigSet set = kubeconfig("""
                apiVersion: v1
                clusters:
                - name: c
                  cluster: {server: "%s"}
                contexts:
                - name: broken
                  context: {cluster: c, user: nobody}
                """.formatted(url));

        assertThatThrownBy(() -> KubeClients.open(set, "broken"))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("names the user 'nobody', but no user of that name is defined");
    }

    @Test
    void anUnknownContextIsNotReplacedByTheCurrentOne() throws Exception {
        KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("alpha", url, TOKEN));

        assertThatThrownBy(() -> KubeClients.open(set, "omega"))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("The context 'omega' is not defined in");
    }

    @Test
    void aMissingCertificateAuthorityFileIsNamed() throws Exception {
        KubeconfigSet set = kubeconfig("""
                apiVersion: v1
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:6443", certificate-authority: certs/ca.crt}
                users:
                - name: u
                  user: {token: %s}
                contexts:
                - name: tls
                  context: {cluster: c, user: u}
                """.formatted(TOKEN));

        assertThatThrownBy(() -> KubeClients.open(set, "tls"))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("certificate-authority file " + dir.resolve("certs/ca.crt"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void tokenFileIsRead() throws Exception {
        server.expect().get().withPath("/version").andReturn(200, VERSION_JSON).always();
        Kubeconfigs.write(dir, "token.txt", TOKEN + "\n");
        KubeconfigSet set = kubeconfig("""
                apiVersion: v1
                clusters:
                - name: c
                  cluster: {server: "%s"}
                users:
                - name: u
                  user: {tokenFile: token.txt}
                contexts:
                - name: tf
                  context: {cluster: c, user: u}
                """.formatted(url));

        try (KubeConnection conn = KubeClients.open(set, "tf")) {
            ClusterProbe.version(conn);
        }
        assertThat(lastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void anOidcAuthProvidersIdTokenIsSent() throws Exception {
        server.expect().get().withPath("/version").andReturn(200, VERSION_JSON).always();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String idToken = b64.encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + b64.encodeToString("{\"sub\":\"jane\",\"exp\":32503680000}".getBytes()) + ".sig";
        KubeconfigSet set = kubeconfig("""
                apiVersion: v1
                clusters:
                - name: c
                  cluster: {server: "%s"}
                users:
                - name: oidc-user
                  user:
                    auth-provider:
                      name: oidc
                      config:
                        client-id: opsdeck
                        id-token: %s
                        idp-issuer-url: http://127.0.0.1:9/issuer
                        refresh-token: refresh-me
                contexts:
                - name: oidc
                  context: {cluster: c, user: oidc-user}
                """.formatted(url, idToken));

        try (KubeConnection conn = KubeClients.open(set, "oidc")) {
            assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
            assertThat(KubeClients.configOf(conn).getAuthProvider().getName()).isEqualTo("oidc");
        }
        assertThat(lastRequest().getHeader("Authorization")).isEqualTo("Bearer " + idToken);
    }

    @Test
    void proxyFromTheEnvironmentIsUsedWhenTheClusterSetsNone() throws Exception {
        Path file = Kubeconfigs.write(dir, "config", Kubeconfigs.tokenConfig("alpha", "https://127.0.0.1:6443", TOKEN));
        KubeconfigSet set = KubeconfigSet.load(Optional.of(file),
                Map.of("HTTPS_PROXY", "http://127.0.0.1:3128", "NO_PROXY", "localhost, .internal"), dir);

        try (KubeConnection conn = KubeClients.open(set, "alpha")) {
            Config config = KubeClients.configOf(conn);
            assertThat(config.getHttpsProxy()).isEqualTo("http://127.0.0.1:3128");
            assertThat(config.getNoProxy()).containsExactly("localhost", ".internal");
        }
    }

    @Test
    void theClustersProxyUrlWinsOverTheEnvironment() throws Exception {
        KubeconfigSet set;
        Path file = Kubeconfigs.write(dir, "config", """
                apiVersion: v1
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:6443", proxy-url: "http://127.0.0.1:8888"}
                contexts:
                - name: p
                  context: {cluster: c}
                """);
        set = KubeconfigSet.load(Optional.of(file), Map.of("HTTPS_PROXY", "http://127.0.0.1:3128"), dir);

        try (KubeConnection conn = KubeClients.open(set, "p")) {
            assertThat(KubeClients.configOf(conn).getHttpsProxy()).isEqualTo("http://127.0.0.1:8888");
        }
    }

    @Test
    void anHttpsServerIsReachedThroughTheClustersHttpProxyUrl() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                    return new MockResponse().setResponseCode(403);
                }
            });
            proxy.start(InetAddress.getLoopbackAddress(), 0);
            KubeconfigSet set = kubeconfig("""
                    apiVersion: v1
                    clusters:
                    - name: c
                      cluster: {server: "https://127.0.0.1:9", proxy-url: "http://127.0.0.1:%d"}
                    users:
                    - name: u
                      user: {token: %s}
                    contexts:
                    - name: behind-proxy
                      context: {cluster: c, user: u}
                    """.formatted(proxy.getPort(), TOKEN));

            try (KubeConnection conn = KubeClients.open(set, "behind-proxy")) {
                assertThatThrownBy(() -> ClusterProbe.version(conn))
                        .isInstanceOf(ClusterAccessException.class)
                        .hasMessageContaining("The proxy between Opsdeck and the API server at https://127.0.0.1:9"
                                + " refused to open a tunnel");
            }
            okhttp3.mockwebserver.RecordedRequest tunnel = proxy.takeRequest(5, TimeUnit.SECONDS);
            assertThat(tunnel).isNotNull();
            assertThat(tunnel.getRequestLine()).startsWith("CONNECT 127.0.0.1:9");
        }
    }

    @Test
    void untrustedServerCertificateIsATlsSentence() throws Exception {
        KubernetesMockServer tls = new KubernetesMockServer(true);
        tls.init(InetAddress.getLoopbackAddress(), 0);
        try {
            String tlsUrl = "https://127.0.0.1:" + tls.getPort();
            KubeconfigSet set = kubeconfig(Kubeconfigs.tokenConfig("secure", tlsUrl, TOKEN));
            try (KubeConnection conn = KubeClients.open(set, "secure")) {
                assertThatThrownBy(() -> ClusterProbe.version(conn))
                        .isInstanceOf(ClusterAccessException.class)
                        .hasMessageStartingWith("The API server at " + tlsUrl + " presented a certificate that is"
                                + " not trusted")
                        .hasMessageContaining("certificate-authority")
                        .satisfies(e -> assertThat(((ClusterAccessException) e).reason())
                                .isEqualTo(ClusterAccessException.Reason.TLS));
            }
        } finally {
            tls.destroy();
        }
    }

    @Test
    void insecureSkipTlsVerifyIsHonouredAndWarnedAboutOnce() throws Exception {
        KubernetesMockServer tls = new KubernetesMockServer(true);
        tls.init(InetAddress.getLoopbackAddress(), 0);
        tls.clearExpectations();
        tls.expect().get().withPath("/version").andReturn(200, VERSION_JSON).always();
        try (LogCapture logs = new LogCapture()) {
            String tlsUrl = "https://127.0.0.1:" + tls.getPort();
            KubeconfigSet set = kubeconfig("""
                    apiVersion: v1
                    clusters:
                    - name: lab
                      cluster: {server: "%s", insecure-skip-tls-verify: true}
                    users:
                    - name: u
                      user: {token: %s}
                    contexts:
                    - name: insecure-lab
                      context: {cluster: lab, user: u}
                    """.formatted(tlsUrl, TOKEN));
            for (int i = 0; i < 2; i++) {
                try (KubeConnection conn = KubeClients.open(set, "insecure-lab")) {
                    assertThat(KubeClients.configOf(conn).isTrustCerts()).isTrue();
                    assertThat(ClusterProbe.version(conn)).isNotBlank();
                }
            }
            assertThat(logs.events())
                    .filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("insecure-skip-tls-verify"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("'insecure-lab'").contains(tlsUrl));
            assertThat(logs.allText()).doesNotContain(TOKEN);
        } finally {
            tls.destroy();
        }
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure");
    }
}
