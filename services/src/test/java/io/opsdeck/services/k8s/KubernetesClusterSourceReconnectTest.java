package io.opsdeck.services.k8s;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static io.opsdeck.services.k8s.K8sObjects.node;
import static io.opsdeck.services.k8s.K8sObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The API server goes away and comes back: the status says so, and the snapshot neither loses nor doubles anything. */
class KubernetesClusterSourceReconnectTest {
    private MockCluster cluster;
    private Workers workers;
    private KubernetesClusterSource source;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster();
        workers = new Workers();
        cluster.client().nodes().resource(node("n1", "a", true, false, false)).create();
        for (String name : new String[]{"p1", "p2", "p3"}) {
            cluster.client().pods().resource(pod("ns", name, null, null, "app", "n1", true, 0)).create();
        }
        source = new KubernetesClusterSource(cluster.client(), "mock", null, workers.scheduler("k8s-test"),
                Clock.systemUTC());
        source.start(recorder);
        recorder.awaitSnapshot("the first snapshot", s -> s.pods().size() == 3);
        recorder.awaitStatus("CONNECTED", s -> s.state() == ConnectionState.CONNECTED);
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(source, workers, cluster);
    }

    @Test
    void aRestartedServerIsWatchedAgainWithoutDuplicates() throws Exception {
        cluster.stop();
        ConnectionStatus down = recorder.awaitStatus("DOWN", s -> s.state() == ConnectionState.DOWN);
        assertThat(down.lastError()).startsWith("Cannot reach the API server at http://localhost:");
        assertThat(down.lastData()).as("the last good snapshot").isNotNull();

        cluster.restart();
        recorder.awaitStatus("CONNECTED again", s -> s.state() == ConnectionState.CONNECTED);
        cluster.client().pods().resource(pod("ns", "p4", null, null, "app", "n1", true, 0)).create();

        ClusterSnapshot after = recorder.awaitSnapshot("p4", s -> s.pods().size() == 4);
        assertThat(after.pods()).extracting(PodInfo::name).containsExactlyInAnyOrder("p1", "p2", "p3", "p4");
        assertThat(after.nodes()).extracting(NodeInfo::name).containsExactly("n1");
        assertThat(after.unavailable()).isEmpty();
    }

    @Test
    void a410GoneAfterTheGapRelistsAndDropsWhatWasDeletedMeanwhile() throws Exception {
        cluster.stop();
        recorder.awaitStatus("not connected", s -> s.state() != ConnectionState.CONNECTED);
        // while the informers cannot see it: p2 goes, p5 comes, and the history they would resume from is compacted
        cluster.changeWhileDown(c -> {
            c.pods().inNamespace("ns").withName("p2").delete();
            c.pods().resource(pod("ns", "p5", null, null, "app", "n1", true, 0)).create();
        }, true);
        cluster.restart();

        ClusterSnapshot relisted = recorder.awaitSnapshot("the relisted pods",
                s -> s.pods().stream().noneMatch(p -> p.name().equals("p2")));
        assertThat(relisted.pods()).extracting(PodInfo::name).containsExactlyInAnyOrder("p1", "p3", "p5");
        recorder.awaitStatus("CONNECTED again", s -> s.state() == ConnectionState.CONNECTED);
        assertThat(recorder.latest().pods()).extracting(PodInfo::name).containsExactlyInAnyOrder("p1", "p3", "p5");
    }
}
