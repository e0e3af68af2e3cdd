package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.APIGroupList;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.opsdeck.services.k8s.K8sObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pods and Warning events start listing together with API discovery, not after it (at 30,000 pods the
 * LIST is most of the initial load); a failed discovery stops them with it, and the next try starts
 * them again without leaving a second copy behind. While the console builds its window the pods are asked
 * for but not decoded, and the other kinds wait.
 */
class KubernetesClusterSourceEarlyListTest {
    private MockCluster cluster;
    private Workers workers;
    private KubernetesClusterSource source;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        workers = new Workers();
        cluster.client().pods().resource(pod("shop", "web-1", "ReplicaSet", "web-abc", "web", "node-a", true, 0)).create();
        cluster.client().pods().resource(pod("shop", "web-2", "ReplicaSet", "web-abc", "web", "node-a", true, 0)).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(source, workers, cluster);
    }

    private void start() {
        source = new KubernetesClusterSource(cluster.client(), "early", null, workers.scheduler("k8s-test"),
                Clock.systemUTC());
        source.start(recorder);
    }

    private static APIGroupList groups() {
        return K8sObjects.groups("apps/v1", "discovery.k8s.io/v1", "policy/v1");
    }

    @Test
    void podsAreListedWhileDiscoveryIsStillAsking() throws Exception {
        // discovery does not answer within this test; the informers that depend on it (nodes among them)
        // wait for it, pods and events do not
        cluster.expect().get().delay(60, TimeUnit.SECONDS).withPath("/apis").andReturn(200, groups()).always();
        source = new KubernetesClusterSource(cluster.client(), "early", null, workers.scheduler("k8s-test"),
                Clock.systemUTC(), new KubernetesClusterSource.Options(Duration.ofMillis(250), Duration.ofMinutes(1),
                null, Duration.ofSeconds(90)));
        source.start(recorder);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cluster.lists("/api/v1/pods") == 0 || cluster.lists("/api/v1/events") == 0
                || cluster.requests("/apis") == 0) {
            if (System.nanoTime() > deadline) {
                fail("pods and events were not listed while discovery was asking");
            }
            Thread.sleep(10);
        }
        assertThat(cluster.requests("/api/v1/nodes")).isZero();
        assertThat(cluster.requests("/apis/apps/v1/deployments")).isZero();
        assertThat(recorder.snapshots).isEmpty();
    }

    @Test
    void theEarlyListIsKeptNotRepeatedAfterDiscovery() throws Exception {
        cluster.expect().get().withPath("/apis").andReturn(200, groups()).always();
        start();

        ClusterSnapshot first = recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(first.pods()).hasSize(2);
        assertThat(first.unavailable()).isEmpty();
        recorder.awaitStatus("CONNECTED", x -> x.state() == ConnectionState.CONNECTED);
        assertThat(cluster.lists("/api/v1/pods")).isEqualTo(1);
        assertThat(cluster.lists("/api/v1/nodes")).isEqualTo(1);
    }

    @Test
    void whileTheHeavyWorkIsHeldThePodsAreAskedForAndNothingElseStarts() throws Exception {
        cluster.expect().get().withPath("/apis").andReturn(200, groups()).always();
        CompletableFuture<Void> allowed = new CompletableFuture<>();
        source = new KubernetesClusterSource(cluster.client(), "early", null, workers.scheduler("k8s-test"),
                Clock.systemUTC());
        source.start(recorder, allowed);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cluster.lists("/api/v1/pods") == 0 || cluster.requests("/apis") == 0) {
            if (System.nanoTime() > deadline) {
                fail("the pods were not asked for while the heavy work was held");
            }
            Thread.sleep(10);
        }
        // discovery has answered: without the hold the other informers would start within a tick (250 ms)
        Thread.sleep(1000);
        assertThat(cluster.requests("/api/v1/nodes")).isZero();
        assertThat(cluster.requests("/apis/apps/v1/deployments")).isZero();
        assertThat(source.informers()).as("pods and events only").hasSize(2).noneMatch(i -> i.hasSynced());
        assertThat(recorder.snapshots).isEmpty();

        allowed.complete(null);
        ClusterSnapshot first = recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(first.pods()).extracting(p -> p.name()).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(cluster.lists("/api/v1/pods")).as("the list held, not asked again").isEqualTo(1);
        assertThat(cluster.lists("/api/v1/nodes")).isEqualTo(1);
    }

    @Test
    void aFailedDiscoveryStopsTheEarlyListsAndTheNextTryStartsThemOnce() throws Exception {
        cluster.expect().get().withPath("/apis").andReturn(500, KubernetesClusterSourceErrorsTest.status(500,
                "InternalError", "etcdserver: request timed out")).once();
        cluster.expect().get().withPath("/apis").andReturn(200, groups()).always();
        start();

        recorder.awaitStatus("DOWN", x -> x.state() == ConnectionState.DOWN);
        // on the builder's thread, after the failure: the early informers were stopped and dropped
        assertThat(source.informers()).isEmpty();

        ClusterSnapshot first = recorder.awaitSnapshot("the pods", x -> x.pods().size() == 2);
        assertThat(first.pods()).extracting(p -> p.name()).containsExactlyInAnyOrder("web-1", "web-2");
        recorder.awaitStatus("CONNECTED", x -> x.state() == ConnectionState.CONNECTED);
        long pods = source.informers().stream().filter(i -> i instanceof StreamingInformer<?> s
                && s.toString().contains("pods")).count();
        assertThat(pods).as("pod informers running: %s", source.informers()).isEqualTo(1);
    }
}
