package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code opsdeck flush} as scripts run it on the sandbox: a process with no terminal, JSON keys and exit codes. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlushCommandTest {
    @TempDir
    Path home;


    @Test
    void aCacheClusterIsPlannedThenFlushedNodeByNodeAndAudited() throws Exception {
        OpsdeckProcess.Run dry = opsdeck("flush", "cache/redis", "--demo", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        JsonNode plan = dry.json();
        assertThat(plan.get("action").asText()).isEqualTo("flush");
        assertThat(plan.get("result").asText()).isEqualTo("planned");
        assertThat(plan.get("kind").asText()).isEqualTo("redis");
        assertThat(plan.get("keysBefore").asLong()).isPositive();
        assertThat(plan.get("undo").asText()).contains("Nothing brings the keys back");

        OpsdeckProcess.Run unconfirmed = opsdeck("flush", "cache/redis", "--demo", "--yes", "--json");
        assertThat(unconfirmed.exit()).as("the name must be typed, even with --yes").isEqualTo(4);
        assertThat(unconfirmed.json().get("message").asText()).contains("--confirm redis");

        OpsdeckProcess.Run done = opsdeck("flush", "cache/redis", "--demo", "--yes", "--confirm", "redis", "--json");
        assertThat(done.exit()).as(done.err()).isZero();
        JsonNode o = done.json();
        assertThat(o.get("result").asText()).isEqualTo("done");
        assertThat(o.get("keysAfter").asLong()).isZero();
        assertThat(o.get("nodes")).hasSize(3);
        List<String> results = new ArrayList<>();
        o.get("nodes").forEach(n -> results.add(n.get("node").asText() + " " + n.get("result").asText()));
        assertThat(results).containsExactly("cache/redis-0 flushed", "cache/redis-1 replica", "cache/redis-2 replica");
        assertThat(o.get("nodes").get(0).get("keysBefore").asLong()).isPositive();
        assertThat(Files.readString(home.resolve("audit.jsonl"))).contains("\"action\":\"flush\"")
                .contains("\"keysAfter\":0");
    }

    @Test
    void aReplicaEndsWithExit4AndAnAddressWithoutItsKindWithExit2() throws Exception {
        OpsdeckProcess.Run replica = opsdeck("flush", "cache/redis-1", "--demo", "--yes", "--confirm", "redis-1", "--json");
        assertThat(replica.exit()).isEqualTo(4);
        assertThat(replica.json().get("result").asText()).isEqualTo("refused");
        assertThat(replica.json().get("role").asText()).isEqualTo("replica");
        assertThat(replica.json().get("message").asText()).contains("replica of cache/redis-0");

        OpsdeckProcess.Run address = opsdeck("flush", "127.0.0.1:7000", "--demo", "--json");
        assertThat(address.exit()).isEqualTo(2);
        assertThat(address.json().get("message").asText()).contains("--kind");
    }

    private OpsdeckProcess.Run opsdeck(String... args) throws Exception {
        return OpsdeckProcess.run(home, args);
    }
}
