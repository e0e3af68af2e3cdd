package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ServiceInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.opsdeck.services.k8s.K8sObjects.node;
import static io.opsdeck.services.k8s.K8sObjects.pod;
import static io.opsdeck.services.k8s.K8sObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

/** RBAC refusals, bad credentials and server errors: reported with a sentence, and the rest keeps working. */
class KubernetesClusterSourceErrorsTest {
    private static final String CLUSTER_SCOPE = "User \"jane\" cannot list resource \"%s\" in API group \"\" at the cluster scope";

    private MockCluster cluster;
    private Workers workers;
    private KubernetesClusterSource source;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        workers = new Workers();
        KubernetesClient c = cluster.client();
        c.nodes().resource(node("n1", "a", true, false, false)).create();
        c.pods().resource(pod("team-a", "a1", null, null, "a", "n1", true, 0)).create();
        c.pods().resource(pod("team-b", "b1", null, null, "b", "n1", true, 0)).create();
        c.services().resource(service("team-a", "svc-a", Map.of("app", "a"), 80)).create();
        c.services().resource(service("team-b", "svc-b", Map.of("app", "b"), 80)).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(source, workers, cluster);
    }

    private void start(KubernetesClient client, String defaultNamespace) {
        source = new KubernetesClusterSource(client, "ctx", defaultNamespace, workers.scheduler("k8s-test"),
                Clock.systemUTC());
        source.start(recorder);
    }

    private void forbidClusterWide(String resource) {
        cluster.expect().get().withPath("/api/v1/" + resource + "?resourceVersion=0")
                .andReturn(403, status(403, "Forbidden", resource + " is forbidden: " + CLUSTER_SCOPE.formatted(resource)))
                .always();
    }

    @Test
    void forbiddenPodsAreNamedAndEverythingElseIsStillShown() throws Exception {
        forbidClusterWide("pods");
        start(cluster.client(), null);

        ClusterSnapshot s = recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(s.pods()).isEmpty();
        assertThat(s.unavailable()).containsExactly("pods: forbidden — " + CLUSTER_SCOPE.formatted("pods"));
        assertThat(s.nodes()).extracting(NodeInfo::name).containsExactly("n1");
        assertThat(s.services()).extracting(ServiceInfo::name).containsExactly("svc-a", "svc-b");

        ConnectionStatus st = recorder.awaitStatus("DEGRADED", x -> x.state() == ConnectionState.DEGRADED);
        assertThat(st.lastError()).isEqualTo("Pods: forbidden — " + CLUSTER_SCOPE.formatted("pods"));
        assertThat(cluster.requests("/api/v1/pods")).as("a 403 is not retried").isEqualTo(1);
    }

    @Test
    void aNamespaceScopedUserSeesTheirNamespace() throws Exception {
        for (String r : new String[]{"pods", "services", "nodes", "namespaces"}) {
            forbidClusterWide(r);
        }
        start(cluster.client(), "team-a");

        ClusterSnapshot s = recorder.awaitSnapshot("team-a's pods", x -> !x.pods().isEmpty() && !x.services().isEmpty());
        assertThat(s.pods()).extracting(PodInfo::name).containsExactly("a1");
        assertThat(s.services()).extracting(ServiceInfo::name).containsExactly("svc-a");
        assertThat(s.nodes()).isEmpty();
        assertThat(s.namespaces()).as("seen, since namespaces cannot be listed").containsExactly("team-a");
        assertThat(s.unavailable()).containsExactly(
                "nodes: forbidden — " + CLUSTER_SCOPE.formatted("nodes"),
                "namespaces: forbidden — " + CLUSTER_SCOPE.formatted("namespaces"),
                "pods: showing namespace \"team-a\" only — " + CLUSTER_SCOPE.formatted("pods"),
                "services: showing namespace \"team-a\" only — " + CLUSTER_SCOPE.formatted("services"));
        assertThat(recorder.awaitStatus("DEGRADED", x -> x.state() == ConnectionState.DEGRADED).lastError())
                .startsWith("Nodes: forbidden");

        // and the namespace's informers follow changes
        cluster.client().pods().resource(pod("team-a", "a2", null, null, "a", "n1", true, 0)).create();
        assertThat(recorder.awaitSnapshot("a2", x -> x.pods().size() == 2).pods()).extracting(PodInfo::name)
                .containsExactlyInAnyOrder("a1", "a2");
    }

    private void startRechecking(String defaultNamespace) {
        KubernetesClusterSource.Options d = KubernetesClusterSource.Options.DEFAULTS;
        source = new KubernetesClusterSource(cluster.client(), "ctx", defaultNamespace, workers.scheduler("k8s-test"),
                Clock.systemUTC(), new KubernetesClusterSource.Options(d.coalesce(), d.listTimeout(), null,
                d.probeTimeout(), Duration.ofSeconds(1), d.stuckWatch()));
        source.start(recorder);
    }

    @Test
    void accessGrantedLaterShowsWithoutReopeningTheContext() throws Exception {
        cluster.expect().get().withPath("/api/v1/pods?resourceVersion=0")
                .andReturn(403, status(403, "Forbidden", "pods is forbidden: " + CLUSTER_SCOPE.formatted("pods"))).once();
        cluster.expect().get().withPath("/api/v1/nodes?resourceVersion=0")
                .andReturn(403, status(403, "Forbidden", "nodes is forbidden: " + CLUSTER_SCOPE.formatted("nodes"))).once();
        startRechecking("team-a");

        ClusterSnapshot limited = recorder.awaitSnapshot("team-a only", x -> x.pods().size() == 1);
        assertThat(limited.pods()).extracting(PodInfo::name).containsExactly("a1");
        assertThat(limited.nodes()).isEmpty();

        // the role binding is granted meanwhile: the next re-check lists everything, and the notes go
        ClusterSnapshot all = recorder.awaitSnapshot("every namespace and the nodes",
                x -> x.pods().size() == 2 && x.nodes().size() == 1 && x.unavailable().isEmpty());
        assertThat(all.pods()).extracting(PodInfo::name).containsExactlyInAnyOrder("a1", "b1");
        recorder.awaitStatus("CONNECTED", x -> x.state() == ConnectionState.CONNECTED);
        // the namespace's informer was replaced, not kept beside: changes come once
        cluster.client().pods().resource(pod("team-a", "a2", null, null, "a", "n1", true, 0)).create();
        assertThat(recorder.awaitSnapshot("a2", x -> x.pods().size() == 3).pods()).extracting(PodInfo::name)
                .containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(source.informers().stream().filter(i -> i.toString().contains("/pods")).count()).isEqualTo(1);
    }

    @Test
    void stillForbiddenKeepsTheNamespaceShownWhileAskingAgain() throws Exception {
        forbidClusterWide("pods");
        startRechecking("team-a");

        recorder.awaitSnapshot("team-a only", x -> x.pods().size() == 1);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (cluster.lists("/api/v1/pods") < 3) {
            assertThat(System.nanoTime()).as("re-checks of the cluster-wide list").isLessThan(deadline);
            Thread.sleep(50);
        }
        // every snapshot meanwhile still shows the namespace and says why it is only that
        recorder.snapshots.forEach(x -> {
            assertThat(x.pods()).extracting(PodInfo::name).containsExactly("a1");
            assertThat(x.unavailable()).containsExactly("pods: showing namespace \"team-a\" only — "
                    + CLUSTER_SCOPE.formatted("pods"));
        });
        assertThat(recorder.latest().pods()).extracting(PodInfo::name).containsExactly("a1");
    }

    @Test
    void badCredentialsEverywhereAreDownWithTheReason() throws Exception {
        KubernetesMockServer refusing = new KubernetesMockServer(new Context(),
                new MockWebServer(), new HashMap<>(), new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        return new MockResponse().setResponseCode(401)
                                .setBody(Serialization.asJson(status(401, "Unauthorized", "Unauthorized")));
                    }
                }, false);
        refusing.start();
        try (KubernetesClient client = refusing.createClient()) {
            start(client, "team-a");
            ConnectionStatus st = recorder.awaitStatus("DOWN", x -> x.state() == ConnectionState.DOWN);
            assertThat(st.lastError()).startsWith("The API server at " + st.endpoint()
                    + " rejected the credentials (401 Unauthorized); log in again or refresh the kubeconfig");
            assertThat(st.lastData()).isNull();
            assertThat(recorder.snapshots).isEmpty();
            source.close();
        } finally {
            refusing.shutdown();
        }
    }

    @Test
    void aServerErrorOnAListIsReportedThenRetried() throws Exception {
        cluster.expect().get().withPath("/api/v1/services?resourceVersion=0")
                .andReturn(500, status(500, "InternalError", "etcdserver: request timed out")).times(2);
        start(cluster.client(), null);

        ClusterSnapshot first = recorder.awaitSnapshot("the first snapshot", x -> true);
        assertThat(first.pods()).hasSize(2);
        assertThat(first.services()).isEmpty();
        assertThat(first.unavailable()).singleElement().asString()
                .startsWith("services: not listed yet — the API server at http://localhost:")
                .endsWith("answered 500 (Internal Server Error): etcdserver: request timed out; retrying");
        assertThat(recorder.awaitStatus("DEGRADED", x -> x.state() == ConnectionState.DEGRADED).lastError())
                .startsWith("Services: the API server at");

        ClusterSnapshot recovered = recorder.awaitSnapshot("the services", x -> x.services().size() == 2);
        assertThat(recovered.unavailable()).isEmpty();
        recorder.awaitStatus("CONNECTED", x -> x.state() == ConnectionState.CONNECTED);
        assertThat(cluster.requests("/api/v1/services")).isGreaterThanOrEqualTo(3);
    }

    static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }
}
