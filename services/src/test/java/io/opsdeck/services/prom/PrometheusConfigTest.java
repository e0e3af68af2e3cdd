package io.opsdeck.services.prom;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusConfigTest {

    @Test
    void defaults() {
        PrometheusConfig c = PrometheusConfig.of("https://prom.example:9090/");

        assertThat(c.baseUrl()).isEqualTo("https://prom.example:9090");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.namespaceLabel()).isEqualTo("namespace");
        assertThat(c.podLabel()).isEqualTo("pod");
        assertThat(c.headers()).isEmpty();
    }

    @Test
    void pathPrefixesAreKeptAndAPastedApiRootIsDropped() {
        assertThat(PrometheusConfig.of("http://h/prometheus").baseUrl()).isEqualTo("http://h/prometheus");
        assertThat(PrometheusConfig.of("https://k8s:6443/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/")
                .baseUrl()).isEqualTo("https://k8s:6443/api/v1/namespaces/monitoring/services/prometheus:9090/proxy");
        assertThat(PrometheusConfig.of("http://h:9090/api/v1/").baseUrl()).isEqualTo("http://h:9090");
    }

    @Test
    void toStringMasksTokenPasswordAndSecretHeaders() {
        PrometheusConfig bearer = PrometheusConfig.of("http://h:9090").withBearerToken("tok-SECRET")
                .withHeader("X-Scope-OrgID", "tenant-a").withHeader("X-Api-Key", "key-SECRET")
                .withHeader("Cookie", "session=cookie-SECRET");
        PrometheusConfig basic = PrometheusConfig.of("http://h:9090").withBasicAuth("ops", "pw-SECRET");
        PrometheusConfig rawHeader = PrometheusConfig.of("http://h:9090").withHeader("Authorization", "Bearer SECRET");

        assertThat(bearer.toString()).doesNotContain("SECRET").contains("bearerToken=****")
                .contains("X-Scope-OrgID=tenant-a").contains("X-Api-Key=****").contains("Cookie=****");
        assertThat(basic.toString()).doesNotContain("SECRET").contains("basicAuthUser=ops")
                .contains("basicAuthPassword=****");
        assertThat(rawHeader.toString()).doesNotContain("SECRET").contains("Authorization=****");
        assertThat(PrometheusConfig.of("http://h").toString()).contains("bearerToken=none");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> PrometheusConfig.of("https://admin:hunter2@prom:9090"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain a user name or password")
                .message().doesNotContain("hunter2");
    }

    @Test
    void invalidSettingsAreRefusedWithAReason() {
        assertThatThrownBy(() -> PrometheusConfig.of("ftp://prom")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> PrometheusConfig.of("http://prom:9090/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> PrometheusConfig.of("http://h").withBasicAuth("ops", ""))
                .hasMessageContaining("both a user name and a password");
        assertThatThrownBy(() -> PrometheusConfig.of("http://h").withBearerToken("t").withHeader("Authorization", "x"))
                .hasMessageContaining("cannot be combined");
        assertThatThrownBy(() -> PrometheusConfig.of("http://h").withHeader("X-Token", "a\r\nInjected: 1"))
                .hasMessageContaining("spans lines").message().doesNotContain("Injected");
        assertThatThrownBy(() -> PrometheusConfig.of("http://h").withJoinLabels("kubernetes-namespace", "pod"))
                .hasMessageContaining("not a valid Prometheus label name");
        assertThatThrownBy(() -> PrometheusConfig.of("http://h").withWindow(Duration.ofMillis(1500)))
                .hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> PrometheusConfig.of("http://h").withTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void withersKeepTheOtherSettings() {
        PrometheusConfig c = PrometheusConfig.of("http://h").withBearerToken("t").withHeader("X-Scope-OrgID", "a")
                .withCaCertificateFile(Path.of("/etc/ca.pem")).withTimeout(Duration.ofSeconds(3))
                .withJoinLabels("kubernetes_namespace", "kubernetes_pod_name").withWindow(Duration.ofMinutes(1));

        assertThat(c.bearerToken()).isEqualTo("t");
        assertThat(c.headers()).containsEntry("X-Scope-OrgID", "a");
        assertThat(c.caCertificateFile()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.namespaceLabel()).isEqualTo("kubernetes_namespace");
        assertThat(c.podLabel()).isEqualTo("kubernetes_pod_name");
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(1));
    }
}
