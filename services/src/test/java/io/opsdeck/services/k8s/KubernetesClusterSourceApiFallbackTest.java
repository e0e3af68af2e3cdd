package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.discovery.v1beta1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.PdbInfo;
import io.opsdeck.services.model.ServiceInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static io.opsdeck.services.k8s.K8sObjects.endpoints;
import static io.opsdeck.services.k8s.K8sObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

/** Older API servers: endpoint counts from core/v1 Endpoints or v1beta1 slices, PDBs from policy/v1beta1. */
class KubernetesClusterSourceApiFallbackTest {
    private MockCluster cluster;
    private Workers workers;
    private KubernetesClusterSource source;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        workers = new Workers();
        cluster.client().services().resource(service("shop", "web", Map.of("app", "web"), 80)).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        Cleanup.close(source, workers, cluster);
    }

    private void serveGroups(String... groupVersions) {
        cluster.expect().get().withPath("/apis").andReturn(200, K8sObjects.groups(groupVersions)).always();
    }

    private ClusterSnapshot firstSnapshot() throws InterruptedException {
        source = new KubernetesClusterSource(cluster.client(), "old", null, workers.scheduler("k8s-test"),
                Clock.systemUTC());
        source.start(recorder);
        return recorder.awaitSnapshot("the first snapshot", x -> true);
    }

    @Test
    void withoutEndpointSlicesTheEndpointsObjectsGiveTheCounts() throws Exception {
        serveGroups("apps/v1", "policy/v1beta1");
        cluster.version("1", "20");
        KubernetesClient c = cluster.client();
        // the same IP in two subsets (two ports) counts once
        c.endpoints().resource(endpoints("shop", "web", new String[]{"10.1.0.1", "10.1.0.2"}, new String[]{"10.1.0.3"}))
                .create();
        c.endpoints().inNamespace("shop").withName("web").edit(e -> {
            e.getSubsets().add(new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder()
                    .addNewAddress().withIp("10.1.0.1").endAddress().addNewPort().withPort(9090).endPort().build());
            return e;
        });
        c.policy().v1beta1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withNamespace("shop").withName("web-pdb").endMetadata().withNewSpec()
                .withMaxUnavailable(new IntOrString("25%")).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .endSpec().withNewStatus().withDisruptionsAllowed(0).withCurrentHealthy(2).withDesiredHealthy(2)
                .withExpectedPods(2).endStatus().build()).create();

        ClusterSnapshot s = firstSnapshot();
        assertThat(s.serverVersion()).isEqualTo("v1.20.0");
        assertThat(s.services()).singleElement().extracting(ServiceInfo::endpointsReady, ServiceInfo::endpointsTotal)
                .containsExactly(2, 3);
        assertThat(s.pdbs()).singleElement().extracting(PdbInfo::name, PdbInfo::maxUnavailable, PdbInfo::minAvailable)
                .containsExactly("web-pdb", "25%", "");
        assertThat(s.unavailable()).isEmpty();
        assertThat(cluster.requests("/api/v1/endpoints")).isPositive();
        assertThat(cluster.requests("/apis/discovery.k8s.io/v1/endpointslices")).isZero();
    }

    @Test
    void v1beta1SlicesAreReadWhenThatIsWhatTheServerHas() throws Exception {
        serveGroups("apps/v1", "discovery.k8s.io/v1beta1");
        cluster.client().discovery().v1beta1().endpointSlices().resource(new EndpointSliceBuilder().withNewMetadata()
                .withNamespace("shop").withName("web-abc").addToLabels("kubernetes.io/service-name", "web").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.1.0.1").withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.1.0.2").withNewConditions().withReady(false).endConditions().endEndpoint()
                .build()).create();

        ClusterSnapshot s = firstSnapshot();
        assertThat(s.services()).singleElement().extracting(ServiceInfo::endpointsReady, ServiceInfo::endpointsTotal)
                .containsExactly(1, 2);
        assertThat(s.pdbs()).isEmpty();
        assertThat(s.unavailable()).containsExactly(
                "poddisruptionbudgets: not served by this API server (neither policy/v1 nor policy/v1beta1)");
    }
}
