package io.opsdeck.services.k8s;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.WorkloadInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static io.opsdeck.services.k8s.K8sObjects.deployment;
import static io.opsdeck.services.k8s.K8sObjects.node;
import static io.opsdeck.services.k8s.K8sObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watch that keeps failing while the API server answers everything else: fabric8's informer would
 * only retry the watch, so the resource is listed afresh (beside what is shown) and watched from there.
 */
class KubernetesClusterSourceStuckWatchTest {
    private MockCluster cluster;
    private Workers workers;
    private KubernetesClusterSource source;
    private final Recorder recorder = new Recorder();
    private int informersAtStart;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster();
        workers = new Workers();
        cluster.client().nodes().resource(node("n1", "a", true, false, false)).create();
        cluster.client().pods().resource(pod("ns", "p1", null, null, "app", "n1", true, 0)).create();
        cluster.client().apps().deployments().resource(deployment("ns", "web", 2, 2)).create();
        KubernetesClusterSource.Options d = KubernetesClusterSource.Options.DEFAULTS;
        source = new KubernetesClusterSource(cluster.client(), "mock", null, workers.scheduler("k8s-test"),
                Clock.systemUTC(), new KubernetesClusterSource.Options(d.coalesce(), d.listTimeout(), null,
                d.probeTimeout(), d.rbacRecheck(), Duration.ofSeconds(2)));
        source.start(recorder);
        recorder.awaitSnapshot("the first snapshot", s -> s.workloads().size() == 1);
        recorder.awaitStatus("CONNECTED", s -> s.state() == ConnectionState.CONNECTED);
        informersAtStart = source.informers().size();
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(source, workers, cluster);
    }

    @Test
    void aWatchThatKeepsFailingIsReplacedByAFreshList() throws Exception {
        // every connection drops; afterwards the deployments' watch is refused, everything else works
        cluster.refuseWatches("/apis/apps/v1/deployments");
        cluster.stop();
        recorder.awaitStatus("not connected", s -> s.state() != ConnectionState.CONNECTED);
        cluster.restart();
        cluster.client().apps().deployments().resource(deployment("ns", "api", 3, 3)).create();

        ClusterSnapshot after = recorder.awaitSnapshot("the deployment made meanwhile",
                s -> s.workloads().size() == 2);
        assertThat(after.workloads()).extracting(WorkloadInfo::name).containsExactly("api", "web");
        assertThat(cluster.lists("/apis/apps/v1/deployments")).as("listed afresh").isGreaterThanOrEqualTo(2);
        assertThat(after.pods()).hasSize(1);
        assertThat(source.informers()).as("the replaced informer is dropped, not kept beside").hasSize(informersAtStart);
        assertThat(informersAtStart).as("every kind").isEqualTo(ResourceKind.values().length);
    }
}
