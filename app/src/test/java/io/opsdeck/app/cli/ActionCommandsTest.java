package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
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

/**
 * The action sub-commands as scripts run them: a separate process with no terminal, its own
 * OPSDECK_HOME, exit codes and {@code --json} as the contract says.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@EnableKubernetesMockClient(crud = true)
class ActionCommandsTest {
    @TempDir
    Path home;
    KubernetesMockServer server;


    private OpsdeckProcess.Run opsdeck(String... args) throws Exception {
        return OpsdeckProcess.run(home, args);
    }

    @Test
    void scaleOnTheSandboxPrintsTheContractsJsonAndIsAudited() throws Exception {
        OpsdeckProcess.Run dry = opsdeck("scale", "shop/deploy/checkout", "--replicas", "5", "--demo", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        JsonNode plan = dry.json();
        assertThat(plan.get("action").asText()).isEqualTo("scale");
        assertThat(plan.get("context").asText()).isEqualTo("sandbox");
        assertThat(plan.get("target").asText()).isEqualTo("shop/deployment/checkout");
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("result").asText()).isEqualTo("planned");
        assertThat(plan.get("from").asInt()).isEqualTo(3);
        assertThat(plan.get("to").asInt()).isEqualTo(5);

        OpsdeckProcess.Run noTerminal = opsdeck("scale", "shop/deploy/checkout", "--replicas", "5", "--demo", "--json");
        assertThat(noTerminal.exit()).isEqualTo(4);
        assertThat(noTerminal.json().get("result").asText()).isEqualTo("refused");
        assertThat(noTerminal.json().get("message").asText()).contains("no terminal").contains("--yes");

        OpsdeckProcess.Run done = opsdeck("--demo", "scale", "shop/deploy/checkout", "--replicas", "4", "--yes", "--json");
        assertThat(done.exit()).as(done.err()).isZero();
        JsonNode d = done.json();
        assertThat(d.get("result").asText()).isEqualTo("done");
        assertThat(d.get("readyReplicas").isInt()).isTrue();
        assertThat(d.get("auditId").asText()).isNotBlank();

        OpsdeckProcess.Run audit = opsdeck("audit", "--json", "--limit", "2");
        assertThat(audit.exit()).isZero();
        JsonNode entries = audit.json();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("id").asText()).isEqualTo(d.get("auditId").asText());
        assertThat(entries.get(0).get("result").asText()).isEqualTo("done");
        assertThat(entries.get(0).get("undo").asText()).isEqualTo("scale shop/deployment/checkout --replicas 3");
        assertThat(entries.get(1).get("result").asText()).isEqualTo("refused");
        assertThat(Files.readString(home.resolve("audit.jsonl"))).doesNotContain("token", "password");
    }

    @Test
    void badArgumentsAreExitTwoAndReadOnlyIsExitFour() throws Exception {
        assertThat(opsdeck("scale", "shop/deploy/checkout", "--replicas", "-1", "--demo").exit()).isEqualTo(2);
        OpsdeckProcess.Run kind = opsdeck("scale", "shop/daemonset/x", "--replicas", "1", "--demo");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err()).contains("only a deployment (deploy) or a statefulset (sts) can be scaled");
        OpsdeckProcess.Run missing = opsdeck("cordon", "no-such-node", "--demo", "--yes", "--json");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.json().get("message").asText()).contains("No node no-such-node");
        assertThat(opsdeck("scale", "shop/deploy/checkout", "--replicas", "5", "--wait=soon", "--demo").exit()).isEqualTo(2);

        OpsdeckProcess.Run ro = opsdeck("cordon", "node-a-01", "--demo", "--yes", "--read-only", "--json");
        assertThat(ro.exit()).isEqualTo(4);
        assertThat(ro.json().get("result").asText()).isEqualTo("refused");
        assertThat(ro.json().get("message").asText()).contains("read-only (--read-only)");
    }

    @Test
    void aRefusedAccessReviewIsExitFourNamingTheVerbAndAnUnreachableClusterIsExitThree() throws Exception {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").andReturn(201,
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"status\":{\"allowed\":false}}")
                .always();
        server.expect().get().withPath("/api/v1/nodes/node-1").andReturn(200,
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\"},\"spec\":{}}").always();
        Path kubeconfig = kubeconfig("mock", server.url("/").replaceAll("/$", ""));
        OpsdeckProcess.Run r = opsdeck("cordon", "node-1", "--kubeconfig", kubeconfig.toString(), "--yes", "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        assertThat(r.json().get("result").asText()).isEqualTo("forbidden");
        assertThat(r.json().get("message").asText()).contains("may not patch on nodes");

        Path dead = kubeconfig("dead", "https://127.0.0.1:1");
        OpsdeckProcess.Run u = opsdeck("cordon", "node-1", "--kubeconfig", dead.toString(), "--yes", "--json");
        assertThat(u.exit()).as(u.err()).isEqualTo(3);
        assertThat(u.json().get("result").asText()).isEqualTo("failed");
    }

    private Path kubeconfig(String name, String url) throws IOException {
        Path f = home.resolve(name + ".kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: u
                  user:
                    token: t0ken-not-logged
                contexts:
                - name: %s
                  context: {cluster: c, user: u, namespace: default}
                current-context: %s
                """.formatted(url, name, name));
        return f;
    }
}
