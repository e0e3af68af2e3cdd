package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.WorkloadInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.opsdeck.services.k8s.K8sObjects.deployment;
import static io.opsdeck.services.k8s.K8sObjects.pod;
import static io.opsdeck.services.k8s.KubernetesClusterSourceErrorsTest.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A headless command's source ({@code Options#headless()}) takes its snapshot once every list has arrived,
 * whether or not a watch is up: here the API server answers every LIST and never a WATCH. The builder's
 * regular tick is an hour away, so only the early build after the last list can publish; a source that
 * waited for its watches (as the window's does for its first snapshot) would publish nothing.
 */
class KubernetesClusterSourceHeadlessTest {
    private final SourceUnderTest under = new SourceUnderTest();
    private final MockCluster cluster = under.cluster;
    private final Recorder recorder = under.recorder;
    private KubernetesClusterSource source;

    @BeforeEach
    void setUp() {
        cluster.client().pods().resource(pod("shop", "web-1", null, null, "web", "n1", true, 0)).create();
        cluster.client().pods().resource(pod("shop", "web-2", null, null, "web", "n1", false, 3)).create();
        cluster.client().apps().deployments().resource(deployment("shop", "web", 2, 1)).create();
        cluster.holdWatches();
    }

    @AfterEach
    void tearDown() {
        under.close();
    }

    private void start() {
        KubernetesClusterSource.Options d = KubernetesClusterSource.Options.DEFAULTS;
        source = under.startWith(null, new KubernetesClusterSource.Options(Duration.ofHours(1), d.listTimeout(), null,
                d.probeTimeout()).headless());
    }

    @Test
    void theSnapshotComesOnceEverythingHasListedWithoutAnyWatch() throws Exception {
        start();

        ClusterSnapshot s = recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(s.pods()).extracting(PodInfo::name).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(s.workloads()).extracting(WorkloadInfo::name).containsExactly("web");
        assertThat(s.unavailable()).isEmpty();
        assertThat(source.informers()).as("every kind listed, none watching").hasSize(ResourceKind.values().length)
                .allMatch(SharedIndexInformer::hasSynced).noneMatch(SharedIndexInformer::isWatching);
        assertThat(source.status().state()).as("everything was read").isEqualTo(ConnectionState.CONNECTED);
        assertThat(source.status().lastError()).isEmpty();
    }

    @Test
    void whatCouldNotBeListedIsStillUnknownWithItsReason() throws Exception {
        cluster.forbid("/api/v1/nodes");
        cluster.expect().get().withPath("/api/v1/services?resourceVersion=0")
                .andReturn(500, status(500, "InternalError", "etcdserver: request timed out")).always();
        start();

        ClusterSnapshot s = recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(s.pods()).hasSize(2);
        assertThat(s.nodes()).isEmpty();
        assertThat(s.nodesScope().everywhere()).as("nodes unknown, not 0").isFalse();
        assertThat(s.unavailable()).anySatisfy(u -> assertThat(u).startsWith("nodes: forbidden — "))
                .anySatisfy(u -> assertThat(u).startsWith("services: not listed yet — ")
                        .endsWith("etcdserver: request timed out; retrying"));
        assertThat(source.status().state()).isEqualTo(ConnectionState.DEGRADED);
        assertThat(source.status().lastError()).startsWith("Services: the API server at").doesNotContain("watch");
    }
}
