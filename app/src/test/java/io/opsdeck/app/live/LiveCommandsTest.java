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

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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

    /**
     * An external Redis from settings.json (a real redis-server on loopback, read directly with INFO)
     * fills caches[] with a rate from two samples: 3 hits to 1 miss during the report gives 0.75.
     */
    @Test
    void reportFillsCachesFromAnExternalRedisInSettingsReadDirectly(@TempDir Path dir) throws Exception {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Path kc = kubeconfig(dir, "http://127.0.0.1:" + server.getPort(), "secret-token-123");
        // Debian's, else the first on the PATH (Homebrew's, say)
        Path redisServer = Stream.concat(Stream.of("/usr/bin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("redis-server is needed: install the Debian package redis-server, or run"
                        + " .ci/test, which installs what the tests need"));
        int port = closedPort();
        Path settings = io.opsdeck.app.settings.AppDirs.fromEnvironment().settingsFile();
        byte[] before = Files.exists(settings) ? Files.readAllBytes(settings) : null;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread traffic = new Thread(() -> {
            try (redis.clients.jedis.Jedis j = connect(port)) {
                j.set("known", "v");
                while (!stop.get()) {
                    j.get("known");
                    j.get("known");
                    j.get("known");
                    j.get("unknown");
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "redis-traffic");
        Process redis = null;
        try {
            redis = new ProcessBuilder(redisServer.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            connect(port).close();
            Files.createDirectories(settings.getParent());
            Files.writeString(settings, """
                    {"contexts": {"mock": {"externalCaches": [
                      {"name": "managed-redis", "kind": "redis", "address": "127.0.0.1:%d"},
                      {"name": "broken", "kind": "valkey", "address": "nowhere"}]}}}
                    """.formatted(port));
            traffic.start();

            Result r = report("report", "--json", "--kubeconfig", kc.toString(),
                    "--prometheus-url", "http://127.0.0.1:" + closedPort());

            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode caches = r.doc().get("caches");
            assertThat(caches).as(r.doc().toPrettyString()).hasSize(1);
            JsonNode c = caches.get(0);
            assertThat(c.get("namespace").asText()).isEqualTo("external");
            assertThat(c.get("pod").asText()).isEqualTo("managed-redis");
            assertThat(c.get("kind").asText()).isEqualTo("redis");
            assertThat(c.get("cluster").asText()).isEqualTo("managed-redis");
            assertThat(c.get("source").asText()).isEqualTo("direct");
            assertThat(c.get("error") == null || c.get("error").isNull()).as(c.toPrettyString()).isTrue();
            assertThat(c.get("hitRatio").asDouble()).isCloseTo(0.75, org.assertj.core.api.Assertions.within(0.02));
            assertThat(c.get("opsPerSec").asDouble()).isPositive();
            assertThat(c.get("memoryUsedBytes").asLong()).isPositive();
            assertThat(c.get("evictionsPerSec").asDouble()).isZero();
            assertThat(r.doc().get("prometheus").get("reachable").asBoolean())
                    .as("Prometheus being down is not hidden by the direct figures").isFalse();
            assertThat(r.doc().get("prometheus").get("error").asText()).contains("read directly");
        } finally {
            stop.set(true);
            traffic.join(5000);
            if (redis != null) {
                redis.destroy();
                if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                    redis.destroyForcibly();
                }
            }
            if (before == null) {
                Files.deleteIfExists(settings);
            } else {
                Files.write(settings, before);
            }
        }
    }

    private static redis.clients.jedis.Jedis connect(int port) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (true) {
            redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1", port);
            try {
                j.ping();
                return j;
            } catch (RuntimeException e) {
                j.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("redis-server on 127.0.0.1:" + port + " did not answer within 10 s", e);
                }
                Thread.sleep(50);
            }
        }
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
