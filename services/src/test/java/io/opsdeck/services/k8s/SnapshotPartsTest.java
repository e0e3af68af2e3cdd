package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.services.k8s.slim.SlimEndpointSlice;
import io.opsdeck.services.k8s.slim.SlimEndpoints;
import io.opsdeck.services.k8s.slim.SlimPod;
import io.opsdeck.services.k8s.slim.SlimReplicaSet;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.model.ServiceInfo;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder's parts, without a server: endpoint counting, owner resolution, record reuse, API choice, sentences. */
class SnapshotPartsTest {
    private final KubernetesSerialization json = new KubernetesSerialization();

    private SlimEndpointSlice slice(String service, String type, String... endpoints) {
        StringBuilder b = new StringBuilder("{\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\",\"labels\":"
                + "{\"kubernetes.io/service-name\":\"" + service + "\"}},\"addressType\":\"" + type + "\",\"endpoints\":[");
        for (int i = 0; i < endpoints.length; i++) {
            int colon = endpoints[i].lastIndexOf(':'); // address:ready
            b.append(i == 0 ? "" : ",").append("{\"addresses\":[\"").append(endpoints[i], 0, colon)
                    .append("\"],\"conditions\":{\"ready\":").append(endpoints[i].substring(colon + 1)).append("}}");
        }
        return json.unmarshal(b.append("]}").toString(), SlimEndpointSlice.class);
    }

    @Test
    void endpointsAreCountedOnceAcrossSlicesAndDualStackIsNotDoubled() {
        EndpointCounts c = EndpointCounts.of(List.of(
                slice("web", "IPv4", "10.0.0.1:true", "10.0.0.2:false"),
                // a slice being rebalanced lists 10.0.0.2 again, now ready
                slice("web", "IPv4", "10.0.0.2:true", "10.0.0.3:false"),
                slice("web", "IPv6", "fd00::1:true", "fd00::2:true"),
                slice("api", "IPv4", "10.0.1.1:true"),
                slice("", "IPv4", "10.0.9.9:true")));
        assertThat(c.get("ns", "web")).containsExactly(2, 3);
        assertThat(c.get("ns", "api")).containsExactly(1, 1);
        assertThat(c.get("ns", "none")).as("no object at all").isNull();
        assertThat(c.get("other", "web")).isNull();
    }

    @Test
    void endpointCountsAreReadWhereTheyCanBeAndUnknownElseWithWhy() {
        EndpointCounts counts = EndpointCounts.of(List.of(slice("kubernetes", "IPv4", "172.18.0.2:true")));
        io.fabric8.kubernetes.api.model.Service kubernetes = K8sObjects.service("ns", "kubernetes", Map.of(), 443);
        ServiceInfo apiServer = Converters.service(kubernetes, counts, ReadScope.EVERYWHERE);
        assertThat(apiServer.endpointsKnown()).as("no selector, but its slice is read").isTrue();
        assertThat(apiServer.endpointsTotal()).isEqualTo(1);

        ServiceInfo fresh = Converters.service(K8sObjects.service("ns", "new", Map.of("app", "new"), 80), counts,
                ReadScope.EVERYWHERE);
        assertThat(fresh.endpointsKnown()).as("a selector and no object yet: none ready").isTrue();
        assertThat(fresh.endpointsTotal()).isZero();

        io.fabric8.kubernetes.api.model.Service alias = new ServiceBuilder().withNewMetadata().withNamespace("ns")
                .withName("db").endMetadata().withNewSpec().withType("ExternalName")
                .withExternalName("db.example.com").endSpec().build();
        assertThat(Converters.service(alias, counts, ReadScope.EVERYWHERE).endpointsUnknown())
                .isEqualTo("an ExternalName Service is a DNS alias (db.example.com); Kubernetes keeps no endpoints for it");

        ReadScope refused = ReadScope.only(Set.of(), "endpointslices or endpoints", true, "forbidden");
        ServiceInfo unread = Converters.service(kubernetes, counts, refused);
        assertThat(unread.endpointsUnknown()).isEqualTo("may not list endpointslices or endpoints in ns");
        assertThat(unread.endpointsReady()).isEqualTo(-1);
    }

    @Test
    void endpointsObjectsCountEachIpOnce() {
        SlimEndpoints e = json.unmarshal("""
                {"metadata":{"name":"web","namespace":"ns"},"subsets":[
                  {"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"notReadyAddresses":[{"ip":"10.0.0.3"}],"ports":[{"port":80}]},
                  {"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":9090}]}]}""", SlimEndpoints.class);
        assertThat(EndpointCounts.of(List.of(e)).get("ns", "web")).containsExactly(2, 3);
    }

    private SlimPod pod(String name, String ownerKind, String ownerName, String hash) {
        return json.unmarshal("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"resourceVersion\":\"1\","
                + "\"labels\":{\"app\":\"x\"" + (hash == null ? "" : ",\"pod-template-hash\":\"" + hash + "\"") + "}"
                + (ownerKind == null ? "" : ",\"ownerReferences\":[{\"kind\":\"" + ownerKind + "\",\"name\":\"" + ownerName
                + "\",\"controller\":true}]") + "},\"spec\":{\"containers\":[{\"image\":\"i\"}]}}", SlimPod.class);
    }

    private SlimReplicaSet replicaSet(String name, String deployment) {
        return json.unmarshal("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\"" + (deployment == null ? ""
                : ",\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"" + deployment + "\",\"controller\":true}]")
                + "}}", SlimReplicaSet.class);
    }

    @Test
    void ownersResolveToTheWorkloadAPersonThinksOf() {
        Owners owners = new Owners();
        owners.replicaSets(List.of(replicaSet("web-5f6c7", "web"), replicaSet("bare-rs", null)));
        assertThat(owners.resolve(pod("a", "ReplicaSet", "web-5f6c7", "5f6c7"))).isEqualTo(new OwnerRef("Deployment", "web"));
        assertThat(owners.resolve(pod("b", "ReplicaSet", "bare-rs", null))).isEqualTo(new OwnerRef("ReplicaSet", "bare-rs"));
        assertThat(owners.resolve(pod("c", "ReplicaSet", "api-6b8d9f", "6b8d9f")))
                .as("ReplicaSet not known: its name ends with the pod-template-hash").isEqualTo(new OwnerRef("Deployment", "api"));
        assertThat(owners.resolve(pod("d", "ReplicaSet", "odd", "6b8d9f"))).isEqualTo(new OwnerRef("ReplicaSet", "odd"));
        assertThat(owners.resolve(pod("e", "Job", "backup-1", null))).isEqualTo(new OwnerRef("Job", "backup-1"));
        assertThat(owners.resolve(pod("f", null, null, null))).isSameAs(OwnerRef.NONE);
        assertThat(owners.resolve(pod("g", "StatefulSet", "redis", null)))
                .isSameAs(owners.resolve(pod("h", "StatefulSet", "redis", null)));
    }

    @Test
    void unchangedPodsKeepTheirRecordsAndShareLabelMaps() {
        Owners owners = new Owners();
        PodTable table = new PodTable(owners);
        SlimPod a = pod("a", "ReplicaSet", "web-5f6c7", "5f6c7");
        SlimPod b = pod("b", "ReplicaSet", "web-5f6c7", "5f6c7");
        List<PodInfo> first = table.build(List.of(a, b));
        assertThat(first.get(0).labels()).isSameAs(first.get(1).labels());
        assertThat(first.get(0).owner()).isEqualTo(new OwnerRef("Deployment", "web"));

        SlimPod a2 = pod("a", "ReplicaSet", "web-5f6c7", "5f6c7"); // an update replaces the cached object
        List<PodInfo> second = table.build(List.of(a2, b));
        assertThat(second.get(1)).isSameAs(first.get(1));
        assertThat(second.get(0)).isNotSameAs(first.get(0)).isEqualTo(first.get(0));

        owners.replicaSets(List.of(replicaSet("web-5f6c7", "frontend")));
        assertThat(table.build(List.of(a2, b))).extracting(PodInfo::owner)
                .as("a changed ReplicaSet owner is picked up").containsOnly(new OwnerRef("Deployment", "frontend"));
    }

    private static APIGroupList groups(String... groupVersions) {
        APIGroupListBuilder b = new APIGroupListBuilder();
        for (String gv : groupVersions) {
            String[] p = gv.split("/");
            b.addToGroups(new APIGroupBuilder().withName(p[0]).addNewVersion().withVersion(p[1]).endVersion().build());
        }
        return b.build();
    }

    @Test
    void discoveryPicksTheNewestServedVersions() {
        assertThat(ApiDiscovery.choose(groups("apps/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "policy/v1"), ""))
                .isEqualTo(new ApiDiscovery.Result("", ApiDiscovery.EndpointsApi.SLICES_V1, ApiDiscovery.PdbApi.V1));
        assertThat(ApiDiscovery.choose(groups("apps/v1", "discovery.k8s.io/v1beta1", "policy/v1beta1"), "v1.20.1"))
                .isEqualTo(new ApiDiscovery.Result("v1.20.1", ApiDiscovery.EndpointsApi.SLICES_V1BETA1,
                        ApiDiscovery.PdbApi.V1BETA1));
        assertThat(ApiDiscovery.choose(groups("apps/v1"), ""))
                .isEqualTo(new ApiDiscovery.Result("", ApiDiscovery.EndpointsApi.ENDPOINTS, ApiDiscovery.PdbApi.NONE));
        assertThat(ApiDiscovery.choose(groups(), "").endpoints()).as("an answer without apps is not trusted")
                .isEqualTo(ApiDiscovery.EndpointsApi.SLICES_V1);
    }

    @Test
    void failuresBecomeSentences() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("pods is forbidden: User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"x\"")
                .build());
        assertThat(KubeProblems.permanent(forbidden)).isTrue();
        assertThat(KubeProblems.forbiddenReason(forbidden, "pods", "x"))
                .isEqualTo("User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"x\"");
        assertThat(KubeProblems.forbiddenReason(new KubernetesClientException("no status", 403, null), "pods", null))
                .isEqualTo("the user of this context may not list pods at the cluster scope");
        KubernetesClientException refused = new KubernetesClientException("Failure executing: GET",
                new ConnectException("Connection refused"));
        assertThat(KubeProblems.permanent(refused)).isFalse();
        assertThat(KubeProblems.describe(refused, "https://k8s:6443"))
                .isEqualTo("cannot reach the API server at https://k8s:6443: connection refused");
        assertThat(KubeProblems.describe(new KubernetesClientException("x", 503, null), "https://k8s:6443"))
                .isEqualTo("the API server at https://k8s:6443 answered 503 (Service Unavailable)");
        assertThat(KubeProblems.permanent(new KubernetesClientException("x", 401, null))).isFalse();
    }
}
