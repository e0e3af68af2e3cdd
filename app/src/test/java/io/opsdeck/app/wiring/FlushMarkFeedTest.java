package io.opsdeck.app.wiring;

import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.sandbox.Sandbox;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.services.source.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The flush marks of the Caches view: read when a session opens and when an action ends, not on a poll. */
class FlushMarkFeedTest {
    private final Clock clock = Clock.systemUTC();
    private final Workers workers = new Workers();
    private final Backend backend = Sandbox.backend(SandboxSpec.DEFAULT, workers, clock);
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        backend.close();
        workers.close();
    }

    @Test
    void aFlushIsMarkedAsSoonAsTheEndOfAnActionIsSaid() throws Exception {
        ActionPipeline pipeline = new ActionPipeline(backend.actions(), backend.caches(), ContextPolicy.OPEN,
                new AuditTrail(dir.resolve("audit.jsonl")), () -> null, clock);
        BlockingQueue<Map<String, List<Instant>>> marks = new LinkedBlockingQueue<>();
        FlushMarkFeed feed = new FlushMarkFeed(workers.scheduler("flush-marks-test"), clock, marks::add);

        feed.follow(() -> Optional.of(pipeline));
        assertThat(marks.poll(20, TimeUnit.SECONDS)).as("read when the session opens").isEmpty();

        // the same spec makes the same world as the backend's
        CacheNode node = CacheDiscovery.find(SandboxWorld.generate(SandboxSpec.DEFAULT, clock.instant())
                        .snapshot("sandbox", clock.instant())).stream()
                .filter(c -> c.kind() == CacheKind.MEMCACHED).findFirst().orElseThrow();
        ActionPlan plan = pipeline.plan(new FlushRequest(node.pod().namespace() + "/" + node.pod().name()));
        ActionCheck check = pipeline.check(plan);
        ActionOutcome o = pipeline.run(plan, check, node.pod().name(), ActionProgress.Listener.NONE, new Cancellation());
        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);

        feed.refresh();
        // well before the minute's re-read for flushes made elsewhere
        Map<String, List<Instant>> after = marks.poll(20, TimeUnit.SECONDS);
        assertThat(after).as("read when the action ended").isNotNull().isNotEmpty();
        assertThat(after.values()).allSatisfy(times -> assertThat(times).hasSize(1));
    }
}
