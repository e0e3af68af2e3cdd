package io.opsdeck.services.overview;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.sandbox.SandboxSpec;
import io.opsdeck.services.sandbox.SandboxWorld;
import io.opsdeck.services.model.CacheStatsBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The incremental builder gives, snapshot after snapshot, what a build from scratch gives. */
class IncrementalOverviewTest {
    private static final ConnectionStatus UP = Fixtures.connected("http://prometheus:9090");

    private final OverviewBuilder.Incremental incremental = new OverviewBuilder.Incremental();

    private void assertSameAsFromScratch(ClusterSnapshot cluster) {
        Overview patched = incremental.build(cluster, MetricsSnapshot.EMPTY, List.of(), CacheStatsBook.EMPTY, UP, UP,
                Fixtures.T0);
        Overview full = OverviewBuilder.build(cluster, MetricsSnapshot.EMPTY, UP, UP, Fixtures.T0);
        assertThat(patched.zones()).isEqualTo(full.zones());
        assertThat(patched.caches()).isEqualTo(full.caches());
        assertThat(patched.cacheClusters()).isEqualTo(full.cacheClusters());
        assertThat(patched.services()).isEqualTo(full.services());
        assertThat(patched.cluster()).isSameAs(cluster);
    }

    private static ClusterSnapshot with(ClusterSnapshot c, List<NodeInfo> nodes, List<PodInfo> pods,
                                        List<ServiceInfo> services) {
        return new ClusterSnapshot(c.context(), c.takenAt(), c.serverVersion(), nodes, pods, c.workloads(), services,
                c.pdbs(), c.events(), c.namespaces(), c.unavailable());
    }

    private static ClusterSnapshot withPod(ClusterSnapshot c, int at, UnaryOperator<PodInfo> change) {
        List<PodInfo> pods = new ArrayList<>(c.pods());
        pods.set(at, change.apply(pods.get(at)));
        return with(c, c.nodes(), pods, c.services());
    }

    private static PodInfo pod(PodInfo p, String nodeName, PodPhase phase, int restarts, Map<String, String> labels,
                               List<String> images) {
        return new PodInfo(p.namespace(), p.name(), nodeName, phase, p.ready(), restarts, p.owner(), labels, images,
                p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp());
    }

    /**
     * A pod that a Service selects, and a workload short of replicas in its namespace that does not
     * own it: handing the pod to that workload changes the Service's health.
     */
    private static Map.Entry<Integer, OwnerRef> servedAndShortWorkload(ClusterSnapshot c) {
        for (WorkloadInfo w : c.workloads()) {
            if (w.available() >= w.desired()) {
                continue;
            }
            OwnerRef owner = new OwnerRef(w.kind().kubernetesName(), w.name());
            for (ServiceInfo svc : c.services()) {
                for (int i = 0; i < c.pods().size() && svc.namespace().equals(w.namespace())
                        && !svc.selector().isEmpty(); i++) {
                    PodInfo p = c.pods().get(i);
                    if (p.namespace().equals(svc.namespace()) && !p.owner().equals(owner)
                            && p.labels().entrySet().containsAll(svc.selector().entrySet())) {
                        return Map.entry(i, owner);
                    }
                }
            }
        }
        throw new AssertionError("no Service selects a pod in the namespace of a workload short of replicas");
    }

    @Test
    void theSandboxTickByTickGivesWhatABuildFromScratchGives() {
        SandboxWorld world = SandboxWorld.generate(SandboxSpec.DEFAULT, Fixtures.T0);
        for (int i = 0; i < 30; i++) {
            assertSameAsFromScratch(world.snapshot("sandbox", Fixtures.T0.plusSeconds(i)));
            world.tick();
        }
    }

    @Test
    void podsThatChangeStateLabelsPlaceOrWhatTheyRunAreAllSeen() {
        ClusterSnapshot c = SandboxWorld.generate(SandboxSpec.DEFAULT, Fixtures.T0).snapshot("sandbox", Fixtures.T0);
        assertSameAsFromScratch(c);
        int cache = -1;
        int plain = -1;
        for (int i = 0; i < c.pods().size(); i++) {
            boolean isCache = c.pods().get(i).images().stream().anyMatch(im -> im.contains("redis")
                    || im.contains("memcached"));
            if (isCache && cache < 0) {
                cache = i;
            } else if (!isCache && plain < 0 && c.pods().get(i).scheduled() && !c.pods().get(i).labels().isEmpty()) {
                plain = i;
            }
        }
        assertThat(cache).isNotNegative();
        assertThat(plain).isNotNegative();
        String otherNode = c.nodes().get(c.nodes().size() - 1).name();

        // restarts only: the index, zones and caches are carried over
        c = withPod(c, plain, p -> pod(p, p.nodeName(), p.phase(), p.restarts() + 9, p.labels(), p.images()));
        assertSameAsFromScratch(c);
        // the same snapshot again, and one with nothing changed
        assertSameAsFromScratch(c);
        assertSameAsFromScratch(with(c, c.nodes(), c.pods(), c.services()));
        // another owner, the labels kept: the Services selecting it are backed by that workload now
        Map.Entry<Integer, OwnerRef> handover = servedAndShortWorkload(c);
        OwnerRef otherOwner = handover.getValue();
        c = withPod(c, handover.getKey(), p -> new PodInfo(p.namespace(), p.name(), p.nodeName(), p.phase(), p.ready(),
                p.restarts(), otherOwner, p.labels(), p.images(), p.ports(), p.cpuRequestMilli(),
                p.memoryRequestBytes(), p.podIp()));
        assertSameAsFromScratch(c);
        // a new label: the pod is selected by other Services now
        c = withPod(c, plain, p -> {
            Map<String, String> labels = new HashMap<>(p.labels());
            labels.put("app", "something-else");
            return pod(p, p.nodeName(), p.phase(), p.restarts(), labels, p.images());
        });
        assertSameAsFromScratch(c);
        // moved to another node, and unscheduled: the zones' pod counts change
        c = withPod(c, plain, p -> pod(p, otherNode, p.phase(), p.restarts(), p.labels(), p.images()));
        assertSameAsFromScratch(c);
        c = withPod(c, plain, p -> pod(p, "", PodPhase.PENDING, p.restarts(), p.labels(), p.images()));
        assertSameAsFromScratch(c);
        // a cache server finishes, and a plain pod starts running one
        c = withPod(c, cache, p -> pod(p, p.nodeName(), PodPhase.SUCCEEDED, p.restarts(), p.labels(), p.images()));
        assertSameAsFromScratch(c);
        c = withPod(c, plain, p -> pod(p, p.nodeName(), PodPhase.RUNNING, p.restarts(), p.labels(),
                List.of("redis:7.2")));
        assertSameAsFromScratch(c);
    }

    @Test
    void nodesServicesAndPodsComingAndGoingAreAllSeen() {
        ClusterSnapshot c = SandboxWorld.generate(SandboxSpec.DEFAULT, Fixtures.T0).snapshot("sandbox", Fixtures.T0);
        assertSameAsFromScratch(c);

        // a node is cordoned: no pod changed, the zones did
        List<NodeInfo> nodes = new ArrayList<>(c.nodes());
        NodeInfo n = nodes.get(0);
        nodes.set(0, Fixtures.node(n.name(), n.zoneOrUnzoned(), false, true));
        c = with(c, nodes, c.pods(), c.services());
        assertSameAsFromScratch(c);
        // a Service goes away: no pod changed, the services did (and a cache may have been named after it)
        c = with(c, c.nodes(), c.pods(), c.services().subList(1, c.services().size()));
        assertSameAsFromScratch(c);
        // a pod goes away, and comes back
        List<PodInfo> fewer = new ArrayList<>(c.pods());
        PodInfo gone = fewer.remove(3);
        c = with(c, c.nodes(), fewer, c.services());
        assertSameAsFromScratch(c);
        List<PodInfo> more = new ArrayList<>(fewer);
        more.add(gone);
        c = with(c, c.nodes(), more, c.services());
        assertSameAsFromScratch(c);
    }
}
