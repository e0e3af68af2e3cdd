package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.k8s.config.ClusterAccessException.Reason;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExecPluginTest {
    private static final String TOKEN = "exec-tok-93b1f0a2c4";
    private static final String VERSION_JSON = """
            {"major":"1","minor":"31","gitVersion":"v1.31.2","platform":"linux/amd64"}""";

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private String url;
    private LogCapture logs;

    @BeforeEach
    void start() {
        logs = new LogCapture();
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        url = "http://127.0.0.1:" + server.getPort();
        server.clearExpectations();
        server.expect().get().withPath("/version").andReturn(200, VERSION_JSON).always();
    }

    @AfterEach
    void stop() throws Exception {
        Cleanup.close(server == null ? null : server::destroy, logs);
        assertThat(logs.allText()).as("nothing logged shows a token").doesNotContain(TOKEN).doesNotContain("exec-tok-");
    }

    private KubeconfigSet kubeconfig(String yaml) throws Exception {
        Path file = Kubeconfigs.write(dir, "config", yaml);
        return KubeconfigSet.load(Optional.of(file), Map.of(), dir);
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            all.add(r);
        }
        return all;
    }

    /** A plugin that counts its runs in a file and prints token exec-tok-N. */
    private Path countingPlugin(String expiration) throws Exception {
        Path count = dir.resolve("runs");
        return Kubeconfigs.script(dir, "counting-plugin.sh", """
                n=$(cat '%1$s' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '%1$s'
                printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",'
                printf '"status":{"token":"exec-tok-%%s"%2$s}}' "$n"
                """.formatted(count, expiration == null ? "" : ",\"expirationTimestamp\":\"" + expiration + "\""));
    }

    private int runs() throws Exception {
        return Integer.parseInt(Files.readString(dir.resolve("runs")).strip());
    }

    @Test
    void fabric8AloneIgnoresAMissingPluginAndSendsNoCredentials() throws Exception {
        // Why Opsdeck runs plugins itself: fabric8 7.5.2 neither throws at Config build time nor
        // at the first request; it logs the shell's complaint and carries on without a token.
        Path file = Kubeconfigs.write(dir, "config",
                Kubeconfigs.execConfig("gke", url, dir.resolve("gke-gcloud-auth-plugin").toString()));

        Config config = Config.fromKubeconfig("gke", file.toFile());

        assertThat(config.getAutoOAuthToken()).isNull();
        assertThat(config.getOauthToken()).isNull();
        assertThat(logs.allText()).contains("WARN io.fabric8.kubernetes.client.internal.KubeConfigUtils")
                .contains("not found");
    }

    @Test
    void aPluginThatIsNotOnThePathIsNamed() throws Exception {
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("gke", url, "opsdeck-test-no-such-auth-plugin",
                "--use_application_default_credentials"));

        ClusterAccessException e = catchThrowableOfType(ClusterAccessException.class,
                () -> KubeClients.open(set, "gke"));

        assertThat(e.reason()).isEqualTo(Reason.EXEC_PLUGIN_MISSING);
        assertThat(e).hasMessage("The kubeconfig's user 'gke-user' runs 'opsdeck-test-no-such-auth-plugin' to get"
                + " a token, but it is not installed or not on the PATH; install it or fix the exec command");
    }

    @Test
    void aPluginPathThatDoesNotExistIsNamedWithTheInstallHint() throws Exception {
        Path missing = dir.resolve("bin/gke-gcloud-auth-plugin");
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("gke", url, missing.toString())
                .replace("      interactiveMode: Never\n", "      interactiveMode: Never\n"
                        + "      installHint: Install gke-gcloud-auth-plugin with gcloud components install\n"));

        assertThatThrownBy(() -> KubeClients.open(set, "gke"))
                .isInstanceOf(ClusterAccessException.class)
                .hasMessage("The kubeconfig's user 'gke-user' runs '" + missing + "' to get a token, but " + missing
                        + " does not exist; install it or fix the exec command (the kubeconfig's install hint:"
                        + " Install gke-gcloud-auth-plugin with gcloud components install)");
    }

    @Test
    void aFailingPluginIsNamedWithItsExitCodeAndFirstStderrLine() throws Exception {
        Path plugin = Kubeconfigs.script(dir, "aws-token.sh", """
                echo "ERROR: the SSO session has expired; run aws sso login" >&2
                echo "second line is not shown" >&2
                exit 1""");
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("eks", url, plugin.toString()));

        ClusterAccessException e = catchThrowableOfType(ClusterAccessException.class,
                () -> KubeClients.open(set, "eks"));

        assertThat(e.reason()).isEqualTo(Reason.EXEC_PLUGIN_FAILED);
        assertThat(e).hasMessage("The kubeconfig's user 'eks-user' runs '" + plugin + "' to get a token, but it"
                + " failed with exit code 1: ERROR: the SSO session has expired; run aws sso login; fix what it"
                + " reports (often: log in again) and retry");
    }

    @Test
    void thePluginsTokenIsSentAsBearerToken() throws Exception {
        Path plugin = Kubeconfigs.tokenPlugin(dir, "token-plugin.sh", TOKEN);
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString()));

        try (KubeConnection conn = KubeClients.open(set, "exec")) {
            assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
            assertThat(conn.toString()).doesNotContain(TOKEN);
            assertThat(KubeClients.configOf(conn).toString()).doesNotContain(TOKEN);
        }
        assertThat(requests()).singleElement()
                .satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void relativeCommandArgsEnvAndExecInfoArePassedAsKubectlDoes() throws Exception {
        Path out = dir.resolve("seen");
        Kubeconfigs.script(Files.createDirectories(dir.resolve("bin")), "plugin.sh", """
                printf '%%s|%%s|%%s' "$1" "$REGION" "$KUBERNETES_EXEC_INFO" > '%s'
                printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}'
                """.formatted(out, TOKEN));
        String yaml = Kubeconfigs.execConfig("rel", url, "./bin/plugin.sh", "--cluster=alpha")
                .replace("      interactiveMode: Never\n", "      interactiveMode: Never\n"
                        + "      env:\n      - name: REGION\n        value: eu-west-1\n");

        try (KubeConnection conn = KubeClients.open(kubeconfig(yaml), "rel")) {
            ClusterProbe.version(conn);
        }
        String[] seen = Files.readString(out).split("\\|", 3);
        assertThat(seen[0]).isEqualTo("--cluster=alpha");
        assertThat(seen[1]).isEqualTo("eu-west-1");
        assertThat(seen[2]).contains("\"kind\":\"ExecCredential\"").contains("\"interactive\":false")
                .contains("client.authentication.k8s.io/v1beta1");
    }

    @Test
    void anUnexpiredTokenIsReusedWithoutRunningThePluginAgain() throws Exception {
        Path plugin = countingPlugin("2999-01-01T00:00:00Z");
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString()));

        try (KubeConnection conn = KubeClients.open(set, "exec")) {
            ClusterProbe.version(conn);
            ClusterProbe.version(conn);
        }
        assertThat(runs()).isEqualTo(1);
        assertThat(requests()).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer exec-tok-1", "Bearer exec-tok-1");
    }

    @Test
    void anExpiredTokenMakesThePluginRunAgain() throws Exception {
        Path plugin = countingPlugin("2000-01-01T00:00:00Z");
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString()));

        try (KubeConnection conn = KubeClients.open(set, "exec")) {
            ClusterProbe.version(conn);
            ClusterProbe.version(conn);
        }
        assertThat(requests()).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer exec-tok-2", "Bearer exec-tok-3");
    }

    @Test
    void aRefusedTokenMakesThePluginRunAgainAndTheRequestIsRetried() throws Exception {
        Path plugin = countingPlugin(null);
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                    return "Bearer exec-tok-2".equals(request.getHeader("Authorization"))
                            ? new MockResponse().setBody(VERSION_JSON)
                            : new MockResponse().setResponseCode(401).setBody("{\"kind\":\"Status\",\"code\":401}");
                }
            });
            api.start(InetAddress.getLoopbackAddress(), 0);
            String apiUrl = "http://127.0.0.1:" + api.getPort();
            KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", apiUrl, plugin.toString()));

            try (KubeConnection conn = KubeClients.open(set, "exec")) {
                assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
                assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
            }
        }
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void aPluginThatFailsLaterIsReportedOnTheRequest() throws Exception {
        Path marker = dir.resolve("ran-once");
        Path plugin = Kubeconfigs.script(dir, "flaky.sh", """
                if [ -e '%s' ]; then echo "token refresh failed: invalid_grant" >&2; exit 3; fi
                touch '%s'
                printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",'
                printf '"status":{"token":"%s","expirationTimestamp":"2000-01-01T00:00:00Z"}}'
                """.formatted(marker, marker, TOKEN));
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString()));

        try (KubeConnection conn = KubeClients.open(set, "exec")) {
            ClusterAccessException e = catchThrowableOfType(ClusterAccessException.class,
                () -> ClusterProbe.version(conn));
            assertThat(e.reason()).isEqualTo(Reason.EXEC_PLUGIN_FAILED);
            assertThat(e).hasMessageContaining("runs '" + plugin + "'")
                    .hasMessageContaining("exit code 3: token refresh failed: invalid_grant");
        }
    }

    @Test
    void outputThatIsNotAnExecCredentialIsNotQuoted() throws Exception {
        Path plugin = Kubeconfigs.script(dir, "chatty.sh", "echo \"here is your token: " + TOKEN + "\"");
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString()));

        assertThatThrownBy(() -> KubeClients.open(set, "exec"))
                .isInstanceOf(ClusterAccessException.class)
                .hasMessageContaining("did not print an ExecCredential")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void aPluginThatAlwaysNeedsATerminalIsExplainedWithoutRunningIt() throws Exception {
        Path plugin = Kubeconfigs.tokenPlugin(dir, "interactive.sh", TOKEN);
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString())
                .replace("interactiveMode: Never", "interactiveMode: Always"));

        assertThatThrownBy(() -> KubeClients.open(set, "exec"))
                .isInstanceOf(ClusterAccessException.class)
                .hasMessageContaining("interactiveMode: Always, which needs a terminal");
    }

    @Test
    void anApiVersionMismatchIsExplained() throws Exception {
        Path plugin = Kubeconfigs.script(dir, "v1.sh", """
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}'
                """.formatted(TOKEN));
        KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("exec", url, plugin.toString()));

        assertThatThrownBy(() -> KubeClients.open(set, "exec"))
                .isInstanceOf(ClusterAccessException.class)
                .hasMessageContaining("answered with apiVersion 'client.authentication.k8s.io/v1' while the"
                        + " kubeconfig asks for 'client.authentication.k8s.io/v1beta1'");
    }

    @Test
    void aPluginReturningAClientCertificateIsHandedToFabric8() throws Exception {
        KubernetesMockServer tls = new KubernetesMockServer(true);
        tls.init(InetAddress.getLoopbackAddress(), 0);
        try {
            var selfSigned = tls.getSelfSignedCertificate();
            String cert = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(selfSigned.certificatePath())));
            String key = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(selfSigned.privateKeyPath())));
            Path plugin = Kubeconfigs.script(dir, "cert.sh", """
                    printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",'
                    printf '"status":{"clientCertificateData":"%s","clientKeyData":"%s"}}'
                    """.formatted(cert, key));
            KubeconfigSet set = kubeconfig(Kubeconfigs.execConfig("certs", url, plugin.toString()));

            try (KubeConnection conn = KubeClients.open(set, "certs")) {
                Config config = KubeClients.configOf(conn);
                assertThat(config.getClientCertData()).isEqualTo(cert);
                assertThat(config.getClientKeyData()).isEqualTo(key);
                assertThat(ClusterProbe.version(conn)).isEqualTo("v1.31.2");
            }
            assertThat(requests()).singleElement()
                    .satisfies(r -> assertThat(r.getHeader("Authorization")).isNull());
        } finally {
            tls.destroy();
        }
    }
}
