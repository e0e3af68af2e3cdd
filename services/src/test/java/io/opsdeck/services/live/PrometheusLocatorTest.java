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
                "obs/kps-kube-prometheus-prometheus:9090 (kube-prometheus-stack)",
                "monitoring/prometheus-operated:9090 (prometheus-operator)",
                "metrics/prometheus-server:80 (prometheus chart)",
                "thanos/thanos-query:10902 (thanos query)");
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
}
