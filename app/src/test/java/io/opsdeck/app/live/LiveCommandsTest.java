package io.opsdeck.app.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opsdeck.app.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report} against a live context: a fabric8 mock API server on loopback behind a kubeconfig. */
class LiveCommandsTest {
    private KubernetesMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    record Result(int exit, JsonNode doc, String err) {
    }

    static Result report(String... args) throws IOException {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Result(exit, new ObjectMapper().readTree(out.toString()), err.toString());
    }

    static Path kubeconfig(Path dir, String server, String token) throws IOException {
        Path file = dir.resolve("kubeconfig.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock
                  cluster:
                    server: %s
                users:
                - name: tester
                  user:
                    token: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: default
                """.formatted(server, token));
        return file;
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void reportFillsClusterAndZonesFromTheLiveContext(@TempDir Path dir) throws Exception {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        for (int i = 0; i < 3; i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + i)
                    .addToLabels("topology.kubernetes.io/zone", "zone-" + (char) ('a' + i)).endMetadata()
                    .withNewSpec().withUnschedulable(i == 2).endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
        }
        for (int i = 0; i < 5; i++) {
            client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-" + i)
                    .withNamespace("shop").endMetadata().withNewSpec().withNodeName("node-" + (i % 3))
                    .addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                    .withNewStatus().withPhase("Running").endStatus().build()).create();
        }
        Path kc = kubeconfig(dir, "http://127.0.0.1:" + server.getPort(), "secret-token-123");
        int noPrometheus = closedPort();

        Result r = report("report", "--json", "--kubeconfig", kc.toString(),
                "--prometheus-url", "http://127.0.0.1:" + noPrometheus);

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode cluster = r.doc().get("cluster");
        assertThat(r.doc().get("context").asText()).isEqualTo("mock");
        assertThat(cluster.get("reachable").asBoolean()).isTrue();
        assertThat(cluster.get("nodes").asInt()).isEqualTo(3);
        assertThat(cluster.get("nodesCordoned").asInt()).isEqualTo(1);
        assertThat(cluster.get("pods").asInt()).isEqualTo(5);
        assertThat(cluster.get("podsRunning").asInt()).isEqualTo(5);
        assertThat(r.doc().get("zones")).hasSize(3);
        JsonNode prom = r.doc().get("prometheus");
        assertThat(prom.get("url").asText()).isEqualTo("http://127.0.0.1:" + noPrometheus);
        assertThat(prom.get("reachable").asBoolean()).isFalse();
        assertThat(prom.get("error").asText()).contains("127.0.0.1:" + noPrometheus);
        assertThat(r.doc().toString()).doesNotContain("secret-token-123");
    }

    @Test
    void anUnreachableApiServerExits3WithASentence(@TempDir Path dir) throws Exception {
        int port = closedPort();
        Path kc = kubeconfig(dir, "http://127.0.0.1:" + port, "t");
        Result r = report("report", "--json", "--kubeconfig", kc.toString(), "--timeout", "20");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.doc().get("cluster").get("reachable").asBoolean()).isFalse();
        assertThat(r.doc().get("cluster").get("error").asText()).contains("127.0.0.1:" + port);
    }

    @Test
    void refusedCredentialsExit3AndSaySo(@TempDir Path dir) throws Exception {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.clearExpectations();
        Path kc = kubeconfig(dir, "http://127.0.0.1:" + server.getPort(), "expired-token-456");
        // every request is refused, as an API server does with an expired token
        server.expect().get().withPath("/version").andReturn(401, "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}").always();
        server.expect().get().withPath("/apis").andReturn(401, "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}").always();
        server.expect().get().withPath("/api").andReturn(401, "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}").always();
        Result r = report("report", "--json", "--kubeconfig", kc.toString(), "--timeout", "20");
        assertThat(r.exit()).isEqualTo(3);
        String error = r.doc().get("cluster").get("error").asText();
        assertThat(error).containsIgnoringCase("credentials").doesNotContain("expired-token-456");
    }

    @Test
    void aCorruptKubeconfigExits3AndNamesTheFile(@TempDir Path dir) throws Exception {
        Path kc = dir.resolve("broken.yaml");
        Files.writeString(kc, "apiVersion: v1\nclusters: [ {name: x\n  token: supersecret\n");
        Result r = report("report", "--json", "--kubeconfig", kc.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.doc().get("cluster").get("error").asText()).contains(kc.toString()).doesNotContain("supersecret");
    }
}
