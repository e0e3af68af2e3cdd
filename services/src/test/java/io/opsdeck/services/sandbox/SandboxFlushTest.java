package io.opsdeck.services.sandbox;

import io.opsdeck.services.Fixtures;
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
import io.opsdeck.services.fixtures.TestClock;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.source.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox flushes: the node's keys fall to zero and refill, its hit ratio drops and recovers. */
class SandboxFlushTest {
    final TestClock clock = new TestClock(Fixtures.T0);
    final Workers workers = new Workers();
    final Backend backend = Sandbox.backend(SandboxSpec.DEFAULT, workers, clock);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        backend.close();
        workers.close();
    }

    @Test
    void aFlushedMemcachedNodeEmptiesThenRecoversOverTheFollowingMinutes() throws Exception {
        ClusterSnapshot world = world();
        List<CacheNode> caches = CacheDiscovery.find(world);
        CacheNode node = caches.stream().filter(c -> c.kind() == CacheKind.MEMCACHED).findFirst().orElseThrow();
        CacheStats before = poll(world, caches).get(node.pod());

        ActionOutcome o = flush(node.pod().namespace() + "/" + node.pod().name(), node.pod().name());

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(o.facts()).containsEntry("keysAfter", 0L);
        assertThat((Long) o.facts().get("keysBefore")).isPositive();
        CacheStats after = poll(world, caches).get(node.pod());
        assertThat(after.keys()).isZero();
        assertThat(after.hitRatio()).isLessThan(before.hitRatio() - 0.5);

        clock.advance(Duration.ofMinutes(2));
        CacheStats recovering = poll(world, caches).get(node.pod());
        assertThat(recovering.hitRatio()).isBetween(after.hitRatio(), before.hitRatio());
        assertThat(recovering.keys()).isPositive().isLessThan(before.keys());

        clock.advance(Duration.ofMinutes(10));
        CacheStats recovered = poll(world, caches).get(node.pod());
        assertThat(recovered.hitRatio()).isGreaterThan(before.hitRatio() - 0.05);
        assertThat(recovered.keys()).isGreaterThan(before.keys() * 9 / 10);
    }

    @Test
    void flushingTheRedisClusterFlushesItsPrimaryAndTheReplicasFollow() throws Exception {
        ClusterSnapshot world = world();
        List<CacheNode> redis = CacheDiscovery.find(world).stream().filter(c -> c.kind() == CacheKind.REDIS).toList();
        String cluster = redis.get(0).pod().namespace() + "/" + redis.get(0).cluster();

        ActionOutcome o = flush(cluster, redis.get(0).cluster());

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(o.items()).extracting(i -> i.state()).containsExactlyInAnyOrder("flushed", "replica", "replica");
        Map<PodKey, CacheStats> after = poll(world, CacheDiscovery.find(world));
        assertThat(redis).allSatisfy(n -> assertThat(after.get(n.pod()).keys()).isZero());
    }

    private ActionOutcome flush(String target, String typed) throws Exception {
        ActionPipeline pipeline = new ActionPipeline(backend.actions(), backend.caches(), ContextPolicy.OPEN,
                new AuditTrail(dir.resolve("audit.jsonl")), () -> null, clock);
        ActionPlan plan = pipeline.plan(new FlushRequest(target));
        ActionCheck check = pipeline.check(plan);
        assertThat(check.confirmText()).isEqualTo(typed);
        return pipeline.run(plan, check, typed, ActionProgress.Listener.NONE, new Cancellation());
    }

    private ClusterSnapshot world() throws InterruptedException {
        return ((SandboxClusterSource) backend.cluster()).call(w -> w.snapshot("sandbox", clock.instant()), false);
    }

    private Map<PodKey, CacheStats> poll(ClusterSnapshot world, List<CacheNode> caches) throws Exception {
        return backend.metrics().poll(world, caches).caches();
    }
}
