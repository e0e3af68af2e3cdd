package io.opsdeck.services.cache;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.action.Permission;
import io.opsdeck.services.fixtures.MemcachedFixture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache pods reached through the port-forward path (a stand-in forwarder in front of real servers):
 * a Memcached cluster flushed node by node with a stagger, one refusing flush_all, and a Redis pod
 * whose forward drops mid-flush — before the command reached it, and after.
 */
class CacheFlushThroughForwardsTest {
    final List<AutoCloseable> started = new ArrayList<>();
    /** pod name → the local port its "forward" leads to */
    final Map<String, Integer> ports = new HashMap<>();
    final List<String> opened = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void aMemcachedClusterIsFlushedNodeByNodeWithItsStagger() throws Exception {
        MemcachedFixture a = memcached("memcached-a");
        MemcachedFixture b = memcached("memcached-b");
        for (MemcachedFixture m : List.of(a, b)) {
            try (MemcachedFixture.Text t = m.client()) {
                t.set("k1", "v");
                t.set("k2", "v");
            }
        }
        FlushHarness h = new FlushHarness(flusher(), dir, snapshot(
                memcachedPod("memcached-a"), memcachedPod("memcached-b")));

        ActionPlan plan = h.pipeline.plan(new FlushRequest("cache/memcached", null, null, 30));

        assertThat(plan.objectName()).isEqualTo("memcached");
        assertThat(plan.changes()).anySatisfy(c -> assertThat(c).startsWith("cache/memcached-a").contains("flush_all —")
                .contains("2 items"));
        assertThat(plan.changes()).anySatisfy(c -> assertThat(c).startsWith("cache/memcached-b").contains("flush_all 30")
                .contains("takes effect 30 s after"));
        ActionOutcome o = h.run(plan, "memcached");

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(h.asked).contains(Permission.namespaced("create", "", "pods", "portforward", "cache"));
        assertThat(opened).contains("cache/memcached-a:11211", "cache/memcached-b:11211");
        assertThat(o.items()).extracting(i -> i.name() + " " + i.state())
                .containsExactly("memcached-a flushed", "memcached-b scheduled");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) o.facts().get("nodes");
        assertThat(nodes).extracting(n -> n.get("result")).containsExactly("flushed", "scheduled");
        assertThat(nodes.get(0)).containsEntry("keysBefore", 2L).containsEntry("keysAfter", 0L);
        try (MemcachedFixture.Text t = a.client()) {
            assertThat(t.get("k1")).as("flushed now").isFalse();
        }
        try (MemcachedFixture.Text t = b.client()) {
            assertThat(t.get("k1")).as("its flush is 30 s away").isTrue();
        }
    }

    @Test
    void aMemcachedStartedWithDisableFlushAllRefusesAndSaysWhy() throws Exception {
        MemcachedFixture m = memcached("memcached-a", "--disable-flush-all");
        try (MemcachedFixture.Text t = m.client()) {
            t.set("k1", "v");
        }
        FlushHarness h = new FlushHarness(flusher(), dir, snapshot(memcachedPod("memcached-a")));
        ActionPlan plan = h.pipeline.plan(new FlushRequest("cache/memcached-a"));

        ActionOutcome o = h.run(plan, "memcached-a");

        assertThat(o.result()).isEqualTo(ActionResult.REFUSED);
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(o.message()).contains("CLIENT_ERROR").contains("--disable-flush-all");
        try (MemcachedFixture.Text t = m.client()) {
            assertThat(t.get("k1")).isTrue();
        }
    }

    @Test
    void aForwardThatDropsAfterTheFlushWasSentIsReadAgainAndTheFlushFound() throws Exception {
        RedisFixture redis = redisWithKeys();
        DroppingProxy proxy = new DroppingProxy(redis.port(), "FLUSHALL", DroppingProxy.Drop.AFTER_SENDING);
        started.add(proxy);
        ports.put("redis-0", proxy.port());
        FlushHarness h = new FlushHarness(flusher(), dir, snapshot(redisPod()));
        ActionPlan plan = h.pipeline.plan(new FlushRequest("cache/redis-0"));

        ActionOutcome o = h.run(plan, "redis-0");

        assertThat(o.result()).as(o.message()).isEqualTo(ActionResult.DONE);
        assertThat(o.items().get(0).reason()).contains("dropped").contains("the flush happened");
        assertThat(o.facts()).containsEntry("keysBefore", 2L).containsEntry("keysAfter", 0L);
        assertThat(RedisFlushTest.dbsize(redis, 0)).isZero();
    }

    @Test
    void aForwardThatDropsBeforeTheFlushArrivedIsReadAgainAndSaysItDidNotHappen() throws Exception {
        RedisFixture redis = redisWithKeys();
        DroppingProxy proxy = new DroppingProxy(redis.port(), "FLUSHALL", DroppingProxy.Drop.BEFORE_SENDING);
        started.add(proxy);
        ports.put("redis-0", proxy.port());
        FlushHarness h = new FlushHarness(flusher(), dir, snapshot(redisPod()));
        ActionPlan plan = h.pipeline.plan(new FlushRequest("cache/redis-0"));

        ActionOutcome o = h.run(plan, "redis-0");

        assertThat(o.result()).isEqualTo(ActionResult.FAILED);
        assertThat(o.exitCode()).isEqualTo(6);
        assertThat(o.message()).contains("dropped").contains("holds 2 keys").contains("did not happen");
        assertThat(o.facts()).containsEntry("keysAfter", 2L);
        assertThat(RedisFlushTest.dbsize(redis, 0)).isEqualTo(2);
    }

    private CacheFlusher flusher() {
        PodPortForwarder forwarder = (PodKey pod, int port) -> {
            synchronized (opened) {
                opened.add(pod + ":" + port);
            }
            return new CacheEndpointsTest.FakeForward(ports.get(pod.name()));
        };
        return new CacheFlusher(new CacheEndpoints(forwarder, CachePasswords.fromEnvironment(), CacheCredentials.NONE,
                List.of()));
    }

    private MemcachedFixture memcached(String pod, String... args) {
        MemcachedFixture m = MemcachedFixture.start("flush-" + pod, args);
        started.add(m);
        ports.put(pod, m.port());
        return m;
    }

    private RedisFixture redisWithKeys() {
        RedisFixture r = RedisFixture.start("flush-forwarded");
        started.add(r);
        try (Resp c = r.client()) {
            c.command("SET", "a", "1");
            c.command("SET", "b", "2");
        }
        return r;
    }

    private static PodInfo memcachedPod(String name) {
        return Fixtures.pod("cache", name, "node-1", PodPhase.RUNNING, true, new OwnerRef("Deployment", "memcached"),
                Map.of(), List.of("memcached:1.6"), List.of(11211));
    }

    private static PodInfo redisPod() {
        return Fixtures.pod("cache", "redis-0", "node-1", PodPhase.RUNNING, true, new OwnerRef("StatefulSet", "redis"),
                Map.of(), List.of("redis:7"), List.of(6379));
    }

    private static ClusterSnapshot snapshot(PodInfo... pods) {
        return Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")), List.of(pods), List.of(), List.of());
    }
}
