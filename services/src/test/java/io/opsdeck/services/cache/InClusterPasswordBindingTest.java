package io.opsdeck.services.cache;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.LogCapture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.fixtures.Resp;
import io.opsdeck.services.fixtures.TestClock;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.opsdeck.services.fixtures.RedisCounters.counter;
import static io.opsdeck.services.fixtures.RedisCounters.info;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache cluster's password ({@code cache/sessions}) goes only to the pods its StatefulSet owns, as
 * the API server shows them (fabric8's mock in CRUD mode): not to a bare pod that only carries the
 * cluster's {@code app.kubernetes.io/instance} label, not to one whose owner reference names the
 * StatefulSet with another UID, and not when the owner cannot be read. Each pod leads (through a
 * stand-in port-forward) to a real {@code redis-server}: the StatefulSet's to one with
 * {@code requirepass}, the impostors to one without, whose counters show whether anyone came.
 */
@EnableKubernetesMockClient(crud = true)
class InClusterPasswordBindingTest {
    static final String PASSWORD = "Tb2-test-only-cluster-password";
    static final String NS = "cache";
    static KubernetesMockServer server;
    static KubernetesClient client;
    static RedisFixture owned;
    static RedisFixture impostor;

    final TestClock clock = new TestClock();

    @BeforeAll
    static void start() {
        owned = RedisFixture.start("redis-owned", PASSWORD);
        impostor = RedisFixture.start("redis-impostor");
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(owned, impostor);
    }

    @BeforeEach
    void cluster() {
        // the API server gives each object its UID, as the mock does: owner references take the one given
        String sts = create(new StatefulSetBuilder().withNewMetadata().withName("sessions").withNamespace(NS)
                .endMetadata().build());
        create(pod("sessions-0", owner("apps/v1", "StatefulSet", "sessions", sts), Map.of()));
        create(pod("lookalike", null, Map.of("app.kubernetes.io/instance", "sessions")));
        create(pod("forged-0", owner("apps/v1", "StatefulSet", "sessions", "0f8e1c2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"),
                Map.of()));
    }

    @Test
    void onlyTheStatefulSetsPodGetsThePassword() {
        Map<String, Integer> ports = Map.of("sessions-0", owned.port(), "lookalike", impostor.port(),
                "forged-0", impostor.port());
        try (LogCapture logs = new LogCapture("io.opsdeck", "redis.clients");
             Resp watch = impostor.client();
             DirectCachePoller poller = poller(ports)) {
            long connections = counter(watch, "stats", "total_connections_received");
            List<CacheNode> nodes = List.of(node("sessions-0"), node("lookalike"), node("forged-0"));

            poller.read(nodes);
            clock.advance(Duration.ofSeconds(5));
            Map<PodKey, DirectReading> r = poller.read(nodes);

            CacheStats sts = r.get(new PodKey(NS, "sessions-0")).stats();
            assertThat(sts.error()).as("the password reached the StatefulSet's pod").isEmpty();
            assertThat(sts.memoryUsedBytes()).isPositive();
            assertThat(r.get(new PodKey(NS, "lookalike")).stats().error()).isEqualTo("cache/lookalike claims to belong"
                    + " to cache cluster sessions by label but is not owned by it; no password sent");
            assertThat(r.get(new PodKey(NS, "forged-0")).stats().error()).contains("cache/forged-0 names StatefulSet"
                    + " sessions as its owner, but not the one in the cluster (another UID)").contains("no password sent");
            assertThat(counter(watch, "stats", "total_connections_received"))
                    .as("neither impostor was even connected to").isEqualTo(connections);
            assertThat(info(watch, "commandstats")).doesNotContain("cmdstat_auth");
            assertThat(logs.allText()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aDeploymentsPodIsBoundThroughItsReplicaSet() {
        String deployment = create(new DeploymentBuilder().withNewMetadata().withName("memo").withNamespace(NS)
                .endMetadata().build());
        String rs = create(new ReplicaSetBuilder().withNewMetadata().withName("memo-5d8f7").withNamespace(NS)
                .withOwnerReferences(owner("apps/v1", "Deployment", "memo", deployment)).endMetadata().build());
        create(pod("memo-5d8f7-abcde", owner("apps/v1", "ReplicaSet", "memo-5d8f7", rs), Map.of()));

        OwnerChain chain = new Fabric8PodOwners(client).chain(new PodKey(NS, "memo-5d8f7-abcde"));

        assertThat(chain.end()).isEqualTo(OwnerChain.End.COMPLETE);
        assertThat(chain.owners()).containsExactly(new OwnerChain.Link("ReplicaSet", "memo-5d8f7"),
                new OwnerChain.Link("Deployment", "memo"));
        assertThat(chain.reaches("memo")).isTrue();
    }

    @Test
    void anOperatorsPodIsBoundThroughItsStatefulSetToTheCustomResource() {
        // discovery tells fabric8 the custom resource's plural, as a real API server does
        server.expect().get().withPath("/apis/databases.spotahome.com/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("databases.spotahome.com/v1").addNewResource().withKind("RedisFailover")
                .withName("redisfailovers").withNamespaced(true).withSingularName("redisfailover")
                .withVerbs("get", "list").endResource().build()).always();
        GenericKubernetesResource cr = new GenericKubernetesResourceBuilder().withApiVersion("databases.spotahome.com/v1")
                .withKind("RedisFailover").withNewMetadata().withName("orders").withNamespace(NS).endMetadata().build();
        String crUid = client.genericKubernetesResources("databases.spotahome.com/v1", "RedisFailover").inNamespace(NS)
                .resource(cr).create().getMetadata().getUid();
        String sts = create(new StatefulSetBuilder().withNewMetadata().withName("rfr-orders").withNamespace(NS)
                .withOwnerReferences(owner("databases.spotahome.com/v1", "RedisFailover", "orders", crUid)).endMetadata()
                .build());
        create(pod("rfr-orders-0", owner("apps/v1", "StatefulSet", "rfr-orders", sts), Map.of()));

        OwnerChain chain = new Fabric8PodOwners(client).chain(new PodKey(NS, "rfr-orders-0"));

        assertThat(chain.end()).as(chain.why()).isEqualTo(OwnerChain.End.COMPLETE);
        assertThat(chain.owners()).containsExactly(new OwnerChain.Link("StatefulSet", "rfr-orders"),
                new OwnerChain.Link("RedisFailover", "orders"));
    }

    @Test
    void anOwnerThatMayNotBeReadLeavesTheBindingUnverifiedAndNoPasswordIsSent() {
        String lockedUid = create(new StatefulSetBuilder().withNewMetadata().withName("locked").withNamespace(NS)
                .endMetadata().build());
        create(pod("locked-0", owner("apps/v1", "StatefulSet", "locked", lockedUid), Map.of()));
        server.expect().get().withPath("/apis/apps/v1/namespaces/cache/statefulsets/locked")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "statefulsets.apps \"locked\" is forbidden").build()).always();
        try (Resp watch = impostor.client();
             DirectCachePoller poller = poller(Map.of("locked-0", impostor.port()))) {
            long connections = counter(watch, "stats", "total_connections_received");
            CacheNode locked = new CacheNode(new PodKey(NS, "locked-0"), CacheKind.REDIS, "locked", "", "n", 6379);

            String error = poller.read(List.of(locked)).get(locked.pod()).stats().error();

            assertThat(error).isEqualTo("The binding of cache/locked-0 to cache cluster locked is unverified: this user"
                    + " may not get statefulsets in cache (403 Forbidden); no password sent (a cluster's password goes"
                    + " only to pods whose owners show they are its own)");
            assertThat(counter(watch, "stats", "total_connections_received")).isEqualTo(connections);
        }
    }

    private DirectCachePoller poller(Map<String, Integer> ports) {
        CachePasswords passwords = new CachePasswords(Map.of("SESSIONS_PW", PASSWORD)::get, client, clock);
        CacheEndpoints endpoints = new CacheEndpoints((pod, port) -> new CacheEndpointsTest.FakeForward(
                ports.get(pod.name())), new Fabric8PodOwners(client), passwords,
                new CacheCredentials(Map.of("cache/sessions", "env:SESSIONS_PW", "cache/locked", "env:SESSIONS_PW")),
                List.of(), CacheApprovalStore.none(), clock);
        return DirectCachePoller.create(endpoints, Duration.ofMinutes(5), clock);
    }

    /** A cache node as discovery names it: each of these pods claims cluster "sessions". */
    private static CacheNode node(String pod) {
        return new CacheNode(new PodKey(NS, pod), CacheKind.REDIS, "sessions", "", "node-1", 6379);
    }

    private static Pod pod(String name, OwnerReference owner, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(labels).withOwnerReferences(owner == null ? List.of() : List.of(owner)).endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis:7").endContainer().endSpec().build();
    }

    private static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
                .withController(true).build();
    }

    /** Creates (or replaces) the object; its UID, as the API server gave it. */
    private static String create(HasMetadata o) {
        client.resource(o).delete();
        return client.resource(o).create().getMetadata().getUid();
    }
}
