package io.opsdeck.services.k8s.actions;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.k8s.config.KubeReadLimits;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KubeRest} against a scripted server: bounded lists, whatever the server sends. */
@Timeout(60)
class KubeRestTest {
    private final MockWebServer server = new MockWebServer();
    private KubernetesClient client;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/").toString())
                .withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(KubeReadLimits.clientFactory(KubeReadLimits.Limits.DEFAULTS)).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void aListWhosePagesNeverEndIsStoppedWithASentence() {
        AtomicInteger pages = new AtomicInteger();
        String items = ("{\"metadata\":{\"name\":\"p\"}}," ).repeat(KubeRest.PAGE - 1) + "{\"metadata\":{\"name\":\"p\"}}";
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = pages.incrementAndGet();
                // every page promises another
                return new MockResponse().setHeader("Content-Type", "application/json")
                        .setBody("{\"kind\":\"PodList\",\"metadata\":{\"continue\":\"t" + n + "\"},\"items\":[" + items + "]}");
            }
        });
        KubeRest rest = new KubeRest(client, Duration.ofSeconds(10), 1_200);
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> rest.pages("/api/v1/pods?", "pods", p -> seen.incrementAndGet()))
                .isInstanceOf(ActionException.class)
                .hasMessage("The API server listed more than 1,200 pods; Opsdeck stopped reading them"
                        + " (that many is far beyond any cluster Kubernetes supports)");
        assertThat(seen.get()).isEqualTo(1_200);
        assertThat(pages.get()).isEqualTo(3);
    }
}
