package io.opsdeck.services.action;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console killed while an action runs leaves its intent in the trail: a child JVM starts a scale
 * whose request never returns, and is killed (SIGKILL) once the request is on its way.
 */
class AuditDurabilityTest {
    @TempDir
    Path dir;

    /** The child: runs one scale whose request blocks, after saying so on stdout. */
    public static void main(String[] args) throws Exception {
        StubCluster.MutableClock clock = new StubCluster.MutableClock();
        StubCluster cluster = new StubCluster(clock);
        cluster.beforeWrite = () -> {
            System.out.println("SENDING");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ActionPipeline p = new ActionPipeline(cluster, ContextPolicy.OPEN, new AuditTrail(Path.of(args[0])), () -> null, clock);
        ActionPlan plan = p.plan(new ScaleRequest(WorkloadRef.parse("shop/deployment/web"), 7, null));
        p.run(plan, p.check(plan), null, ActionProgress.Listener.NONE, new Cancellation());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledConsoleLeavesTheIntentOfItsAction() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AuditDurabilityTest.class.getName(), audit.toString()).redirectErrorStream(true).start();
        try {
            CompletableFuture<Boolean> sending = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.equals("SENDING")) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(sending.get(100, TimeUnit.SECONDS)).as("the child reached the request").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(new AuditTrail(audit).read()).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo(AuditEntry.INCOMPLETE);
            assertThat(e.action()).isEqualTo("scale");
            assertThat(e.target()).isEqualTo("shop/deployment/web");
            assertThat(e.parameters()).containsEntry("replicas", 7);
            assertThat(e.undo()).isNull();
        });
    }
}
