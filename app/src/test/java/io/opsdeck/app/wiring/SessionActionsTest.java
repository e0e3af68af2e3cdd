package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.CordonRequest;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.views.action.ActionBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** What the window's views get from a session: its pipeline with the run's policy, or why there is none. */
class SessionActionsTest {

    @Test
    void aSandboxSessionGivesThePipelineWithTheRunsPolicy(@TempDir Path dir) throws Exception {
        SourceRequest request = new SourceRequest(true, SandboxSpec.DEFAULT, null, null, null, "", Settings.defaults(), true);
        try (Session session = new Session(request, new io.opsdeck.services.concurrent.Workers(), Clock.systemUTC(), dir.resolve("audit.jsonl"))) {
            ActionBackend backend = SessionActions.of(session);
            assertThat(backend.available()).isTrue();
            assertThat(backend.pipeline().identity().context()).isEqualTo("sandbox");
            ActionCheck check = backend.pipeline().check(backend.pipeline().plan(new CordonRequest("node-a-01", true)));
            assertThat(check.allowed()).isFalse();
            assertThat(check.refusal()).isEqualTo(ActionResult.REFUSED);
            assertThat(check.reason()).contains("read-only").contains("--read-only");
        }
    }

    @Test
    void aClusterThatCouldNotBeOpenedGivesTheReason(@TempDir Path dir) {
        SourceRequest request = new SourceRequest(false, SandboxSpec.DEFAULT, dir.resolve("missing-kubeconfig"), null,
                null, "", Settings.defaults(), false);
        try (Session session = new Session(request, new io.opsdeck.services.concurrent.Workers(), Clock.systemUTC(), dir.resolve("audit.jsonl"))) {
            ActionBackend backend = SessionActions.of(session);
            assertThat(backend.available()).isFalse();
            assertThat(backend.unavailable()).isEqualTo("the cluster could not be opened");
        }
    }
}
