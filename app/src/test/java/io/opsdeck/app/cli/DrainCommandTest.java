package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code opsdeck drain} in-process on the sandbox: the pre-flight plan, the run, exit codes and {@code --json}'s pods. */
class DrainCommandTest {

    /** The sandbox node where Grafana (whose storage is an emptyDir) runs. */
    private static String grafanasNode() {
        ClusterSnapshot s = SandboxWorld.generate(SandboxSpec.DEFAULT, Instant.now()).snapshot("sandbox", Instant.now());
        return s.pods().stream().filter(p -> p.name().startsWith("grafana-")).map(PodInfo::nodeName).findFirst().orElseThrow();
    }

    private static List<JsonNode> pods(JsonNode json) {
        List<JsonNode> out = new ArrayList<>();
        json.get("pods").forEach(out::add);
        return out;
    }

    @Test
    void theDryRunPrintsEveryPodAndRefusesWhatNeedsAFlag() throws Exception {
        String node = grafanasNode();
        CommandLineTest.Result r = CommandLineTest.run("drain", node, "--demo", "--dry-run", "--json");

        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("action").asText()).isEqualTo("drain");
        assertThat(json.get("target").asText()).isEqualTo(node);
        assertThat(json.get("dryRun").asBoolean()).isTrue();
        assertThat(json.get("result").asText()).isEqualTo("refused");
        assertThat(json.get("message").asText()).contains("--delete-emptydir-data");
        assertThat(json.get("cordonedBefore").asBoolean()).isFalse();
        assertThat(pods(json)).allSatisfy(p -> {
            assertThat(p.fieldNames()).toIterable().contains("namespace", "name", "outcome", "reason", "pdb", "node");
            assertThat(p.get("outcome").asText()).isIn("evict", "skip", "blocked", "needs-flag");
        });
        assertThat(pods(json)).anySatisfy(p -> {
            assertThat(p.get("name").asText()).startsWith("grafana-");
            assertThat(p.get("outcome").asText()).isEqualTo("needs-flag");
        });
        assertThat(pods(json)).anySatisfy(p -> {
            assertThat(p.get("outcome").asText()).isEqualTo("skip");
            assertThat(p.get("reason").asText()).contains("DaemonSet");
        });
    }

    @Test
    void aRunThatBudgetsHoldPastTheTimeoutIsBlockedExitFive() throws Exception {
        String node = grafanasNode();
        CommandLineTest.Result r = CommandLineTest.run("drain", node, "--demo", "--yes", "--confirm", node,
                "--delete-emptydir-data", "--timeout", "3s", "--json");

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(json.get("result").asText()).isEqualTo("blocked");
        assertThat(json.get("undoCommand").asText()).isEqualTo("uncordon " + node);
        assertThat(pods(json)).extracting(p -> p.get("outcome").asText()).contains("evicted", "skipped", "blocked")
                .allMatch(o -> List.of("evicted", "skipped", "blocked", "failed", "remaining").contains(o));
        assertThat(pods(json)).filteredOn(p -> p.get("outcome").asText().equals("blocked"))
                .allSatisfy(p -> {
                    assertThat(p.get("pdb").asText()).contains("/");
                    assertThat(p.get("reason").asText()).contains(p.get("pdb").asText() + " needs");
                });
        assertThat(json.get("evicted").asInt()).isPositive();
    }

    @Test
    void badDrainArgumentsAreExitTwo() {
        assertThat(CommandLineTest.run("drain", "node-a-01", "--demo", "--timeout", "soon").exit()).isEqualTo(2);
        assertThat(CommandLineTest.run("drain", "node-a-01", "--demo", "--grace-period", "-5").exit()).isEqualTo(2);
        CommandLineTest.Result missing = CommandLineTest.run("drain", "no-such-node", "--demo", "--dry-run", "--json");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).contains("No node no-such-node");
    }
}
