package io.opsdeck.services.prom;

import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.PrometheusFixture;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.source.MetricsUnavailableException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real Prometheus that goes away in the middle of polling, and comes back on the same port. */
class PrometheusRestartTest {
    static final CacheNode NODE = new CacheNode(new PodKey("cache", "redis-0"), CacheKind.REDIS, "redis",
            "primary", "node-1", 6379);
    static final ClusterSnapshot CLUSTER = ClusterSnapshot.empty("test");

    PrometheusFixture prometheus;
    PrometheusMetricsSource source;

    @BeforeEach
    void start() throws Exception {
        prometheus = PrometheusFixture.start(List.of(), null);
        PrometheusConfig config = PrometheusConfig.of(prometheus.url());
        OkHttpClient shared = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();
        source = new PrometheusMetricsSource(new PrometheusClient(new OkHttpPrometheusTransport(shared, config)),
                config);
    }

    @AfterEach
    void stop() throws Exception {
        Cleanup.close(prometheus);
    }

    @Test
    void stoppedPrometheusFailsThePollNamingTheUrlAndARestartRecovers() throws Exception {
        MetricsSnapshot before = source.poll(CLUSTER, List.of(NODE));
        assertThat(before.caches().get(NODE.pod()).error())
                .isEqualTo("no redis_exporter series for cache/redis-0 in Prometheus; is the exporter scraped with"
                        + " namespace/pod labels?");

        prometheus.stop();

        assertThatThrownBy(() -> source.poll(CLUSTER, List.of(NODE)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessage("Prometheus at " + prometheus.url()
                        + " refused the connection; is it running, and are the host and port right?");

        prometheus.restart();

        MetricsSnapshot after = source.poll(CLUSTER, List.of(NODE));
        assertThat(after.caches()).containsKey(NODE.pod());
        assertThat(after.takenAt()).isAfterOrEqualTo(before.takenAt());
    }

    @Test
    void aPollWithoutCachesStillChecksTheServer() throws Exception {
        assertThat(source.poll(CLUSTER, List.of()).caches()).isEmpty();

        prometheus.stop();

        assertThatThrownBy(() -> source.poll(CLUSTER, List.of()))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining(prometheus.url())
                .hasMessageContaining("refused");
    }
}
