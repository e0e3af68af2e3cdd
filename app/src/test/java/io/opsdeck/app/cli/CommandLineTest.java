package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsdeck.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line in-process: parsing, exit codes, messages and the report's contents. */
class CommandLineTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsOptionsAndSubCommands() {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--demo", "--seed", "--demo-size", "--kubeconfig", "--context",
                "--prometheus-url", "--verbose", "snapshot", "report");
    }

    @Test
    void versionNamesOpsdeckJavaAndJavaFx() {
        Result r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("Opsdeck \\d+\\.\\d+\\.\\d+").contains("Java 17").containsPattern("JavaFX 21\\.");
    }

    @Test
    void reportJsonHoldsTheSandboxNumbers() throws Exception {
        Result r = run("report", "--demo", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("context").asText()).isEqualTo("sandbox");
        assertThat(doc.get("generatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode cluster = doc.get("cluster");
        assertThat(cluster.get("reachable").asBoolean()).isTrue();
        assertThat(cluster.get("nodes").asInt()).isEqualTo(12);
        assertThat(cluster.get("nodesCordoned").asInt()).isEqualTo(1);
        assertThat(cluster.get("pods").asInt()).isEqualTo(150);
        assertThat(cluster.get("podsRunning").asInt()).isBetween(100, 150);
        assertThat(cluster.get("error").isNull()).isTrue();
        assertThat(doc.get("zones")).hasSize(3);
        int zonePods = StreamSupport.stream(doc.get("zones").spliterator(), false).mapToInt(z -> z.get("pods").asInt()).sum();
        assertThat(zonePods).isBetween(140, 150);
        assertThat(doc.get("prometheus").get("reachable").asBoolean()).isTrue();
        List<String> kinds = new ArrayList<>();
        doc.get("caches").forEach(c -> {
            kinds.add(c.get("kind").asText());
            assertThat(c.get("hitRatio").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("opsPerSec").asDouble()).isPositive();
            assertThat(c.get("source").asText()).isEqualTo("sandbox");
            assertThat(c.has("namespace") && c.has("pod")).isTrue();
        });
        assertThat(kinds).containsOnly("redis", "memcached").hasSize(7);
        assertThat(kinds.stream().filter("redis"::equals)).hasSize(3);
        List<String> health = new ArrayList<>();
        doc.get("services").forEach(s -> {
            health.add(s.get("namespace").asText() + "/" + s.get("name").asText() + "=" + s.get("health").asText());
            assertThat(s.get("endpointsReady").asInt()).isLessThanOrEqualTo(s.get("endpointsTotal").asInt());
            assertThat(s.get("reasons").isArray()).isTrue();
        });
        assertThat(health).contains("shop/payments=down", "shop/checkout=degraded", "shop/frontend=healthy");
    }

    @Test
    void reportIsDeterministicForASeed() throws Exception {
        JsonNode a = new ObjectMapper().readTree(run("report", "--demo", "--seed", "7", "--json").out());
        JsonNode b = new ObjectMapper().readTree(run("report", "--demo", "--seed", "7", "--json").out());
        JsonNode c = new ObjectMapper().readTree(run("report", "--demo", "--seed", "8", "--json").out());
        assertThat(a.get("caches").toString()).isEqualTo(b.get("caches").toString());
        assertThat(a.get("zones")).isEqualTo(b.get("zones"));
        assertThat(a.get("caches").toString()).isNotEqualTo(c.get("caches").toString());
    }

    @Test
    void reportOnAMissingKubeconfigExits3WithTheErrorInTheDocument(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path missing = dir.resolve("nope.yaml");
        Result r = run("report", "--json", "--kubeconfig", missing.toString());
        assertThat(r.exit()).isEqualTo(3);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("cluster").get("reachable").asBoolean()).isFalse();
        assertThat(doc.get("cluster").get("error").asText()).contains(missing.toString()).contains("--demo");
    }

    @Test
    void badArgumentsExit2WithAMessage() {
        Result unknown = run("report", "--no-such-option");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--no-such-option");

        Result size = run("report", "--demo", "--demo-size", "12by150");
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.err()).contains("--demo-size").contains("NODESxPODS");

        Result seed = run("report", "--demo", "--seed", "abc");
        assertThat(seed.exit()).isEqualTo(2);
        assertThat(seed.err()).contains("--seed");

        Result view = run("snapshot", "--demo", "--view", "nowhere", "--out", "x.png");
        assertThat(view.exit()).isEqualTo(2);
        assertThat(view.err()).contains("nowhere").contains("topology");

        Result noOut = run("snapshot", "--demo", "--view", "topology");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");

        Result tiny = run("snapshot", "--demo", "--view", "topology", "--out", "x.png", "--width", "10");
        assertThat(tiny.exit()).isEqualTo(2);
        assertThat(tiny.err()).contains("10x1000");

        Result url = run("report", "--prometheus-url", "ftp://x");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("http://");
        assertThat(Files.exists(Path.of("x.png"))).isFalse();
    }

    @Test
    void aPrometheusUrlWithAPasswordIsABadArgumentAndThePasswordIsNotEchoed() {
        for (String url : List.of("https://admin:s3cret@prom.example:9090", "http://admin:s3cret@prom_internal.corp",
                "https://admin:s3cret@[::1]:9090/prometheus")) {
            Result r = run("report", "--json", "--prometheus-url", url);
            assertThat(r.exit()).as(url).isEqualTo(2);
            assertThat(r.err()).as(url).contains("must not contain a user name or password");
            assertThat(r.out() + r.err()).as(url).doesNotContain("s3cret");
        }
        Result ftp = run("report", "--prometheus-url", "ftp://admin:s3cret@x");
        assertThat(ftp.exit()).isEqualTo(2);
        assertThat(ftp.out() + ftp.err()).doesNotContain("s3cret");
    }
}
