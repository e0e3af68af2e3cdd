package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.services.k8s.slim.SlimReplicaSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class SerializationsTest {
    KubernetesClient mockClient;

    @TempDir
    Path dir;

    @Test
    void withoutScanNoModelClassIsRegisteredWhereFabric8sDefaultRegistersThemAll() {
        assertThat(new KubernetesSerialization().getRegisteredKubernetesResource("gateway.networking.k8s.io/v1", "GRPCRoute"))
                .as("fabric8's default scans the class path").isNotNull();
        assertThat(Serializations.withoutScan().getRegisteredKubernetesResource("gateway.networking.k8s.io/v1", "GRPCRoute"))
                .isNull();
    }

    @Test
    void aKubeconfigParsesAsFabric8ParsesItWithTheFileEachEntryCameFrom() throws Exception {
        Path file = Kubeconfigs.write(dir, "config", """
                apiVersion: v1
                kind: Config
                current-context: b
                preferences: {}
                clusters:
                - name: c1
                  cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt, extensions: [{name: x, extension: {a: 1}}]}
                users:
                - name: u1
                  user: {token: t, exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin, args: [get-token], env: [{name: A, value: B}]}}
                contexts:
                - name: a
                  context: {cluster: c1, user: u1, namespace: n1}
                - name: b
                  context: {cluster: c1, user: u1}
                extensions: [{name: top, extension: {b: [1, 2]}}]
                """);
        Config ours = KubeconfigReader.parse(Files.readString(file), file);
        Config fabric8s = KubeConfigUtils.parseConfig(file.toFile());

        assertThat(ours).isEqualTo(fabric8s);
        assertThat(ours.getClusters().get(0).getAdditionalProperties()).isEqualTo(fabric8s.getClusters().get(0)
                .getAdditionalProperties()).containsValue(file.toFile());
        assertThat(ours.getUsers().get(0).getAdditionalProperties()).isEqualTo(fabric8s.getUsers().get(0)
                .getAdditionalProperties()).containsValue(file.toFile());
        for (int i = 0; i < 2; i++) {
            NamedContext c = ours.getContexts().get(i);
            assertThat(KubeConfigUtils.getFileWithNamedContext(c)).isEqualTo(file.toFile());
            assertThat(c.getAdditionalProperties()).isEqualTo(fabric8s.getContexts().get(i).getAdditionalProperties());
        }
    }

    @Test
    void informersOfAClientWithoutTheScanHoldTheirOwnTypesAfterListAndWatchEvents() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(mockClient.getConfiguration())
                .withKubernetesSerialization(Serializations.withoutScan()).build()) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("listed").endMetadata().build()).create();
            SharedIndexInformer<?> nodes = client.nodes().runnableInformer(0);
            SharedIndexInformer<?> sets = client.resources(SlimReplicaSet.class).inAnyNamespace().runnableInformer(0);
            nodes.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
            sets.start().toCompletableFuture().get(10, TimeUnit.SECONDS);

            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("watched").endMetadata().build()).create();
            client.apps().replicaSets().inNamespace("ns").resource(new ReplicaSetBuilder().withNewMetadata().withName("rs")
                    .withNamespace("ns").endMetadata().build()).create();
            awaitSize(nodes::getStore, 2);
            awaitSize(sets::getStore, 1);
            String created = ((SlimReplicaSet) sets.getStore().list().get(0)).getMetadata().getResourceVersion();
            client.apps().replicaSets().inNamespace("ns").withName("rs")
                    .edit(r -> { r.getMetadata().setLabels(Map.of("edited", "yes")); return r; });
            for (int i = 0; i < 200 && created.equals(resourceVersion(sets.getStore().list().get(0))); i++) {
                Thread.sleep(25);
            }

            assertThat(nodes.getStore().list()).hasSize(2)
                    .allSatisfy(n -> assertThat(n).isInstanceOf(io.fabric8.kubernetes.api.model.Node.class));
            List<?> rs = sets.getStore().list();
            assertThat(rs).hasSize(1).allSatisfy(r -> assertThat(r).isInstanceOf(SlimReplicaSet.class));
            assertThat(resourceVersion(rs.get(0))).as("the MODIFIED event was applied").isNotEqualTo(created);
        }
    }

    private static String resourceVersion(Object o) {
        return ((io.fabric8.kubernetes.api.model.HasMetadata) o).getMetadata().getResourceVersion();
    }

    private static void awaitSize(Supplier<io.fabric8.kubernetes.client.informers.cache.Store<?>> store, int n)
            throws InterruptedException {
        for (int i = 0; i < 200 && store.get().list().size() < n; i++) {
            Thread.sleep(25);
        }
    }
}
