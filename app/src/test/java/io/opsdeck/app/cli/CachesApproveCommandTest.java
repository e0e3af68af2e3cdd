package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A settings file names an external cache and a {@code secret:} reference: {@code report} says the
 * pairing waits for approval and how to give it, and reads no Secret; {@code caches approve} asks for
 * the name typed, refuses without it, and records the pair; then the Secret is read.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CachesApproveCommandTest {
    @TempDir
    Path home;
    private KubernetesMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void reportWaitsForTheApprovalThatCachesApproveGives() throws Exception {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        client.secrets().inNamespace("cache").resource(new SecretBuilder().withNewMetadata().withName("redis-auth")
                .withNamespace("cache").endMetadata().withStringData(Map.of("password", "Qm3-test-only")).build()).create();
        requests();
        Path kc = kubeconfig(home, "http://127.0.0.1:" + server.getPort(), "token-abc");
        int cachePort = closedPort();
        Files.writeString(home.resolve("settings.json"), """
                {"contexts": {"mock": {"externalCaches": [
                  {"name": "managed", "kind": "redis", "address": "127.0.0.1:%d", "authRef": "secret:cache/redis-auth#password",
                   "allowCleartextPassword": true}
                ]}}}
                """.formatted(cachePort));
        String prom = "http://127.0.0.1:" + closedPort();

        OpsdeckProcess.Run before = OpsdeckProcess.run(home, "report", "--json", "--kubeconfig", kc.toString(),
                "--prometheus-url", prom);
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(error(before.json())).contains("waiting for approval: send the password from Secret"
                + " cache/redis-auth#password to 127.0.0.1:" + cachePort + " without TLS?")
                .contains("opsdeck caches approve managed --context mock");
        OpsdeckProcess.Run flush = OpsdeckProcess.run(home, "flush", "managed", "--kubeconfig", kc.toString(),
                "--dry-run", "--json");
        assertThat(flush.exit()).as("not allowed until approved").isEqualTo(4);
        assertThat(flush.json().get("message").asText()).contains("waiting for approval")
                .contains("opsdeck caches approve managed");
        assertThat(requests()).as("no Secret read before approval").noneMatch(p -> p.contains("/secrets"));

        OpsdeckProcess.Run noTerminal = OpsdeckProcess.run(home, "caches", "approve", "managed", "--kubeconfig",
                kc.toString());
        assertThat(noTerminal.exit()).isEqualTo(4);
        assertThat(noTerminal.err()).contains("--yes --confirm managed");
        OpsdeckProcess.Run wrongName = OpsdeckProcess.run(home, "caches", "approve", "managed", "--context", "mock",
                "--yes", "--confirm", "other");
        assertThat(wrongName.exit()).isEqualTo(4);
        assertThat(home.resolve("cache-approvals.json")).doesNotExist();

        OpsdeckProcess.Run approved = OpsdeckProcess.run(home, "caches", "approve", "managed", "--kubeconfig",
                kc.toString(), "--yes", "--confirm", "managed");
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("Approved in context mock: send the password from Secret"
                + " cache/redis-auth#password to 127.0.0.1:" + cachePort + " without TLS.");
        Path file = home.resolve("cache-approvals.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("secret:cache/redis-auth#password").doesNotContain("Qm3-test-only");
        assertThat(Files.readString(home.resolve("settings.json"))).as("the settings file is not where it goes")
                .doesNotContain("approv");

        OpsdeckProcess.Run after = OpsdeckProcess.run(home, "report", "--json", "--kubeconfig", kc.toString(),
                "--prometheus-url", prom);
        assertThat(error(after.json())).doesNotContain("waiting for approval").contains("127.0.0.1:" + cachePort);
        assertThat(requests()).as("the Secret is read once approved").anyMatch(p -> p.contains("/secrets/redis-auth"));
    }

    @Test
    void anUnknownCacheIsABadArgument() throws Exception {
        OpsdeckProcess.Run r = OpsdeckProcess.run(home, "caches", "approve", "nosuch", "--context", "mock");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("No external cache named 'nosuch'").contains("context mock");
    }

    /** A kubeconfig whose one context, "mock", is the mock API server. */
    private static Path kubeconfig(Path dir, String server, String token) throws java.io.IOException {
        return Files.writeString(dir.resolve("kubeconfig.yaml"), String.join("\n", "apiVersion: v1", "kind: Config",
                "current-context: mock", "clusters:", "- name: mock", "  cluster:", "    server: " + server, "users:",
                "- name: tester", "  user:", "    token: " + token, "contexts:", "- name: mock", "  context:",
                "    cluster: mock", "    user: tester", "") );
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String error(JsonNode report) {
        for (JsonNode c : report.get("caches")) {
            if (c.get("pod").asText().equals("managed")) {
                return c.get("error").asText();
            }
        }
        throw new AssertionError("no external cache in " + report.get("caches"));
    }

    private List<String> requests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getPath());
        }
        return paths;
    }
}
