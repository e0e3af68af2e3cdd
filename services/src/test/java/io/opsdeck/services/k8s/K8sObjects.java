package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

import java.util.Map;

/** Kubernetes objects as the tests need them, built with fabric8's builders. */
final class K8sObjects {
    private K8sObjects() {
    }

    static Node node(String name, String zone, boolean ready, boolean cordoned, boolean memoryPressure) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("topology.kubernetes.io/zone", zone)
                .addToLabels("failure-domain.beta.kubernetes.io/region", "eu-west-1")
                .addToLabels("node-role.kubernetes.io/worker", "")
                .endMetadata()
                .withNewSpec().withUnschedulable(cordoned ? Boolean.TRUE : null).endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus(memoryPressure ? "True" : "False").endCondition()
                .addToAllocatable("cpu", new Quantity("3920m")).addToAllocatable("memory", new Quantity("15Gi"))
                .withNewNodeInfo().withKubeletVersion("v1.30.4").endNodeInfo()
                .endStatus().build();
    }

    static Deployment deployment(String ns, String name, int replicas, int ready) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("img").endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withReadyReplicas(ready).withAvailableReplicas(ready).withUpdatedReplicas(replicas)
                .endStatus().build();
    }

    static ReplicaSet replicaSet(String ns, String name, String deployment) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(deployment)
                .withUid("uid-" + deployment).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", deployment).endSelector().endSpec()
                .build();
    }

    static StatefulSet statefulSet(String ns, String name, int replicas, int ready) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector().endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withUpdatedReplicas(replicas).endStatus().build();
    }

    /** A running pod controlled by {@code ownerKind/ownerName}, labelled {@code app=app}. */
    static Pod pod(String ns, String name, String ownerKind, String ownerName, String app, String node, boolean ready,
                   int restarts) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", app)
                .endMetadata();
        if (ownerKind != null) {
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(ownerName)
                    .withUid("uid-" + ownerName).withController(true).endOwnerReference().endMetadata();
        }
        return b.withNewSpec().withNodeName(node)
                .addNewContainer().withName("main").withImage("registry.example/" + app + ":1.0")
                .addNewPort().withContainerPort(8080).endPort()
                .withNewResources().addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("256Mi")).endResources().endContainer()
                .addNewContainer().withName("sidecar").withImage("registry.example/proxy:2")
                .withNewResources().addToRequests("cpu", new Quantity("0.1")).endResources().endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0." + Math.abs(name.hashCode() % 250))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("main").withRestartCount(restarts).endContainerStatus()
                .addNewContainerStatus().withName("sidecar").withRestartCount(1).endContainerStatus()
                .endStatus().build();
    }

    static Service service(String ns, String name, Map<String, String> selector, int port) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withPort(port).endPort().endSpec().build();
    }

    /** A slice of {@code service}: one endpoint per address, the first {@code ready} of them ready. */
    static EndpointSlice slice(String ns, String name, String service, int ready, String... addresses) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4");
        for (int i = 0; i < addresses.length; i++) {
            b.addToEndpoints(new EndpointBuilder().withAddresses(addresses[i])
                    .withNewConditions().withReady(i < ready).endConditions().build());
        }
        return b.build();
    }

    static Endpoints endpoints(String ns, String service, String[] ready, String[] notReady) {
        EndpointsBuilder b = new EndpointsBuilder().withNewMetadata().withNamespace(ns).withName(service).endMetadata();
        var subset = b.addNewSubset();
        for (String ip : ready) {
            subset.addToAddresses(new EndpointAddressBuilder().withIp(ip).build());
        }
        for (String ip : notReady) {
            subset.addToNotReadyAddresses(new EndpointAddressBuilder().withIp(ip).build());
        }
        return subset.endSubset().build();
    }

    static PodDisruptionBudget pdb(String ns, String name, String app) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", app)
                .endSelector().endSpec()
                .withNewStatus().withCurrentHealthy(3).withDesiredHealthy(2).withDisruptionsAllowed(1)
                .withExpectedPods(3).endStatus().build();
    }

    static Event event(String ns, String name, String type, String reason, String podName, String lastTimestamp) {
        return new EventBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withType(type).withReason(reason).withMessage(reason + " for " + podName).withCount(4)
                .withNewInvolvedObject().withKind("Pod").withName(podName).withNamespace(ns).endInvolvedObject()
                .withLastTimestamp(lastTimestamp).build();
    }

    /** What {@code GET /apis} answers for a server of these group versions (e.g. {@code apps/v1}). */
    static io.fabric8.kubernetes.api.model.APIGroupList groups(String... groupVersions) {
        io.fabric8.kubernetes.api.model.APIGroupListBuilder b = new io.fabric8.kubernetes.api.model.APIGroupListBuilder();
        for (String gv : groupVersions) {
            String[] parts = gv.split("/");
            b.addToGroups(new io.fabric8.kubernetes.api.model.APIGroupBuilder().withName(parts[0]).addNewVersion()
                    .withGroupVersion(gv).withVersion(parts[1]).endVersion().build());
        }
        return b.build();
    }
}
