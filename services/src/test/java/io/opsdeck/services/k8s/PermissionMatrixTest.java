package io.opsdeck.services.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.overview.OverviewBuilder;
import io.opsdeck.services.report.Report;
import io.opsdeck.services.report.ReportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.opsdeck.services.k8s.K8sObjects.endpoints;
import static io.opsdeck.services.k8s.K8sObjects.event;
import static io.opsdeck.services.k8s.K8sObjects.node;
import static io.opsdeck.services.k8s.K8sObjects.pdb;
import static io.opsdeck.services.k8s.K8sObjects.pod;
import static io.opsdeck.services.k8s.K8sObjects.service;
import static io.opsdeck.services.k8s.K8sObjects.slice;
import static io.opsdeck.services.k8s.K8sObjects.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's builder under the permissions users really have, the 403s served by the mock API
 * server's expectations: each Service's verdict and reasons, and nothing unknown reported as down or 0.
 *
 * <p>The cluster: in {@code shop}, {@code cart} (4 ready pods), {@code checkout} (3 pods, one
 * crash-looping) and {@code legacy-db} (no selector, no endpoints object); in {@code web},
 * {@code frontend} (2 ready pods); and {@code default/kubernetes}, whose endpoints the API server writes.
 */
class PermissionMatrixTest {
    /** The Warning events' list as the expectations see it: {@link MockCluster} drops the field selector first. */
    private static final String WARNING_EVENTS = "/api/v1/events";
    private static final List<String> CLUSTER_WIDE = List.of("/api/v1/nodes", "/api/v1/namespaces", "/api/v1/pods",
            "/api/v1/services", "/api/v1/endpoints", WARNING_EVENTS, "/apis/apps/v1/deployments",
            "/apis/apps/v1/statefulsets", "/apis/apps/v1/daemonsets", "/apis/apps/v1/replicasets",
            "/apis/discovery.k8s.io/v1/endpointslices", "/apis/policy/v1/poddisruptionbudgets");
    private static final String SLICES = "/apis/discovery.k8s.io/v1/endpointslices";
    private static final String ENDPOINTS = "/api/v1/endpoints";

    private SourceUnderTest under;
    private MockCluster cluster;

    @BeforeEach
    void setUp() {
        under = new SourceUnderTest();
        cluster = under.cluster;
        KubernetesClient c = cluster.client();
        c.nodes().resource(node("n1", "a", true, false, false)).create();
        c.apps().statefulSets().resource(statefulSet("shop", "cart", 4, 4)).create();
        for (int i = 0; i < 4; i++) {
            c.pods().resource(pod("shop", "cart-" + i, "StatefulSet", "cart", "cart", "n1", true, 0)).create();
        }
        c.apps().statefulSets().resource(statefulSet("shop", "checkout", 3, 2)).create();
        c.pods().resource(pod("shop", "checkout-0", "StatefulSet", "checkout", "checkout", "n1", true, 0)).create();
        c.pods().resource(pod("shop", "checkout-1", "StatefulSet", "checkout", "checkout", "n1", true, 0)).create();
        c.pods().resource(pod("shop", "checkout-2", "StatefulSet", "checkout", "checkout", "n1", false, 12)).create();
        c.apps().statefulSets().resource(statefulSet("web", "frontend", 2, 2)).create();
        c.pods().resource(pod("web", "frontend-0", "StatefulSet", "frontend", "frontend", "n1", true, 0)).create();
        c.pods().resource(pod("web", "frontend-1", "StatefulSet", "frontend", "frontend", "n1", true, 0)).create();

        c.services().resource(service("shop", "cart", Map.of("app", "cart"), 80)).create();
        c.services().resource(service("shop", "checkout", Map.of("app", "checkout"), 80)).create();
        c.services().resource(service("shop", "legacy-db", Map.of(), 5432)).create();
        c.services().resource(service("web", "frontend", Map.of("app", "frontend"), 80)).create();
        c.services().resource(service("default", "kubernetes", Map.of(), 443)).create();

        c.discovery().v1().endpointSlices().resource(slice("shop", "cart-x", "cart", 4,
                "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4")).create();
        c.discovery().v1().endpointSlices().resource(slice("shop", "checkout-x", "checkout", 2,
                "10.0.2.1", "10.0.2.2", "10.0.2.3")).create();
        c.discovery().v1().endpointSlices().resource(slice("web", "frontend-x", "frontend", 2,
                "10.0.3.1", "10.0.3.2")).create();
        c.discovery().v1().endpointSlices().resource(slice("default", "kubernetes", "kubernetes", 1,
                "172.18.0.2")).create();
        c.endpoints().resource(endpoints("shop", "cart",
                new String[]{"10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4"}, new String[0])).create();
        c.endpoints().resource(endpoints("shop", "checkout",
                new String[]{"10.0.2.1", "10.0.2.2"}, new String[]{"10.0.2.3"})).create();
        c.endpoints().resource(endpoints("web", "frontend", new String[]{"10.0.3.1", "10.0.3.2"}, new String[0]))
                .create();
        c.endpoints().resource(endpoints("default", "kubernetes", new String[]{"172.18.0.2"}, new String[0])).create();

        c.v1().events().resource(event("shop", "e1", "Warning", "BackOff", "checkout-2", "2024-05-01T10:00:00Z"))
                .create();
        c.policy().v1().podDisruptionBudget().resource(pdb("shop", "cart", "cart")).create();
    }

    @AfterEach
    void tearDown() {
        under.close();
    }

    /** The API server's 403 for a LIST of {@code path} (from the watch cache, and the relist that is not). */
    private void forbid(String path, String resource, String scope) {
        String message = resource + " is forbidden: User \"oncall\" cannot list resource \"" + resource
                + "\" in API group \"\" " + scope;
        for (String p : List.of(path + (path.contains("?") ? "&" : "?") + "resourceVersion=0", path)) {
            cluster.expect().get().withPath(p)
                    .andReturn(403, KubernetesClusterSourceErrorsTest.status(403, "Forbidden", message)).always();
        }
    }

    private void forbidClusterWide(String path) {
        forbid(path, resourceOf(path), "at the cluster scope");
    }

    private static String resourceOf(String path) {
        String p = path.replaceAll("\\?.*", "");
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Starts a source, waits for a snapshot where every list has answered for good, and builds the report. */
    private Report report(String contextNamespace, List<String> services) throws InterruptedException {
        under.start(contextNamespace, null);
        ClusterSnapshot s = under.recorder.awaitSnapshot("the Services " + services + ", every list settled",
                x -> x.services().stream().map(v -> v.namespace() + "/" + v.name()).sorted().toList().equals(services)
                        && x.services().stream().noneMatch(v -> v.endpointsUnknown().contains("not listed yet"))
                        && !x.podsScope().why().contains("not listed yet") && !x.pods().isEmpty());
        Report r = ReportBuilder.build(OverviewBuilder.build(s, MetricsSnapshot.EMPTY, Fixtures.connected("ctx"),
                Fixtures.down("http://127.0.0.1:1", "no metrics in this test"), Fixtures.T0));
        assertNothingUnknownIsDownOrZero(r);
        return r;
    }

    private static final List<String> ALL = List.of("default/kubernetes", "shop/cart", "shop/checkout",
            "shop/legacy-db", "web/frontend");

    private static Map<String, Report.Service> byName(Report r) {
        return r.services().stream().collect(Collectors.toMap(s -> s.namespace() + "/" + s.name(), Function.identity()));
    }

    /** What a cluster admin sees: the truth the other cases are held against. */
    private static void assertTheTruth(Report r) {
        Map<String, Report.Service> s = byName(r);
        assertThat(s.keySet()).containsExactlyInAnyOrderElementsOf(ALL);
        assertService(s.get("shop/cart"), "healthy", 4, 4);
        assertThat(s.get("shop/cart").reasons()).isEmpty();
        assertService(s.get("shop/checkout"), "degraded", 2, 3);
        assertThat(s.get("shop/checkout").reasons()).containsExactly("2 of 3 endpoints ready",
                "StatefulSet checkout: 2 of 3 replicas available", "15 container restarts across its pods");
        assertService(s.get("web/frontend"), "healthy", 2, 2);
        assertService(s.get("default/kubernetes"), "healthy", 1, 1);
        assertThat(s.get("default/kubernetes").reasons()).as("read from its endpoints, not unknown for lack of a selector")
                .isEmpty();
        assertService(s.get("shop/legacy-db"), "unknown", null, null);
        assertThat(s.get("shop/legacy-db").reasons()).containsExactly("endpoints unknown: the Service has no selector"
                + " and no Endpoints or EndpointSlice object: its endpoints are managed outside Kubernetes");
    }

    private static void assertService(Report.Service s, String health, Integer ready, Integer total) {
        assertThat(s.health()).as(s.name() + "'s health, reasons " + s.reasons()).isEqualTo(health);
        assertThat(s.endpointsReady()).as(s.name() + " ready").isEqualTo(ready);
        assertThat(s.endpointsTotal()).as(s.name() + " total").isEqualTo(total);
    }

    /** Whatever the permissions: an unread count is null (never 0) and never makes a Service down. */
    private static void assertNothingUnknownIsDownOrZero(Report r) {
        JsonNode json = new ObjectMapper().valueToTree(r);
        for (JsonNode svc : json.get("services")) {
            String name = svc.get("name").asText();
            if (svc.get("endpointsReady").isNull()) {
                assertThat(svc.get("endpointsTotal").isNull()).as(name).isTrue();
                assertThat(svc.get("health").asText()).as(name + " with unknown endpoints").isNotEqualTo("down");
                assertThat(svc.get("reasons").get(0).asText()).as(name).startsWith("endpoints unknown: ");
            } else {
                assertThat(svc.get("endpointsTotal").asInt()).as(name + ": counts that were read are the truth")
                        .isPositive();
            }
            assertThat(svc.get("health").asText()).as(name).isNotEqualTo("down");
        }
    }

    @Test
    void clusterAdmin() throws Exception {
        Report r = report(null, ALL);

        assertTheTruth(r);
        assertThat(r.cluster().unavailable()).isEmpty();
        assertThat(r.cluster().nodes()).isEqualTo(1);
        assertThat(r.cluster().pods()).isEqualTo(9);
    }

    @Test
    void viewWithoutEndpointSlicesReadsTheEndpoints() throws Exception {
        forbidClusterWide(SLICES);
        Report r = report(null, ALL);

        assertTheTruth(r);
        assertThat(r.cluster().unavailable()).containsExactly("endpointslices: forbidden — User \"oncall\" cannot list"
                + " resource \"endpointslices\" in API group \"\" at the cluster scope; reading endpoints instead");
        assertThat(cluster.lists(ENDPOINTS)).isPositive();
    }

    @Test
    void viewWithNeitherEndpointSlicesNorEndpointsIsUnknownNeverDown() throws Exception {
        forbidClusterWide(SLICES);
        forbidClusterWide(ENDPOINTS);
        Report r = report(null, ALL);

        Map<String, Report.Service> s = byName(r);
        assertService(s.get("shop/cart"), "unknown", null, null);
        assertThat(s.get("shop/cart").reasons()).containsExactly(
                "endpoints unknown: may not list endpointslices or endpoints in shop", "4 of 4 selected pods ready");
        assertService(s.get("shop/checkout"), "degraded", null, null);
        assertThat(s.get("shop/checkout").reasons()).containsExactly(
                "endpoints unknown: may not list endpointslices or endpoints in shop", "2 of 3 selected pods ready",
                "StatefulSet checkout: 2 of 3 replicas available", "15 container restarts across its pods");
        assertService(s.get("web/frontend"), "unknown", null, null);
        assertService(s.get("default/kubernetes"), "unknown", null, null);
        assertThat(s.get("default/kubernetes").reasons()).containsExactly(
                "endpoints unknown: may not list endpointslices or endpoints in default");
        assertService(s.get("shop/legacy-db"), "unknown", null, null);
        assertThat(r.cluster().unavailable()).containsExactly(
                "endpointslices and endpoints: forbidden — User \"oncall\" cannot list resource \"endpointslices\" in"
                        + " API group \"\" at the cluster scope; User \"oncall\" cannot list resource \"endpoints\" in"
                        + " API group \"\" at the cluster scope",
                "endpoint counts unknown in namespaces default, shop, web — may not list endpointslices or endpoints in"
                        + " default");
    }

    @Test
    void namespaceScopedViewInOneNamespace() throws Exception {
        // a RoleBinding of Kubernetes 1.20's `view` in shop: no cluster-wide list, and no EndpointSlices
        CLUSTER_WIDE.forEach(this::forbidClusterWide);
        forbid("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices", "endpointslices", "in the namespace \"shop\"");
        Report r = report("shop", List.of("shop/cart", "shop/checkout", "shop/legacy-db"));

        Map<String, Report.Service> s = byName(r);
        assertService(s.get("shop/cart"), "healthy", 4, 4);
        assertService(s.get("shop/checkout"), "degraded", 2, 3);
        assertService(s.get("shop/legacy-db"), "unknown", null, null);
        assertThat(r.cluster().unavailable())
                .contains("services: showing namespace \"shop\" only — User \"oncall\" cannot list resource"
                        + " \"services\" in API group \"\" at the cluster scope")
                .anySatisfy(u -> assertThat(u).startsWith("endpointslices and endpoints: showing namespace \"shop\" only")
                        .endsWith("; reading endpoints there"))
                .anySatisfy(u -> assertThat(u).startsWith("nodes: forbidden"));
        assertThat(r.cluster().nodes()).as("unknown, not 0").isNull();
        assertThat(r.cluster().pods()).as("shop's pods are not the cluster's").isNull();
    }

    @Test
    void servicesEverywhereButEndpointsInOneNamespace() throws Exception {
        forbidClusterWide(SLICES);
        forbidClusterWide(ENDPOINTS);
        Report r = report("shop", ALL);

        Map<String, Report.Service> s = byName(r);
        assertService(s.get("shop/cart"), "healthy", 4, 4);
        assertService(s.get("shop/checkout"), "degraded", 2, 3);
        String elsewhere = "endpoints unknown: may not list endpointslices or endpoints at the cluster scope;"
                + " Opsdeck reads them in namespace shop only";
        assertService(s.get("web/frontend"), "unknown", null, null);
        assertThat(s.get("web/frontend").reasons()).containsExactly(elsewhere, "2 of 2 selected pods ready");
        assertService(s.get("default/kubernetes"), "unknown", null, null);
        assertThat(s.get("default/kubernetes").reasons()).containsExactly(elsewhere);
        assertThat(r.cluster().unavailable()).last().asString()
                .startsWith("endpoint counts unknown in namespaces default, web — may not list");
    }

    @Test
    void noEvents() throws Exception {
        forbidClusterWide(WARNING_EVENTS);
        Report r = report(null, ALL);

        assertTheTruth(r);
        assertThat(r.cluster().unavailable()).singleElement().asString().startsWith("events: forbidden — ");
    }

    @Test
    void noPodDisruptionBudgets() throws Exception {
        forbidClusterWide("/apis/policy/v1/poddisruptionbudgets");
        Report r = report(null, ALL);

        assertTheTruth(r);
        assertThat(r.cluster().unavailable()).singleElement().asString()
                .startsWith("poddisruptionbudgets: forbidden — ");
    }

    @Test
    void serviceInfoOfAnUnreadCountIsNeverZero() {
        ServiceInfo unknown = Fixtures.service("shop", "cart", Map.of("app", "cart"), 0, 0).withEndpointsUnknown("why");
        assertThat(unknown.endpointsKnown()).isFalse();
        assertThat(unknown.endpointsReady()).isNegative();
        assertThat(unknown.endpointsTotal()).isNegative();
    }
}
