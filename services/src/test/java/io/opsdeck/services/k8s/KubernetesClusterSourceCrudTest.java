package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.WorkloadKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.opsdeck.services.k8s.K8sObjects.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A live source against a CRUD mock API server: what the snapshot shows, and how it follows changes. */
class KubernetesClusterSourceCrudTest {
    private MockCluster cluster;
    private Workers workers;
    private KubernetesClusterSource source;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void seedCluster() {
        cluster = new MockCluster();
        workers = new Workers();
        KubernetesClient c = cluster.client();
        for (String ns : new String[]{"shop", "data"}) {
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        c.nodes().resource(node("n1", "eu-west-1a", true, false, false)).create();
        c.nodes().resource(node("n2", "eu-west-1b", true, true, false)).create();
        c.nodes().resource(node("n3", "eu-west-1a", false, false, true)).create();
        c.apps().deployments().resource(deployment("shop", "web", 2, 1)).create();
        c.apps().replicaSets().resource(replicaSet("shop", "web-7d4b9", "web")).create();
        c.pods().resource(pod("shop", "web-7d4b9-abcde", "ReplicaSet", "web-7d4b9", "web", "n1", true, 2)).create();
        c.pods().resource(pod("shop", "web-7d4b9-fghij", "ReplicaSet", "web-7d4b9", "web", "n2", false, 0)).create();
        c.apps().statefulSets().resource(statefulSet("data", "redis", 2, 2)).create();
        c.pods().resource(pod("data", "redis-0", "StatefulSet", "redis", "redis", "n1", true, 0)).create();
        c.pods().resource(pod("data", "redis-1", "StatefulSet", "redis", "redis", "n3", true, 0)).create();
        c.services().resource(service("shop", "web", Map.of("app", "web"), 80)).create();
        c.discovery().v1().endpointSlices().resource(slice("shop", "web-x1", "web", 2, "10.1.0.1", "10.1.0.2", "10.1.0.3"))
                .create();
        c.policy().v1().podDisruptionBudget().resource(pdb("shop", "web-pdb", "web")).create();
        c.v1().events().resource(event("shop", "e1", "Warning", "BackOff", "web-7d4b9-fghij", "2024-05-01T10:00:00Z"))
                .create();
        c.v1().events().resource(event("shop", "e2", "Normal", "Pulled", "web-7d4b9-abcde", "2024-05-01T09:00:00Z"))
                .create();
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(source, workers, cluster);
    }

    private void start() {
        source = new KubernetesClusterSource(cluster.client(), "mock", null, workers.scheduler("k8s-test"),
                Clock.systemUTC());
        source.start(recorder);
    }

    @Test
    void theFirstSnapshotShowsTheWholeCluster() throws Exception {
        start();
        ClusterSnapshot s = recorder.awaitSnapshot("the first snapshot", x -> true);

        assertThat(s.context()).isEqualTo("mock");
        assertThat(s.unavailable()).isEmpty();
        assertThat(s.namespaces()).containsExactly("data", "shop");
        assertThat(s.nodes()).extracting(NodeInfo::name).containsExactly("n1", "n2", "n3");
        NodeInfo n1 = s.nodes().get(0);
        assertThat(n1.zone()).isEqualTo("eu-west-1a");
        assertThat(n1.region()).as("from the failure-domain.beta label").isEqualTo("eu-west-1");
        assertThat(n1.role()).isEqualTo("worker");
        assertThat(n1.ready()).isTrue();
        assertThat(n1.cpuAllocatableMilli()).isEqualTo(3920);
        assertThat(n1.memoryAllocatableBytes()).isEqualTo(15L << 30);
        assertThat(n1.kubeletVersion()).isEqualTo("v1.30.4");
        assertThat(s.nodes().get(1).unschedulable()).isTrue();
        assertThat(s.nodes().get(2).pressures()).containsExactly(NodeCondition.MEMORY_PRESSURE);
        assertThat(s.nodes().get(2).ready()).isFalse();

        assertThat(s.pods()).extracting(PodInfo::name)
                .containsExactlyInAnyOrder("web-7d4b9-abcde", "web-7d4b9-fghij", "redis-0", "redis-1");
        PodInfo web = podNamed(s, "web-7d4b9-abcde").orElseThrow();
        assertThat(web.owner()).as("ReplicaSet resolved to its Deployment").isEqualTo(new OwnerRef("Deployment", "web"));
        assertThat(web.phase()).isEqualTo(PodPhase.RUNNING);
        assertThat(web.ready()).isTrue();
        assertThat(web.restarts()).as("both containers").isEqualTo(3);
        assertThat(web.nodeName()).isEqualTo("n1");
        assertThat(web.images()).containsExactly("registry.example/web:1.0", "registry.example/proxy:2");
        assertThat(web.ports()).containsExactly(8080);
        assertThat(web.cpuRequestMilli()).isEqualTo(350);
        assertThat(web.memoryRequestBytes()).isEqualTo(256L << 20);
        assertThat(web.labels()).containsEntry("app", "web");
        assertThat(web.podIp()).startsWith("10.0.0.");
        assertThat(podNamed(s, "web-7d4b9-fghij").orElseThrow().ready()).isFalse();
        assertThat(podNamed(s, "redis-1").orElseThrow().owner()).isEqualTo(new OwnerRef("StatefulSet", "redis"));

        assertThat(s.workloads()).extracting(WorkloadInfo::kind, WorkloadInfo::namespace, WorkloadInfo::name,
                WorkloadInfo::desired, WorkloadInfo::ready).containsExactly(
                org.assertj.core.groups.Tuple.tuple(WorkloadKind.STATEFULSET, "data", "redis", 2, 2),
                org.assertj.core.groups.Tuple.tuple(WorkloadKind.DEPLOYMENT, "shop", "web", 2, 1));
        assertThat(s.workloads().get(1).selector()).isEqualTo(Map.of("app", "web"));

        ServiceInfo svc = s.services().get(0);
        assertThat(svc.name()).isEqualTo("web");
        assertThat(svc.endpointsReady()).isEqualTo(2);
        assertThat(svc.endpointsTotal()).isEqualTo(3);
        assertThat(svc.ports()).containsExactly(80);
        assertThat(svc.type()).isEqualTo("ClusterIP");

        assertThat(s.pdbs()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("web-pdb");
            assertThat(p.minAvailable()).isEqualTo("2");
            assertThat(p.maxUnavailable()).isEmpty();
            assertThat(p.disruptionsAllowed()).isEqualTo(1);
            assertThat(p.selector()).isEqualTo(Map.of("app", "web"));
        });
        assertThat(s.events()).as("Warning events only").singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("BackOff");
            assertThat(e.objectKind()).isEqualTo("Pod");
            assertThat(e.objectName()).isEqualTo("web-7d4b9-fghij");
            assertThat(e.count()).isEqualTo(4);
            assertThat(e.lastSeen()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        });

        assertThat(recorder.awaitStatus("CONNECTED", st -> st.state() == ConnectionState.CONNECTED).lastData())
                .isNotNull();
        assertThat(source.status().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(recorder.callbackThread().getName()).startsWith("opsdeck-k8s-test");
    }

    @Test
    void aChangedPodShowsInTheNextSnapshotAndADeletedOneIsGone() throws Exception {
        start();
        recorder.awaitSnapshot("the first snapshot", x -> true);
        KubernetesClient c = cluster.client();

        c.pods().inNamespace("shop").withName("web-7d4b9-abcde").edit(p -> new PodBuilder(p).editStatus()
                .withPhase("Failed").editMatchingCondition(cond -> "Ready".equals(cond.getType())).withStatus("False")
                .endCondition().editFirstContainerStatus().withRestartCount(7).endContainerStatus().endStatus().build());
        ClusterSnapshot changed = recorder.awaitSnapshot("the pod failed", s -> podNamed(s, "web-7d4b9-abcde")
                .map(p -> p.phase() == PodPhase.FAILED).orElse(false));
        PodInfo p = podNamed(changed, "web-7d4b9-abcde").orElseThrow();
        assertThat(p.ready()).isFalse();
        assertThat(p.restarts()).isEqualTo(8);
        assertThat(p.owner()).isEqualTo(new OwnerRef("Deployment", "web"));

        c.pods().inNamespace("data").withName("redis-1").delete();
        ClusterSnapshot after = recorder.awaitSnapshot("redis-1 gone", s -> podNamed(s, "redis-1").isEmpty());
        assertThat(after.pods()).extracting(PodInfo::name)
                .containsExactlyInAnyOrder("web-7d4b9-abcde", "web-7d4b9-fghij", "redis-0");
        // an unchanged pod keeps its record from one snapshot to the next
        assertThat(podNamed(after, "redis-0").orElseThrow()).isSameAs(podNamed(changed, "redis-0").orElseThrow());
    }

    @Test
    void manyQuickChangesAreCoalescedIntoFewSnapshots() throws Exception {
        start();
        recorder.awaitSnapshot("the first snapshot", x -> true);
        int before = recorder.snapshotCount.get();
        int changes = 40;
        for (int i = 0; i < changes; i++) {
            cluster.client().pods().resource(pod("shop", "batch-" + i, null, null, "batch", "n1", true, 0)).create();
        }
        recorder.awaitSnapshot("all new pods", s -> s.pods().size() == 4 + changes);
        int published = recorder.snapshotCount.get() - before;
        assertThat(published).isPositive().isLessThan(changes);
        assertThat(recorder.overlapped).as("listener called concurrently").isFalse();
        ClusterSnapshot last = recorder.latest();
        assertThat(last.pods()).extracting(PodInfo::name).doesNotHaveDuplicates();
        assertThat(podNamed(last, "batch-0").orElseThrow().owner()).isEqualTo(OwnerRef.NONE);
    }

    @Test
    void theFirstListIsServedFromTheWatchCacheUnlessPagesAreAskedFor() throws Exception {
        start();
        recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(cluster.requested("/api/v1/pods?resourceVersion=0")).isTrue();
        source.close();

        KubernetesClusterSource paged = new KubernetesClusterSource(cluster.client(), "paged", null,
                workers.scheduler("k8s-paged"), Clock.systemUTC(), new KubernetesClusterSource.Options(
                java.time.Duration.ofMillis(250), java.time.Duration.ofMinutes(1), 500L, java.time.Duration.ofSeconds(5)));
        try {
            Recorder r = new Recorder();
            paged.start(r);
            assertThat(r.awaitSnapshot("the first paged snapshot", x -> true).pods()).hasSize(4);
            assertThat(cluster.requested("/api/v1/pods?limit=500")).isTrue();
        } finally {
            paged.close();
        }
    }

    @Test
    void warningEventsAreSortedNewestFirst() throws Exception {
        cluster.client().v1().events().resource(event("data", "e3", "Warning", "FailedScheduling", "redis-1",
                "2024-05-01T11:00:00Z")).create();
        start();
        ClusterSnapshot s = recorder.awaitSnapshot("two warnings", x -> x.events().size() == 2);
        assertThat(s.events()).extracting(ClusterEvent::reason).containsExactly("FailedScheduling", "BackOff");
    }

    static Optional<PodInfo> podNamed(ClusterSnapshot s, String name) {
        return s.pods().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
