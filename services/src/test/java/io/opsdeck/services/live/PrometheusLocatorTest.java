package io.opsdeck.services.live;

import io.opsdeck.services.model.ServiceInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusLocatorTest {
    private static ServiceInfo svc(String ns, String name, Integer... ports) {
        return new ServiceInfo(ns, name, "ClusterIP", Map.of("app", name), List.of(ports), 1, 1);
    }

    @Test
    void findsTheUsualInstallsBestFirst() {
        List<PrometheusLocator.Candidate> found = PrometheusLocator.candidates(List.of(
                svc("shop", "frontend", 8080),
                svc("monitoring", "prometheus-operated", 9090),
                svc("monitoring", "prometheus-k8s", 9090, 8080),
                svc("obs", "kps-kube-prometheus-prometheus", 9090, 8080),
                svc("metrics", "prometheus-server", 80),
                svc("thanos", "thanos-query", 10902, 10901)));
        assertThat(found).extracting(PrometheusLocator.Candidate::toString).containsExactly(
                "monitoring/prometheus-k8s:9090 (kube-prometheus)",
                "monitoring/prometheus-operated:9090 (prometheus-operator)",
                "thanos/thanos-query:10902 (thanos query)",
                // outside the monitoring namespaces, whatever the name
                "obs/kps-kube-prometheus-prometheus:9090 (kube-prometheus-stack)",
                "metrics/prometheus-server:80 (prometheus chart)");
        assertThat(found.get(0).proxyPath()).isEqualTo("/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy");
    }

    @Test
    void shortenedStackNamesAndOddPortsAreFound() {
        List<PrometheusLocator.Candidate> found = PrometheusLocator.candidates(List.of(
                svc("monitoring", "kube-prometheus-stack-kube-prom-prometheus", 9091),
                svc("default", "release-prometheus-server", 9090)));
        assertThat(found).extracting(PrometheusLocator.Candidate::port).containsExactly(9091, 9090);
    }

    @Test
    void noPrometheusNoCandidates() {
        assertThat(PrometheusLocator.candidates(List.of(svc("shop", "prometheus-adapter-api", 443), svc("a", "b", 1)))).isEmpty();
    }

    @Test
    void aTenantsServiceNamedLikeTheBestInstallComesAfterTheMonitoringNamespaces() {
        List<PrometheusLocator.Candidate> found = PrometheusLocator.candidates(List.of(
                svc("aaa-tenant", "prometheus-k8s", 9090),
                svc("monitoring", "prometheus", 9090)));
        assertThat(found).extracting(PrometheusLocator.Candidate::namespace).containsExactly("monitoring", "aaa-tenant");
        assertThat(found.get(0).inMonitoringNamespace()).isTrue();
        assertThat(found.get(1).inMonitoringNamespace()).isFalse();
    }

    @Test
    void tiesAreTheCandidatesAsGoodAsTheFirst() {
        List<PrometheusLocator.Candidate> found = PrometheusLocator.candidates(List.of(
                svc("monitoring", "prometheus-k8s", 9090),
                svc("observability", "prometheus-k8s", 9090),
                svc("monitoring", "prometheus-operated", 9090),
                svc("shop", "prometheus-k8s", 9090)));
        assertThat(PrometheusLocator.ties(found, 0)).extracting(PrometheusLocator.Candidate::namespace)
                .containsExactly("monitoring", "observability");
        assertThat(PrometheusLocator.ties(found, 2)).extracting(PrometheusLocator.Candidate::service)
                .containsExactly("prometheus-operated");
        assertThat(PrometheusLocator.ties(found, 3)).extracting(PrometheusLocator.Candidate::namespace)
                .containsExactly("shop");
    }
}
