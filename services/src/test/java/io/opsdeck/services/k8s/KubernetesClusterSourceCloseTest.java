package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.PodInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static io.opsdeck.services.k8s.K8sObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Switching contexts: closing one source stops its informers and its builder, and nothing else. */
class KubernetesClusterSourceCloseTest {
    private final MockCluster[] clusters = new MockCluster[2];
    private final KubernetesClusterSource[] sources = new KubernetesClusterSource[2];
    private final Recorder[] recorders = {new Recorder(), new Recorder()};
    private final ScheduledExecutorService[] builders = new ScheduledExecutorService[2];
    private Workers workers;

    @BeforeEach
    void setUp() throws Exception {
        workers = new Workers();
        for (int i = 0; i < 2; i++) {
            clusters[i] = new MockCluster();
            clusters[i].client().pods().resource(pod("ns", "first-" + i, null, null, "app", "n1", true, 0)).create();
            builders[i] = workers.scheduler("k8s-ctx" + i);
            sources[i] = new KubernetesClusterSource(clusters[i].client(), "ctx" + i, null, builders[i],
                    Clock.systemUTC());
            sources[i].start(recorders[i]);
        }
        for (Recorder r : recorders) {
            r.awaitSnapshot("the first snapshot", s -> s.pods().size() == 1);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(sources[0], clusters[0], sources[1], clusters[1], workers);
    }

    @Test
    void closingOneSourceStopsItAndLeavesTheOtherRunning() throws Exception {
        List<SharedIndexInformer<?>> informers = sources[0].informers();
        assertThat(informers).hasSize(ResourceKind.values().length).allMatch(SharedIndexInformer::isRunning);

        sources[0].close();
        sources[0].close(); // idempotent

        assertThat(informers).noneMatch(SharedIndexInformer::isRunning);
        assertThat(informers).allMatch(i -> i.stopped().toCompletableFuture().isDone());
        assertThat(((ScheduledThreadPoolExecutor) builders[0]).getQueue()).as("no builder task left").isEmpty();
        assertThat(builders[0].isShutdown()).as("the executor is the caller's").isFalse();
        assertThatThrownBy(() -> sources[0].start(recorders[0])).isInstanceOf(IllegalStateException.class);

        int before = recorders[0].snapshotCount.get();
        for (int i = 0; i < 2; i++) {
            // the client is the caller's too: still usable after close
            clusters[i].client().pods().resource(pod("ns", "second-" + i, null, null, "app", "n1", true, 0)).create();
        }
        assertThat(recorders[1].awaitSnapshot("the other source's change", s -> s.pods().size() == 2).pods())
                .extracting(PodInfo::name).containsExactlyInAnyOrder("first-1", "second-1");
        assertThat(sources[1].informers()).allMatch(SharedIndexInformer::isRunning);
        assertThat(recorders[0].snapshotCount.get()).as("no snapshot after close").isEqualTo(before);
        assertThat(recorders[0].snapshots.stream().flatMap(s -> s.pods().stream()).map(PodInfo::name))
                .doesNotContain("second-0");
    }
}
