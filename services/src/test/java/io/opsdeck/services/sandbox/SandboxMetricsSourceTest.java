package io.opsdeck.services.sandbox;

import io.opsdeck.services.Fixtures;
import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SandboxMetricsSourceTest {
    private static final Clock CLOCK = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

    private ClusterSnapshot cluster;
    private List<CacheNode> caches;

    @BeforeEach
    void setUp() {
        cluster = SandboxWorld.generate(SandboxSpec.DEFAULT, Fixtures.T0).snapshot("sandbox", Fixtures.T0);
        caches = CacheDiscovery.find(cluster);
        assertThat(caches).hasSize(7);
    }

    @Test
    void everyCacheAndServiceGetsFigures() {
        MetricsSnapshot m = new SandboxMetricsSource(42, CLOCK).poll(cluster, caches);

        assertThat(m.takenAt()).isEqualTo(Fixtures.T0);
        assertThat(m.caches()).containsOnlyKeys(caches.stream().map(CacheNode::pod).toList());
        assertThat(m.caches().values()).allSatisfy(s -> {
            assertThat(s.hasError()).isFalse();
            assertThat(s.source()).isEqualTo("sandbox");
            assertThat(s.hasTraffic()).isTrue();
            assertThat(s.memoryUsedBytes()).isPositive().isLessThanOrEqualTo(s.memoryMaxBytes());
        });
        assertThat(m.services()).hasSameSizeAs(cluster.services());
        assertThat(m.services().get(new ServiceKey("shop", "payments")).errorRatio())
                .isEqualTo(1.0);
        assertThat(m.alerts()).extracting(Alert::name).contains("KubePodCrashLooping", "KubeNodeMemoryPressure");
    }

    @Test
    void twoSourcesOfTheSameSeedGiveTheSameFiguresPollForPoll() {
        SandboxMetricsSource a = new SandboxMetricsSource(42, CLOCK);
        SandboxMetricsSource b = new SandboxMetricsSource(42, CLOCK);

        for (int poll = 0; poll < 5; poll++) {
            assertThat(a.poll(cluster, caches)).as("poll %d", poll).isEqualTo(b.poll(cluster, caches));
        }
    }

    @Test
    void anotherSeedGivesOtherFigures() {
        MetricsSnapshot a = new SandboxMetricsSource(42, CLOCK).poll(cluster, caches);
        MetricsSnapshot b = new SandboxMetricsSource(7, CLOCK).poll(cluster, caches);

        assertThat(b.caches()).isNotEqualTo(a.caches());
    }

    @Test
    void hitRatiosDriftButStayBetweenZeroAndOne() {
        SandboxMetricsSource source = new SandboxMetricsSource(42, CLOCK);
        List<MetricsSnapshot> polls = new ArrayList<>();
        for (int i = 0; i < SandboxMetricsSource.COLD_CYCLE; i++) {
            polls.add(source.poll(cluster, caches));
        }

        for (CacheNode c : caches) {
            List<Double> ratios = polls.stream().map(m -> m.caches().get(c.pod()).hitRatio()).toList();
            assertThat(ratios).as("hit ratios of %s", c.pod()).allSatisfy(r -> assertThat(r).isBetween(0.0, 1.0));
            assertThat(ratios.stream().distinct().count()).as("distinct ratios of %s", c.pod()).isGreaterThan(10);
            double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(max - min).as("drift of %s", c.pod()).isGreaterThan(0.01);
        }
    }

    @Test
    void theLastMemcachedNodeGoesColdAndRecoversWhileTheOthersStayWarm() {
        PodKey cold = caches.stream().filter(c -> c.kind() == CacheKind.MEMCACHED).map(CacheNode::pod)
                .reduce((x, y) -> y).orElseThrow();
        SandboxMetricsSource source = new SandboxMetricsSource(42, CLOCK);
        List<MetricsSnapshot> polls = new ArrayList<>();
        for (int i = 0; i < SandboxMetricsSource.COLD_CYCLE; i++) {
            polls.add(source.poll(cluster, caches));
        }

        // wherever the cycle starts, within one cycle the node is both cold and warm again
        double coldest = polls.stream().mapToDouble(m -> m.caches().get(cold).hitRatio()).min().orElseThrow();
        double warmest = polls.stream().mapToDouble(m -> m.caches().get(cold).hitRatio()).max().orElseThrow();
        assertThat(coldest).isLessThan(0.75);
        assertThat(warmest).as("recovered within the cycle").isGreaterThan(0.85);
        for (CacheNode c : caches) {
            if (!c.pod().equals(cold)) {
                assertThat(polls).allSatisfy(m -> assertThat(m.caches().get(c.pod()).hitRatio())
                        .as("%s stays warm", c.pod()).isGreaterThan(0.85));
            }
        }
        assertThat(polls).anySatisfy(m -> assertThat(m.alerts()).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("CacheHitRatioLow");
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.labels()).containsEntry("pod", cold.name());
        }));
    }

    @Test
    void aCachePodThatIsNotReadyHasNoFigures() {
        PodKey redis1 = new PodKey("cache", "redis-1");
        List<PodInfo> pods = cluster.pods().stream().map(p -> p.key().equals(redis1)
                ? new PodInfo(p.namespace(), p.name(), p.nodeName(), p.phase(), false, p.restarts(), p.owner(),
                p.labels(), p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp())
                : p).collect(Collectors.toList());
        ClusterSnapshot changed = new ClusterSnapshot(cluster.context(), cluster.takenAt(), cluster.serverVersion(),
                cluster.nodes(), pods, cluster.workloads(), cluster.services(), cluster.pdbs(), cluster.events(),
                cluster.namespaces(), cluster.unavailable());

        CacheStats s = new SandboxMetricsSource(42, CLOCK).poll(changed, caches).caches().get(redis1);

        assertThat(s.hasError()).isTrue();
        assertThat(s.error()).contains("not ready");
        assertThat(s.hitRatio()).isNaN();
    }

    @Test
    void redisPrimaryServesMoreThanItsReplicas() {
        MetricsSnapshot m = new SandboxMetricsSource(42, CLOCK).poll(cluster, caches);

        double primary = m.caches().get(new PodKey("cache", "redis-0")).opsPerSec();
        assertThat(primary).isGreaterThan(m.caches().get(new PodKey("cache", "redis-1")).opsPerSec());
        assertThat(m.caches().get(new PodKey("cache", "redis-0")).readsPerSec()).isCloseTo(primary * 0.8,
                within(1e-6));
    }
}
