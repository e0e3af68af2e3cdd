package io.opsdeck.services.health;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.WorkloadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceHealthRulesTest {
    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "cart", "tier", "web");
    private static final ServiceMetrics GOOD = new ServiceMetrics(120, 0.001, 45);

    private static List<PodInfo> pods(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Fixtures.pod("shop", "cart-" + i, "node-1", SELECTOR)).toList();
    }

    private static WorkloadInfo deployment(int desired, int available) {
        return new WorkloadInfo(WorkloadKind.DEPLOYMENT, "shop", "cart", desired, available, available, desired,
                SELECTOR);
    }

    private static ServiceHealth evaluate(ServiceInfo svc, List<PodInfo> pods, List<WorkloadInfo> workloads,
                                          ServiceMetrics metrics) {
        return ServiceHealthRules.evaluate(svc, pods, workloads, metrics);
    }

    @Test
    void allGoodIsHealthyWithoutReasons() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 3, 3), pods(3), List.of(deployment(3, 3)),
                GOOD);

        assertThat(h.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.reasons()).isEmpty();
        assertThat(h.restarts()).isZero();
        assertThat(h.metrics()).isEqualTo(GOOD);
    }

    @Test
    void theOwnersOfTheSelectedPodsComeOnceEachInTheOrderFirstMet() {
        OwnerRef web = new OwnerRef("Deployment", "cart");
        OwnerRef db = new OwnerRef("StatefulSet", "cart-db");
        List<PodInfo> pods = List.of(
                Fixtures.pod("shop", "cart-1", "node-1", PodPhase.RUNNING, true, web, SELECTOR, List.of(), List.of()),
                Fixtures.pod("shop", "cart-db-0", "node-1", PodPhase.RUNNING, true, db, SELECTOR, List.of(), List.of()),
                Fixtures.pod("shop", "cart-2", "node-2", PodPhase.RUNNING, true, web, SELECTOR, List.of(), List.of()),
                Fixtures.pod("shop", "bare", "node-2", SELECTOR));
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 4, 4), pods, List.of(), GOOD);

        assertThat(h.owners()).containsExactly(web, db);
    }

    @Test
    void unknownMetricsDoNotMakeAHealthyServiceWorse() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 3, 3), pods(3), List.of(),
                ServiceMetrics.UNKNOWN);

        assertThat(h.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.reasons()).isEmpty();
    }

    @Test
    void noPodsForTheSelectorIsDownNamingTheSelector() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 0, 0), List.of(), List.of(), GOOD);

        assertThat(h.health()).isEqualTo(Health.DOWN);
        assertThat(h.reasons()).singleElement().asString()
                .contains("no pods match the selector")
                .contains("app.kubernetes.io/name=cart,tier=web");
    }

    @Test
    void selectedPodsWithoutEndpointsAreDown() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 0, 0), pods(2), List.of(), GOOD);

        assertThat(h.health()).isEqualTo(Health.DOWN);
        assertThat(h.reasons()).singleElement().asString().contains("none of the 2 selected pods is serving");
    }

    @Test
    void noReadyEndpointIsDown() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 0, 4), pods(4), List.of(), GOOD);

        assertThat(h.health()).isEqualTo(Health.DOWN);
        assertThat(h.reasons()).containsExactly("0 of 4 endpoints ready");
    }

    @Test
    void someReadyEndpointsAreDegraded() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 2, 3), pods(3), List.of(), GOOD);

        assertThat(h.health()).isEqualTo(Health.DEGRADED);
        assertThat(h.reasons()).containsExactly("2 of 3 endpoints ready");
    }

    @Test
    void workloadShortOfReplicasIsDegraded() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 3, 3), pods(3), List.of(deployment(4, 3)),
                GOOD);

        assertThat(h.health()).isEqualTo(Health.DEGRADED);
        assertThat(h.reasons()).containsExactly("Deployment cart: 3 of 4 replicas available");
    }

    @Test
    void workloadWithNoReplicaAvailableIsDown() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 1, 1), pods(1), List.of(deployment(2, 0)),
                GOOD);

        assertThat(h.health()).isEqualTo(Health.DOWN);
    }

    @ParameterizedTest
    @CsvSource({"0.0499, HEALTHY", "0.05, DEGRADED", "0.2, DEGRADED", "0.4999, DEGRADED", "0.5, DOWN", "1.0, DOWN"})
    void errorRatioThresholds(double errorRatio, Health expected) {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 3, 3), pods(3), List.of(),
                new ServiceMetrics(100, errorRatio, 50));

        assertThat(h.health()).isEqualTo(expected);
        if (expected != Health.HEALTHY) {
            assertThat(h.reasons()).singleElement().asString().endsWith("of requests fail");
        }
    }

    @Test
    void errorReasonGivesThePercentage() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 3, 3), pods(3), List.of(),
                new ServiceMetrics(100, 0.123, 50));

        assertThat(h.reasons()).containsExactly("12.3% of requests fail");
    }

    @Test
    void serviceWithoutSelectorOrEndpointsObjectIsUnknown() {
        ServiceInfo svc = Fixtures.service("default", "external-db", Map.of(), 0, 0).withEndpointsUnknown(
                "the Service has no selector and no Endpoints or EndpointSlice object");
        ServiceHealth h = evaluate(svc, List.of(), List.of(), ServiceMetrics.UNKNOWN);

        assertThat(h.health()).isEqualTo(Health.UNKNOWN);
        assertThat(h.reasons()).singleElement().asString().contains("no selector");
    }

    @Test
    void serviceWithoutSelectorIsJudgedByItsEndpoints() {
        // default/kubernetes: its endpoints are written by the API server itself
        ServiceHealth kubernetes = evaluate(Fixtures.service("default", "kubernetes", Map.of(), 1, 1), List.of(),
                List.of(), ServiceMetrics.UNKNOWN);
        assertThat(kubernetes.health()).isEqualTo(Health.HEALTHY);
        assertThat(kubernetes.reasons()).isEmpty();

        ServiceHealth empty = evaluate(Fixtures.service("default", "external-db", Map.of(), 0, 0), List.of(),
                List.of(), ServiceMetrics.UNKNOWN);
        assertThat(empty.health()).isEqualTo(Health.DOWN);
        assertThat(empty.reasons()).singleElement().asString().startsWith("no endpoints").contains("no selector");
    }

    @Test
    void endpointsThatCouldNotBeReadAreUnknownNeverDown() {
        ServiceInfo svc = Fixtures.service("shop", "cart", SELECTOR, 0, 0)
                .withEndpointsUnknown("may not list endpointslices or endpoints in shop");
        ServiceHealth h = evaluate(svc, pods(4), List.of(deployment(4, 4)), GOOD);

        assertThat(h.health()).isEqualTo(Health.UNKNOWN);
        assertThat(h.service().endpointsReady()).isEqualTo(-1);
        assertThat(h.reasons()).containsExactly(
                "endpoints unknown: may not list endpointslices or endpoints in shop", "4 of 4 selected pods ready");
    }

    @Test
    void unknownEndpointsDoNotHideWhatIsKnownToBeWrong() {
        ServiceInfo svc = Fixtures.service("shop", "cart", SELECTOR, 0, 0).withEndpointsUnknown("may not list x");
        ServiceHealth h = evaluate(svc, pods(3), List.of(deployment(3, 0)), new ServiceMetrics(10, 0.9, 5));

        assertThat(h.health()).isEqualTo(Health.DOWN);
        assertThat(h.reasons()).contains("Deployment cart: 0 of 3 replicas available", "90.0% of requests fail");
    }

    @Test
    void podsThatCouldNotBeReadLeaveRestartsUnknownAndNameNoSelectorProblem() {
        ReadScope podsOnlyElsewhere = ReadScope.only(java.util.Set.of("team-a"), "pods", true, "pods: forbidden");
        ServiceHealth up = ServiceHealthRules.evaluate(Fixtures.service("shop", "cart", SELECTOR, 3, 3), List.of(),
                List.of(), GOOD, podsOnlyElsewhere);
        assertThat(up.health()).isEqualTo(Health.HEALTHY);
        assertThat(up.restarts()).isEqualTo(-1);
        assertThat(up.restartsKnown()).isFalse();
        assertThat(up.reasons()).containsExactly("pods and restarts unknown: may not list pods at the cluster scope;"
                + " Opsdeck reads them in namespace team-a only");

        ServiceHealth none = ServiceHealthRules.evaluate(Fixtures.service("shop", "cart", SELECTOR, 0, 0), List.of(),
                List.of(), GOOD, podsOnlyElsewhere);
        assertThat(none.health()).as("no endpoints was read: down is the truth").isEqualTo(Health.DOWN);
        assertThat(none.reasons().get(0)).startsWith("no endpoints (its pods are unknown")
                .doesNotContain("no pods match");
    }

    @Test
    void manyRestartsAreFlaggedAndCounted() {
        List<PodInfo> pods = List.of(Fixtures.withRestarts(Fixtures.pod("shop", "cart-0", "node-1", SELECTOR), 4),
                Fixtures.withRestarts(Fixtures.pod("shop", "cart-1", "node-1", SELECTOR), 3));

        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 2, 2), pods, List.of(), GOOD);

        assertThat(h.restarts()).isEqualTo(7);
        assertThat(h.health()).isEqualTo(Health.DEGRADED);
        assertThat(h.reasons()).containsExactly("7 container restarts across its pods");
    }

    @Test
    void theWorstFindingWinsAndEveryReasonIsKept() {
        ServiceHealth h = evaluate(Fixtures.service("shop", "cart", SELECTOR, 1, 3), pods(3), List.of(deployment(3, 1)),
                new ServiceMetrics(100, 0.7, 900));

        assertThat(h.health()).isEqualTo(Health.DOWN);
        assertThat(h.reasons()).containsExactly("1 of 3 endpoints ready", "Deployment cart: 1 of 3 replicas available",
                "70.0% of requests fail");
    }
}
