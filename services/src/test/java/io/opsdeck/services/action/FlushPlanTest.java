package io.opsdeck.services.action;

import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The flush plan's rules, over a cache port that answers with given facts. */
class FlushPlanTest {

    @Test
    void asyncFromRedis4PlainBeforeAndFlushDbForOneDatabase() {
        assertThat(FlushRequest.command(CacheKind.REDIS, facts("7.0.15", "primary", false), null, 0).text())
                .isEqualTo("FLUSHALL ASYNC");
        assertThat(FlushRequest.command(CacheKind.REDIS, facts("3.2.12", "primary", false), null, 0).text())
                .as("Redis 3 knows no ASYNC").isEqualTo("FLUSHALL");
        assertThat(FlushRequest.command(CacheKind.REDIS, facts("6.2.14", "primary", false), 2, 0))
                .isEqualTo(new CacheOps.Flush(2, List.of("FLUSHDB", "ASYNC"), 0));
        assertThat(FlushRequest.command(CacheKind.MEMCACHED, facts("1.6.18", "", false), null, 15).text())
                .isEqualTo("flush_all 15");
    }

    @Test
    void aNodeOfARedisClusterAloneIsBlockedAndEveryMasterIsListed() throws Exception {
        CacheOps.Facts node = new CacheOps.Facts(CacheKind.REDIS, "7.2.4", "primary", "", true,
                List.of("10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379"), new TreeMap<>(Map.of(0, 10L)), 1, 0.9, 10);
        CacheOps ops = ops(List.of(node("cache", "redis-0", "redis")), node);

        ActionPlan plan = new FlushRequest("cache/redis-0").plan(context(ops));

        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("Redis Cluster mode")
                .contains("10.0.0.1:6379, 10.0.0.2:6379, 10.0.0.3:6379"));
        assertThat(plan.blocker()).contains("3 masters").contains("reaches 1").contains("NAMESPACE/CLUSTER");
    }

    @Test
    void aClusterOfPrimaryAndReplicasFlushesThePrimaryAndSaysWhyNotTheReplicas() throws Exception {
        CacheOps.Facts primary = facts("7.2.4", "primary", false);
        CacheOps.Facts replica = new CacheOps.Facts(CacheKind.REDIS, "7.2.4", "replica", "10.0.0.1:6379", false, List.of(),
                new TreeMap<>(Map.of(0, 4L)), 1, 0.9, 10);
        List<CacheOps.Node> nodes = List.of(node("cache", "redis-0", "redis"), node("cache", "redis-1", "redis"));
        CacheOps ops = new FakeOps(nodes, Map.of("redis-0", primary, "redis-1", replica));

        ClusterSnapshot cluster = io.opsdeck.services.Fixtures.snapshot(List.of(), List.of(io.opsdeck.services.Fixtures.pod(
                "cache", "redis-0", "node-1", Map.of())), List.of(), List.of());

        ActionPlan plan = new FlushRequest("cache/redis").plan(new PlanContext(null, ops, () -> cluster, Clock.systemUTC()));

        assertThat(plan.blocker()).isEmpty();
        assertThat(plan.items()).extracting(ActionItem::state).containsExactly("flush", "replica");
        assertThat(plan.items().get(1).reason()).as("the primary's address named by its pod")
                .contains("replica of cache/redis-0 (10.0.0.1:6379)");
        assertThat(plan.facts()).containsEntry("keysBefore", 4L).containsKey("nodes");
        assertThat(plan.permissions()).containsExactly(Permission.namespaced("create", "", "pods", "portforward", "cache"));
        assertThat(plan.destructive()).isTrue();
        assertThat(plan.objectName()).isEqualTo("redis");
    }

    @Test
    void optionsThatDoNotApplyToTheKindAreRefusedWithASentence() {
        CacheOps ops = ops(List.of(node("cache", "memcached-0", "memcached", CacheKind.MEMCACHED)),
                facts("1.6.18", "", false));

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> new FlushRequest("cache/memcached-0", null, 1, 0).plan(context(ops)));

        assertThat(e.kind()).isEqualTo(ActionException.Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("--db").contains("Memcached");
    }

    @Test
    void aTargetWithAPasswordInItIsRefusedWithoutEchoingIt() {
        for (String target : List.of("redis://:hunter2@127.0.0.1:6379", "rediss://default:hunter2@127.0.0.1:6380",
                "default:hunter2@127.0.0.1:6379")) {
            assertThatThrownBy(() -> new FlushRequest(target)).as(target).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no user or password").hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void theCommandLineIsReadBackAsTheSameRequest() {
        FlushRequest r = new FlushRequest("cache/memcached", CacheKind.MEMCACHED, null, 20);

        assertThat(ActionRequests.parse(r.commandLine())).isEqualTo(r);
        assertThat(ActionRequests.parse("flush 10.1.2.3:6380 --kind=redis --db 3"))
                .isEqualTo(new FlushRequest("10.1.2.3:6380", CacheKind.REDIS, 3, 0));
        assertThat(ActionRequests.parse("flush sessions --all")).isEqualTo(new FlushRequest("sessions"));
        assertThatThrownBy(() -> ActionRequests.parse("flush sessions --db 1 --all"))
                .hasMessageContaining("contradict");
        assertThatThrownBy(() -> ActionRequests.parse("flush sessions --kind mongodb"))
                .hasMessageContaining("redis or memcached");
    }

    @Test
    void aCancelBetweenNodesLeavesTheRestUnflushedAndSaysSo() throws Exception {
        List<CacheOps.Node> nodes = List.of(node("cache", "memcached-a", "memcached", CacheKind.MEMCACHED),
                node("cache", "memcached-b", "memcached", CacheKind.MEMCACHED));
        Cancellation cancel = new Cancellation();
        java.util.List<String> flushed = new java.util.ArrayList<>();
        CacheOps ops = new FakeOps(nodes, Map.of("memcached-a", facts("1.6.18", "", false), "memcached-b",
                facts("1.6.18", "", false))) {
            @Override
            public String flush(Node node, Flush flush) {
                flushed.add(node.name());
                cancel.cancel(); // the user presses Cancel while the first node is flushed
                return "OK";
            }

            @Override
            public Facts read(Node node) {
                return flushed.contains(node.name()) ? new Facts(CacheKind.MEMCACHED, "1.6.18", "", "", false, List.of(),
                        new TreeMap<>(Map.of(0, 0L)), 0, Double.NaN, 0) : super.read(node);
            }
        };
        PlanContext context = context(ops);
        ActionPlan plan = new FlushRequest("cache/memcached").plan(context);

        ActionOutcome o = plan.runner().run(new RunContext(context, ActionProgress.Listener.NONE, cancel));

        assertThat(flushed).containsExactly("memcached-a");
        assertThat(o.result()).isEqualTo(ActionResult.CANCELLED);
        assertThat(o.items()).extracting(ActionItem::state).containsExactly("flushed", "cancelled");
        assertThat(o.message()).contains("flushed 1 of 2").contains("the others keep their keys");
    }

    private static CacheOps.Facts facts(String version, String role, boolean cluster) {
        return new CacheOps.Facts(version.startsWith("1.") ? CacheKind.MEMCACHED : CacheKind.REDIS, version, role, "",
                cluster, List.of(), new TreeMap<>(Map.of(0, 4L)), 1024, 0.95, 100);
    }

    private static CacheOps.Node node(String ns, String name, String cluster) {
        return node(ns, name, cluster, CacheKind.REDIS);
    }

    private static CacheOps.Node node(String ns, String name, String cluster, CacheKind kind) {
        return new CacheOps.Node(ns, name, cluster, kind, "", true);
    }

    private static CacheOps ops(List<CacheOps.Node> nodes, CacheOps.Facts facts) {
        return new FakeOps(nodes, Map.of(nodes.get(0).name(), facts));
    }

    private static PlanContext context(CacheOps ops) {
        return new PlanContext(null, ops, () -> (ClusterSnapshot) null, Clock.systemUTC());
    }

    private static class FakeOps implements CacheOps {
        private final List<Node> nodes;
        private final Map<String, Facts> facts;

        FakeOps(List<Node> nodes, Map<String, Facts> facts) {
            this.nodes = nodes;
            this.facts = facts;
        }

        @Override
        public List<Node> resolve(String target, CacheKind kind, ClusterSnapshot snapshot) {
            return nodes;
        }

        @Override
        public Facts read(Node node) {
            return facts.get(node.name());
        }

        @Override
        public String flush(Node node, Flush flush) {
            throw new AssertionError("a plan sends nothing");
        }
    }
}
