package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.opsdeck.services.k8s.config.ClusterAccessException.Reason;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Sentences for failures that a test cannot provoke on loopback (DNS, timeouts, host names). */
class ClusterErrorsTest {
    private static final KubeContext CTX = new KubeContext("prod-eu", "prod-eu-cluster", "sre", null,
            "https://api.prod.example.test:6443");

    private static KubernetesClientException wrapped(Throwable cause) {
        return new KubernetesClientException("An error has occurred.", cause);
    }

    @Test
    void unknownHostNamesTheHostAndWhatToCheck() {
        ClusterAccessException e = ClusterErrors.toAccessException(
                wrapped(new IOException("api.prod.example.test", new UnknownHostException("api.prod.example.test"))), CTX);

        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e).hasMessage("The API server host api.prod.example.test of context 'prod-eu' cannot be found"
                + " (unknown host); check the server address in the kubeconfig, your DNS, and that any VPN the"
                + " cluster needs is connected");
    }

    @Test
    void timeoutNamesTheServer() {
        ClusterAccessException e = ClusterErrors.toAccessException(
                wrapped(new SocketTimeoutException("timeout")), CTX);

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).startsWith("The API server at https://api.prod.example.test:6443 did not answer"
                + " in time; check your network, VPN or proxy");
    }

    @Test
    void hostNameMismatchIsATlsSentence() {
        ClusterAccessException e = ClusterErrors.toAccessException(wrapped(new SSLPeerUnverifiedException(
                "Hostname api.prod.example.test not verified")), CTX);

        assertThat(e.reason()).isEqualTo(Reason.TLS);
        assertThat(e.getMessage()).contains("does not name the host api.prod.example.test")
                .contains("cluster 'prod-eu-cluster'");
    }

    @Test
    void otherHandshakeFailuresSayTls() {
        ClusterAccessException e = ClusterErrors.toAccessException(wrapped(new SSLHandshakeException(
                "Received fatal alert: protocol_version")), CTX);

        assertThat(e.reason()).isEqualTo(Reason.TLS);
        assertThat(e.getMessage()).startsWith("The TLS handshake with the API server at"
                + " https://api.prod.example.test:6443 failed: Received fatal alert: protocol_version");
    }

    @Test
    void serverErrorsQuoteTheStatusMessage() {
        var status = new StatusBuilder().withCode(503).withMessage("etcdserver: leader changed").build();
        ClusterAccessException e = ClusterErrors.toAccessException(
                new KubernetesClientException("Failure executing: GET", 503, status), CTX);

        assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(e).hasMessage("The API server at https://api.prod.example.test:6443 answered 503: etcdserver:"
                + " leader changed; the cluster may be degraded — retry in a moment");
    }

    @Test
    void forbiddenWithoutAParsableMessageStillSays403() {
        var status = new StatusBuilder().withCode(403).withMessage("access denied by policy").build();
        String sentence = ClusterErrors.describe(new KubernetesClientException("Forbidden", 403, status), CTX);

        assertThat(sentence).contains("refused a request by user 'sre' (403 Forbidden: access denied by policy)");
    }

    @Test
    void clusterScopedForbiddenSaysClusterWide() {
        var status = new StatusBuilder().withCode(403).withMessage("nodes is forbidden: User \"sre\" cannot list"
                + " resource \"nodes\" in API group \"\" at the cluster scope").build();
        String sentence = ClusterErrors.describe(new KubernetesClientException("Forbidden", 403, status), CTX);

        assertThat(sentence).startsWith("The API server at https://api.prod.example.test:6443 does not allow 'sre'"
                + " (kubeconfig user 'sre') to list nodes cluster-wide (403 Forbidden)");
    }

    @Test
    void aPluginFailureDeepInTheChainIsReportedAsSuch() {
        ExecPluginException plugin = new ExecPluginException(Reason.EXEC_PLUGIN_FAILED, "The plugin failed.");
        ClusterAccessException e = ClusterErrors.toAccessException(
                new CompletionException(wrapped(plugin)), CTX);

        assertThat(e.reason()).isEqualTo(Reason.EXEC_PLUGIN_FAILED);
        assertThat(e).hasMessage("The plugin failed.");
    }

    @Test
    void anAccessExceptionIsPassedThrough() {
        ClusterAccessException original = new ClusterAccessException(Reason.TIMEOUT, "slow", null);

        assertThat(ClusterErrors.toAccessException(original, CTX)).isSameAs(original);
    }

    @Test
    void anythingElseNamesTheServerAndTheFailureButNeverABearerToken() {
        String sentence = ClusterErrors.describe(
                wrapped(new IllegalStateException("header rejected: Bearer abc.def.ghi")), CTX);

        assertThat(sentence).startsWith("Could not talk to the API server at https://api.prod.example.test:6443"
                + " for context 'prod-eu' (IllegalStateException")
                .doesNotContain("abc.def.ghi");
    }

    @Test
    void serverUrlsLoseTheirUserInfo() {
        assertThat(ClusterErrors.safeUrl("https://admin:hunter2@127.0.0.1:6443/k8s")).isEqualTo("https://127.0.0.1:6443/k8s");
        assertThat(ClusterErrors.safeUrl("https://127.0.0.1:6443")).isEqualTo("https://127.0.0.1:6443");

        KubeContext withUserInfo = new KubeContext("x", "c", "u", null, "https://admin:hunter2@127.0.0.1:6443");
        assertThat(ClusterErrors.describe(wrapped(new SocketTimeoutException("timeout")), withUserInfo))
                .doesNotContain("hunter2");
    }

    @Test
    void urlsQuotedInTextLoseTheirUserInfo() {
        assertThat(ClusterErrors.redactUrls("Error executing: GET at: http://admin:s3c@ret@api_internal.corp:6443/api/v1/pods?"
                + "resourceVersion=0. Cause: alice@example.com is not allowed"))
                .isEqualTo("Error executing: GET at: http://api_internal.corp:6443/api/v1/pods?resourceVersion=0. Cause:"
                        + " alice@example.com is not allowed");
        assertThat(ClusterErrors.redactUrls("no url, user@host")).isEqualTo("no url, user@host");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            // an _ in the host: java.net.URI has no host then, only a raw authority
            "https://admin:s3cret@api_internal.corp:6443|https://api_internal.corp:6443",
            "https://admin:s3cret@[::1]:6443/k8s|https://[::1]:6443/k8s",
            "https://admin:s3cret@[fe80::1%25eth0]:6443|https://[fe80::1%25eth0]:6443",
            "http://admin:s3cret@10.0.0.1|http://10.0.0.1",
            "https://admin:s3cr%40et@prom.example/prometheus?x=1|https://prom.example/prometheus?x=1",
            "https://admin@prom.example|https://prom.example",
            "https://:s3cret@prom.example|https://prom.example",
            // unencoded characters a URI cannot hold in a password
            "https://admin:s3c@ret@prom.example:9090|https://prom.example:9090",
            "https://admin:s3c/ret@prom.example/api|https://prom.example/api",
            "https://admin:s3c#ret@prom.example|https://prom.example",
            "https://admin:s3c ret@prom.example|https://prom.example",
            "https://admin:s3c?ret@prom.example|https://prom.example",
            // no scheme
            "admin:s3cret@prom.example:9090|prom.example:9090",
            "https://prom.example:9090/api/v1/query?query=up|https://prom.example:9090/api/v1/query?query=up"})
    void safeUrlDropsEveryFormOfUserInfo(String url, String safe) {
        assertThat(ClusterErrors.safeUrl(url)).isEqualTo(safe).doesNotContain("s3c");
        String userInfo = url.substring(0, url.lastIndexOf('@') + 1);
        if (url.contains("://") && !userInfo.matches(".*[ ?#].*")) {
            // a URL quoted in a log line (one token with a scheme) loses the same
            assertThat(ClusterErrors.redactUrls("GET at: " + url + ". Cause: x")).isEqualTo("GET at: " + safe + ". Cause: x");
        }
    }

    @Test
    void aContextWithoutUserSaysSo() {
        KubeContext anonymous = new KubeContext("anon", "c", null, null, "https://127.0.0.1:6443");
        var status = new StatusBuilder().withCode(401).withMessage("Unauthorized").build();

        assertThat(ClusterErrors.describe(new KubernetesClientException("Unauthorized", 401, status), anonymous))
                .contains("refused the credentials for user (none: the context names no user)");
    }
}
