package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.Fixtures;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CacheDiscoveryTest {
    private static final OwnerRef STS = new OwnerRef("StatefulSet", "sessions");

    private static PodInfo withImages(String... images) {
        return Fixtures.pod("cache", "p", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE, Map.of(), List.of(images),
                List.of());
    }

    private static PodInfo withLabels(Map<String, String> labels) {
        return Fixtures.pod("cache", "p", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE, labels,
                List.of("ghcr.io/acme/server:1.0"), List.of());
    }

    private static PodInfo withPorts(Integer... ports) {
        return Fixtures.pod("cache", "p", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE, Map.of(),
                List.of("ghcr.io/acme/server:1.0"), List.of(ports));
    }

    private static List<CacheNode> find(PodInfo... pods) {
        return CacheDiscovery.find(Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")), List.of(pods), List.of(),
                List.of()));
    }

    @ParameterizedTest
    @CsvSource({
        "redis, REDIS",
        "redis:7.2.5, REDIS",
        "docker.io/library/redis:7.2.5-alpine, REDIS",
        "registry.example.com:5000/infra/redis:7, REDIS",
        "bitnami/redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, REDIS",
        "docker.io/bitnami/redis:7.2@sha256:0123456789abcdef, REDIS",
        "valkey/valkey:8.0, REDIS",
        "eqalpha/keydb:x86_64_v6.3.4, REDIS",
        "memcached:1.6.29, MEMCACHED",
        "registry.example.com:5000/memcached@sha256:abcdef, MEMCACHED",
        "DOCKER.IO/Bitnami/Memcached:1.6, MEMCACHED"})
    void recognisesTheServerByImage(String image, CacheKind kind) {
        assertThat(CacheDiscovery.kindOf(withImages(image))).contains(kind);
    }

    @ParameterizedTest
    @CsvSource({"redis, REDIS", "valkey, REDIS", "keydb, REDIS", "redis-cluster, REDIS", "memcached, MEMCACHED",
        "Memcached, MEMCACHED"})
    void recognisesTheServerByNameLabel(String name, CacheKind kind) {
        assertThat(CacheDiscovery.kindOf(withLabels(Map.of("app.kubernetes.io/name", name)))).contains(kind);
    }

    @Test
    void recognisesTheServerByWellKnownPort() {
        assertThat(CacheDiscovery.kindOf(withPorts(8080, 6379))).contains(CacheKind.REDIS);
        assertThat(CacheDiscovery.kindOf(withPorts(11211))).contains(CacheKind.MEMCACHED);
        assertThat(CacheDiscovery.kindOf(withPorts(8080, 9121))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oliver006/redis_exporter:v1.62.0", "quay.io/oliver006/redis_exporter@sha256:abc",
        "prom/memcached-exporter:v0.14.4", "bitnami/redis-exporter:1.62.0"})
    void anExporterImageAloneIsNotACache(String image) {
        assertThat(CacheDiscovery.kindOf(withImages(image))).isEmpty();
    }

    @Test
    void aStandaloneExporterNamedAfterItsCacheIsNotACache() {
        PodInfo exporter = Fixtures.pod("monitoring", "prometheus-redis-exporter-7d9f-abcde", "node-1",
                PodPhase.RUNNING, true, new OwnerRef("Deployment", "prometheus-redis-exporter"),
                Map.of("app.kubernetes.io/name", "prometheus-redis-exporter"),
                List.of("oliver006/redis_exporter:v1.62.0"), List.of(9121));

        assertThat(CacheDiscovery.kindOf(exporter)).isEmpty();
        assertThat(find(exporter)).isEmpty();
    }

    @Test
    void theServerDecidesTheKindWhenAnExporterRunsBesideIt() {
        assertThat(CacheDiscovery.kindOf(withImages("oliver006/redis_exporter:v1.62.0", "redis:7.2")))
                .contains(CacheKind.REDIS);
        assertThat(CacheDiscovery.kindOf(withImages("prom/memcached-exporter:v0.14.4", "memcached:1.6")))
                .contains(CacheKind.MEMCACHED);
    }

    @Test
    void ordinaryPodsAreNotCaches() {
        assertThat(CacheDiscovery.kindOf(withImages("nginx:1.27", "ghcr.io/acme/api:2.0"))).isEqualTo(Optional.empty());
        assertThat(find(withLabels(Map.of("app.kubernetes.io/name", "api")))).isEmpty();
    }

    @Test
    void finishedPodsAreSkipped() {
        PodInfo succeeded = Fixtures.pod("cache", "redis-job-1", "node-1", PodPhase.SUCCEEDED, false, OwnerRef.NONE,
                Map.of(), List.of("redis:7"), List.of(6379));
        PodInfo failed = Fixtures.pod("cache", "redis-job-2", "node-1", PodPhase.FAILED, false, OwnerRef.NONE,
                Map.of(), List.of("redis:7"), List.of(6379));
        PodInfo pending = Fixtures.pod("cache", "redis-pending", "", PodPhase.PENDING, false, OwnerRef.NONE,
                Map.of(), List.of("redis:7"), List.of(6379));

        assertThat(find(succeeded, failed, pending)).extracting(c -> c.pod().name()).containsExactly("redis-pending");
    }

    @ParameterizedTest
    @CsvSource(value = {"role, master, primary", "role, primary, primary", "role, replica, replica",
        "role, slave, replica", "role, Leader, primary", "app.kubernetes.io/component, replica, replica",
        "role, sentinel, ''"})
    void roleComesFromLabels(String key, String value, String role) {
        PodInfo p = Fixtures.pod("cache", "sessions-0", "node-1", PodPhase.RUNNING, true, STS,
                Map.of(key, value), List.of("redis:7"), List.of(6379));

        assertThat(find(p)).singleElement().extracting(CacheNode::role).isEqualTo(role);
    }

    @Test
    void describesEachNodeWithClusterPortAndPlacement() {
        PodInfo owned = Fixtures.pod("cache", "sessions-1", "node-1", PodPhase.RUNNING, true, STS,
                Map.of("app.kubernetes.io/instance", "other"), List.of("valkey/valkey:8"), List.of());
        PodInfo instance = Fixtures.pod("cache", "mc-standalone", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE,
                Map.of("app.kubernetes.io/instance", "mc"), List.of("memcached:1.6"), List.of());
        PodInfo bare = Fixtures.pod("cache", "bare-redis", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE,
                Map.of(), List.of("redis:7"), List.of());

        assertThat(find(owned, instance, bare)).containsExactly(
                new CacheNode(new PodKey("cache", "bare-redis"), CacheKind.REDIS, "bare-redis", "", "node-1", 6379),
                new CacheNode(new PodKey("cache", "mc-standalone"), CacheKind.MEMCACHED, "mc", "", "node-1", 11211),
                new CacheNode(new PodKey("cache", "sessions-1"), CacheKind.REDIS, "sessions", "", "node-1", 6379));
    }

    @Test
    void anOwnerlessPodWithoutInstanceLabelJoinsTheClusterOfTheServiceThatSelectsIt() {
        PodInfo a = Fixtures.pod("cache", "mc-a", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE,
                Map.of("app", "sessions-mc", "tier", "cache"), List.of("memcached:1.6"), List.of());
        PodInfo b = Fixtures.pod("cache", "mc-b", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE,
                Map.of("app", "sessions-mc"), List.of("memcached:1.6"), List.of());
        PodInfo elsewhere = Fixtures.pod("web", "mc-c", "node-1", PodPhase.RUNNING, true, OwnerRef.NONE,
                Map.of("app", "sessions-mc"), List.of("memcached:1.6"), List.of());
        List<CacheNode> found = CacheDiscovery.find(Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")),
                List.of(a, b, elsewhere), List.of(), List.of(Fixtures.service("cache", "sessions-mc",
                        Map.of("app", "sessions-mc"), 2, 2))));

        assertThat(found).extracting(CacheNode::cluster).containsExactly("sessions-mc", "sessions-mc", "mc-c");
    }

    @Test
    void externalCachesFromSettingsFollowTheClustersOwnOnce() {
        PodInfo owned = Fixtures.pod("cache", "sessions-0", "node-1", PodPhase.RUNNING, true, STS, Map.of(),
                List.of("redis:7"), List.of());
        CacheAddress managed = new CacheAddress("managed-redis", CacheKind.REDIS, "redis.example.com", 6380,
                "env:MANAGED_REDIS_PASSWORD");

        List<CacheNode> found = CacheDiscovery.find(Fixtures.snapshot(List.of(Fixtures.node("node-1", "z")),
                List.of(owned), List.of(), List.of()), List.of(managed));

        assertThat(found).extracting(CacheNode::pod).containsExactly(new PodKey("cache", "sessions-0"),
                new PodKey("external", "managed-redis"));
        assertThat(found.get(1)).isEqualTo(new CacheNode(new PodKey("external", "managed-redis"), CacheKind.REDIS,
                "managed-redis", "", "", 6380));
        assertThat(CacheDiscovery.withExternal(found, List.of(managed.node()))).as("no duplicates").hasSize(2);
        assertThat(CacheAddress.isExternal(found.get(1).pod())).isTrue();
    }

    @Test
    void anExternalCacheNeedsANameAHostAndAPort() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CacheAddress(" ", CacheKind.REDIS, "h", 1, null))
                .hasMessageContaining("needs a name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CacheAddress("x", CacheKind.REDIS, "h", 0, null))
                .hasMessageContaining("1–65535");
        assertThat(new CacheAddress("x", CacheKind.MEMCACHED, "::1", 11211).address()).isEqualTo("[::1]:11211");
    }

    @Test
    void imageRepositoryDropsRegistryTagAndDigest() {
        assertThat(CacheDiscovery.imageRepository("registry.example.com:5000/a/b/Redis:7.2@sha256:ff"))
                .isEqualTo("redis");
        assertThat(CacheDiscovery.imageRepository("localhost:5000/memcached")).isEqualTo("memcached");
        assertThat(CacheDiscovery.imageRepository("keydb")).isEqualTo("keydb");
    }
}
