package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.overview.OverviewBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.opsdeck.services.k8s.K8sObjects.endpoints;
import static io.opsdeck.services.k8s.K8sObjects.pod;
import static io.opsdeck.services.k8s.K8sObjects.service;
import static io.opsdeck.services.k8s.K8sObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access that changes while Opsdeck runs: a RoleBinding removed (the next watch and list answer 403)
 * turns the figures unknown with the reason; access granted later is picked up by the re-checks.
 */
class AccessChangesTest {
    private static final String SLICES = "/apis/discovery.k8s.io/v1/endpointslices";
    private static final String ENDPOINTS = "/api/v1/endpoints";

    private SourceUnderTest under;
    private MockCluster cluster;
    private Recorder recorder;
    private KubernetesClusterSource source;

    @BeforeEach
    void setUp() {
        under = new SourceUnderTest();
        cluster = under.cluster;
        recorder = under.recorder;
        KubernetesClient c = cluster.client();
        c.pods().resource(pod("shop", "cart-0", null, null, "cart", "n1", true, 0)).create();
        c.pods().resource(pod("shop", "cart-1", null, null, "cart", "n1", true, 0)).create();
        c.services().resource(service("shop", "cart", Map.of("app", "cart"), 80)).create();
        c.discovery().v1().endpointSlices().resource(slice("shop", "cart-x", "cart", 2, "10.0.1.1", "10.0.1.2"))
                .create();
        c.endpoints().resource(endpoints("shop", "cart", new String[]{"10.0.1.1", "10.0.1.2"}, new String[0])).create();
    }

    @AfterEach
    void tearDown() {
        under.close();
    }

    /** Forbidden lists asked again every second, a watch down for a second listed afresh. */
    private void start() {
        source = under.start(null, Duration.ofSeconds(1));
    }

    private static ServiceInfo cart(ClusterSnapshot s) {
        return s.services().stream().filter(v -> v.name().equals("cart")).findFirst().orElseThrow();
    }

    private static ServiceHealth health(ClusterSnapshot s) {
        return OverviewBuilder.build(s, MetricsSnapshot.EMPTY, Fixtures.connected("ctx"), Fixtures.connected("m"),
                Fixtures.T0).services().get(0);
    }

    @Test
    void aRoleBindingRemovedTurnsTheCountsUnknownAndGivenBackTheyReturn() throws Exception {
        start();
        ClusterSnapshot before = recorder.awaitSnapshot("cart's endpoints", x -> !x.services().isEmpty()
                && cart(x).endpointsTotal() == 2);
        assertThat(health(before).health()).isEqualTo(Health.HEALTHY);

        // the binding goes: lists and watches are refused from now on; the open watches end as the API
        // server ends them every few minutes (here: at once, by a restart on the same port)
        cluster.forbid(SLICES);
        cluster.forbid(ENDPOINTS);
        cluster.stop();
        cluster.restart();

        ClusterSnapshot revoked = recorder.awaitSnapshot("cart's endpoints unknown", x -> !x.services().isEmpty()
                && !cart(x).endpointsKnown() && x.endpointsScope().forbidden());
        assertThat(cart(revoked).endpointsUnknown()).isEqualTo("may not list endpointslices or endpoints in shop");
        assertThat(cart(revoked).endpointsTotal()).as("never 0").isEqualTo(-1);
        assertThat(revoked.unavailable()).singleElement().asString()
                .startsWith("endpointslices and endpoints: forbidden — ");
        ServiceHealth h = health(revoked);
        assertThat(h.health()).isEqualTo(Health.UNKNOWN);
        assertThat(h.reasons()).containsExactly("endpoints unknown: may not list endpointslices or endpoints in shop",
                "2 of 2 selected pods ready");

        // the binding comes back: the next re-check lists the slices again
        cluster.allow(SLICES);
        cluster.allow(ENDPOINTS);
        ClusterSnapshot granted = recorder.awaitSnapshot("cart's endpoints again", x -> !x.services().isEmpty()
                && cart(x).endpointsKnown() && x.unavailable().isEmpty());
        assertThat(cart(granted).endpointsTotal()).isEqualTo(2);
        assertThat(health(granted).health()).isEqualTo(Health.HEALTHY);
        assertThat(source.informers().stream().filter(i -> i.toString().contains("endpoint")).count())
                .as("one endpoints informer, not one per level tried").isEqualTo(1);
    }

    @Test
    void slicesGrantedLaterReplaceTheEndpointsFallback() throws Exception {
        cluster.forbid(SLICES);
        start();
        ClusterSnapshot fallback = recorder.awaitSnapshot("counts from Endpoints", x -> !x.services().isEmpty()
                && cart(x).endpointsTotal() == 2);
        assertThat(fallback.unavailable()).singleElement().asString().startsWith("endpointslices: forbidden — ")
                .endsWith("; reading endpoints instead");
        long slicesListedBefore = cluster.lists(SLICES);

        cluster.allow(SLICES);
        ClusterSnapshot slices = recorder.awaitSnapshot("counts from EndpointSlices", x -> x.unavailable().isEmpty());
        assertThat(cart(slices).endpointsTotal()).isEqualTo(2);
        assertThat(cluster.lists(SLICES)).isGreaterThan(slicesListedBefore);
        // from now on the slices are what is watched: a change to them shows
        cluster.client().discovery().v1().endpointSlices().inNamespace("shop").withName("cart-x").delete();
        cluster.client().discovery().v1().endpointSlices().resource(slice("shop", "cart-y", "cart", 1,
                "10.0.1.1", "10.0.1.2", "10.0.1.3")).create();
        assertThat(cart(recorder.awaitSnapshot("the new slice", x -> cart(x).endpointsTotal() == 3))
                .endpointsReady()).isEqualTo(1);
    }

    @Test
    void podsRefusedAfterTheirListLeaveRestartsUnknownNotZero() throws Exception {
        start();
        recorder.awaitSnapshot("cart and its pods", x -> x.pods().size() == 2 && !x.services().isEmpty()
                && cart(x).endpointsTotal() == 2);

        cluster.forbid("/api/v1/pods");
        cluster.stop();
        cluster.restart();
        ClusterSnapshot revoked = recorder.awaitSnapshot("pods refused", x -> !x.podsScope().covers("shop"));
        assertThat(revoked.pods()).isEmpty();
        ServiceHealth h = health(revoked);
        assertThat(h.health()).as("its endpoints were read: 2 of 2 ready").isEqualTo(Health.HEALTHY);
        assertThat(h.restarts()).as("unknown, not 0").isEqualTo(-1);
        assertThat(h.reasons()).containsExactly("pods and restarts unknown: may not list pods in shop");

        cluster.allow("/api/v1/pods");
        ClusterSnapshot granted = recorder.awaitSnapshot("pods again", x -> x.pods().size() == 2
                && x.podsScope().everywhere());
        assertThat(health(granted).restarts()).as("one sidecar restart per pod").isEqualTo(2);
    }
}
