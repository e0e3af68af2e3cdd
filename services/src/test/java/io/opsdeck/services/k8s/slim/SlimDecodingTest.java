package io.opsdeck.services.k8s.slim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.services.model.PodPhase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The slim classes read what Opsdeck shows out of real API server JSON, and skip the rest. */
class SlimDecodingTest {
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** A pod as a LIST item (no kind/apiVersion), managedFields and annotations included. */
    static final String POD = """
            {"metadata":{"name":"web-7d4b9-abcde","generateName":"web-7d4b9-","namespace":"shop",
              "uid":"0b6c","resourceVersion":"123456","creationTimestamp":"2024-05-01T09:00:00Z",
              "labels":{"app":"web","pod-template-hash":"7d4b9"},
              "annotations":{"kubectl.kubernetes.io/restartedAt":"2024-05-01T08:59:00Z","big":"xxxxxxxxxxxxxxxxxxxxxxxx"},
              "ownerReferences":[
                {"apiVersion":"v1","kind":"ConfigMap","name":"not-the-controller","uid":"1"},
                {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d4b9","uid":"2","controller":true,"blockOwnerDeletion":true}],
              "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1",
                "time":"2024-05-01T09:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                "f:spec":{"f:containers":{"k:{\\"name\\":\\"main\\"}":{".":{},"f:image":{}}}}}}]},
             "spec":{"nodeName":"n1","serviceAccountName":"default",
              "initContainers":[{"name":"init","image":"busybox","resources":{"requests":{"cpu":"1"}}}],
              "containers":[
                {"name":"main","image":"registry.example/web:1.0","ports":[{"containerPort":8080,"protocol":"TCP"},{"containerPort":9090}],
                 "resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1"}},
                 "env":[{"name":"A","value":"b"}],"volumeMounts":[{"name":"x","mountPath":"/x"}]},
                {"name":"proxy","image":"registry.example/proxy:2","resources":{"requests":{"cpu":"0.1","memory":"64M"}}}],
              "volumes":[{"name":"x","emptyDir":{}}],"tolerations":[{"key":"k","operator":"Exists"}]},
             "status":{"phase":"Running","podIP":"10.0.0.7","podIPs":[{"ip":"10.0.0.7"}],"hostIP":"192.168.0.1",
              "conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"},
                {"type":"ContainersReady","status":"True"}],
              "initContainerStatuses":[{"name":"init","restartCount":9}],
              "containerStatuses":[{"name":"main","restartCount":2,"ready":true,"state":{"running":{"startedAt":"2024-05-01T09:00:05Z"}}},
                {"name":"proxy","restartCount":1,"ready":true}]}}
            """;

    @Test
    void aPodKeepsWhatTheViewsShow() {
        SlimPod p = serialization.unmarshal(POD, SlimPod.class);
        assertPod(p);
        assertThat(p.getMetadata().getManagedFields()).isEmpty();
        assertThat(p.getMetadata().getAnnotations()).isEmpty();
        assertThat(p.getApiVersion()).isEqualTo("v1");
        assertThat(p.getKind()).isEqualTo("Pod");
    }

    @Test
    void aListDecodesTheWayTheInformerDoesIt() {
        String list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"123460\"},"
                + "\"items\":[" + POD + "," + POD.replace("web-7d4b9-abcde", "web-7d4b9-fghij") + "]}";
        List<SlimPod> pods = SlimDecodingCheck.decodePods(serialization,
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
        assertThat(pods).extracting(SlimPod::name).containsExactly("web-7d4b9-abcde", "web-7d4b9-fghij");
        assertThat(pods.get(1).labels()).as("identical label strings are shared")
                .isEqualTo(pods.get(0).labels());
        assertThat(pods.get(1).namespace()).isSameAs(pods.get(0).namespace());
        assertThat(pods.get(1).images().get(0)).isSameAs(pods.get(0).images().get(0));
        assertThat(SlimDecodingCheck.decodeFullPods(serialization,
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)))).hasSize(2);
    }

    @Test
    void aWatchEventsFullPodConvertsToTheSameSlimPod() {
        // fabric8 decodes a watch event's object as its own Pod, then converts it to the informer's class
        Pod full = serialization.unmarshal(POD.replaceFirst("\\{", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\","), Pod.class);
        assertPod(serialization.convertValue(full, SlimPod.class));
    }

    @Test
    void aPendingPodWithoutStatusDetailsHasDefaults() {
        SlimPod p = serialization.unmarshal("""
                {"metadata":{"name":"p","namespace":"ns","resourceVersion":"1"},
                 "spec":{"containers":[{"name":"c","image":"i"}]},"status":{"phase":"Pending"}}""", SlimPod.class);
        assertThat(p.phase()).isEqualTo(PodPhase.PENDING);
        assertThat(p.nodeName()).isEmpty();
        assertThat(p.podIp()).isEmpty();
        assertThat(p.ready()).isFalse();
        assertThat(p.restarts()).isZero();
        assertThat(p.ownerKind()).isEmpty();
        assertThat(p.labels()).isEmpty();
        assertThat(p.ports()).isEmpty();
        assertThat(p.cpuRequestMilli()).isZero();
    }

    private static void assertPod(SlimPod p) {
        assertThat(p.name()).isEqualTo("web-7d4b9-abcde");
        assertThat(p.namespace()).isEqualTo("shop");
        assertThat(p.getMetadata().getResourceVersion()).isEqualTo("123456");
        assertThat(p.labels()).isEqualTo(Map.of("app", "web", "pod-template-hash", "7d4b9"));
        assertThat(p.ownerKind()).as("the controller, not the first reference").isEqualTo("ReplicaSet");
        assertThat(p.ownerName()).isEqualTo("web-7d4b9");
        assertThat(p.nodeName()).isEqualTo("n1");
        assertThat(p.phase()).isEqualTo(PodPhase.RUNNING);
        assertThat(p.ready()).isTrue();
        assertThat(p.restarts()).as("containers only").isEqualTo(3);
        assertThat(p.images()).containsExactly("registry.example/web:1.0", "registry.example/proxy:2");
        assertThat(p.ports()).containsExactly(8080, 9090);
        assertThat(p.cpuRequestMilli()).isEqualTo(350);
        assertThat(p.memoryRequestBytes()).isEqualTo((256L << 20) + 64_000_000L);
        assertThat(p.podIp()).isEqualTo("10.0.0.7");
    }

    @Test
    void anEventKnowsWhenItWasLastSeen() {
        SlimEvent e = serialization.unmarshal("""
                {"metadata":{"name":"e","namespace":"shop","resourceVersion":"5","creationTimestamp":"2024-05-01T08:00:00Z",
                  "managedFields":[{"manager":"kubelet"}]},
                 "involvedObject":{"kind":"Pod","name":"web-1","namespace":"shop","uid":"u"},
                 "reason":"BackOff","message":"Back-off restarting failed container","type":"Warning",
                 "count":12,"firstTimestamp":"2024-05-01T08:00:00Z","lastTimestamp":"2024-05-01T09:30:00Z",
                 "source":{"component":"kubelet"}}""", SlimEvent.class);
        assertThat(e.type()).isEqualTo("Warning");
        assertThat(e.reason()).isEqualTo("BackOff");
        assertThat(e.objectKind()).isEqualTo("Pod");
        assertThat(e.objectName()).isEqualTo("web-1");
        assertThat(e.count()).isEqualTo(12);
        assertThat(e.lastSeen()).isEqualTo(Instant.parse("2024-05-01T09:30:00Z"));

        SlimEvent series = serialization.unmarshal("""
                {"metadata":{"name":"e2","namespace":"shop","creationTimestamp":"2024-05-01T08:00:00Z"},
                 "eventTime":"2024-05-01T08:10:00.123456Z","series":{"count":3,"lastObservedTime":"2024-05-01T08:20:00.000000Z"},
                 "type":"Warning","reason":"X"}""", SlimEvent.class);
        assertThat(series.count()).isEqualTo(3);
        assertThat(series.lastSeen()).isEqualTo(Instant.parse("2024-05-01T08:20:00Z"));

        SlimEvent bare = serialization.unmarshal("""
                {"metadata":{"name":"e3","namespace":"shop","creationTimestamp":"2024-05-01T08:00:00Z"},"type":"Warning"}""",
                SlimEvent.class);
        assertThat(bare.count()).isEqualTo(1);
        assertThat(bare.lastSeen()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    }

    @Test
    void aSliceKeepsOneAddressAndReadinessPerEndpoint() {
        SlimEndpointSlice s = serialization.unmarshal("""
                {"metadata":{"name":"web-x","namespace":"shop","labels":{"kubernetes.io/service-name":"web"}},
                 "addressType":"IPv4","ports":[{"port":8080}],
                 "endpoints":[{"addresses":["10.0.0.1"],"conditions":{"ready":true},"targetRef":{"kind":"Pod","name":"a"}},
                   {"addresses":["10.0.0.2"],"conditions":{"ready":false,"terminating":true}},
                   {"addresses":["10.0.0.3"]},
                   {"addresses":[]}]}""", SlimEndpointSlice.class);
        assertThat(s.serviceName()).isEqualTo("web");
        assertThat(s.addressType()).isEqualTo("IPv4");
        assertThat(s.endpointCount()).isEqualTo(3);
        assertThat(s.address(1)).isEqualTo("10.0.0.2");
        assertThat(new boolean[]{s.ready(0), s.ready(1), s.ready(2)}).as("no condition reads as ready")
                .containsExactly(true, false, true);
    }

    @Test
    void aReplicaSetKeepsItsDeployment() {
        SlimReplicaSet rs = serialization.unmarshal("""
                {"metadata":{"name":"web-7d4b9","namespace":"shop","ownerReferences":[
                  {"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"u","controller":true}]},
                 "spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c"}]}}}}""",
                SlimReplicaSet.class);
        assertThat(rs.ownerKind()).isEqualTo("Deployment");
        assertThat(rs.ownerName()).isEqualTo("web");
    }
}
