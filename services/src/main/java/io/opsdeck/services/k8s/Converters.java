package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.opsdeck.services.k8s.slim.Quantities;
import io.opsdeck.services.k8s.slim.SlimEvent;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PdbInfo;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.Taint;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.WorkloadKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** fabric8 objects (read, never changed) to Opsdeck's model records, one object at a time. */
final class Converters {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String REGION = "topology.kubernetes.io/region";
    static final String ZONE_BETA = "failure-domain.beta.kubernetes.io/zone";
    static final String REGION_BETA = "failure-domain.beta.kubernetes.io/region";
    static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private Converters() {
    }

    static NodeInfo node(Node n) {
        Map<String, String> labels = orEmpty(n.getMetadata().getLabels());
        NodeSpec spec = n.getSpec();
        NodeStatus status = n.getStatus();
        boolean ready = false;
        Set<NodeCondition> pressures = EnumSet.noneOf(NodeCondition.class);
        List<Taint> taints = new ArrayList<>();
        long cpu = 0;
        long memory = 0;
        String kubelet = "";
        if (status != null) {
            if (status.getConditions() != null) {
                for (io.fabric8.kubernetes.api.model.NodeCondition c : status.getConditions()) {
                    boolean isTrue = "True".equals(c.getStatus());
                    if ("Ready".equals(c.getType())) {
                        ready = isTrue;
                    } else if (isTrue) {
                        for (NodeCondition p : NodeCondition.values()) {
                            if (p.kubernetesName().equals(c.getType())) {
                                pressures.add(p);
                            }
                        }
                    }
                }
            }
            Map<String, Quantity> alloc = status.getAllocatable();
            if (alloc != null) {
                cpu = Quantities.milli(text(alloc.get("cpu")));
                memory = Quantities.units(text(alloc.get("memory")));
            }
            if (status.getNodeInfo() != null && status.getNodeInfo().getKubeletVersion() != null) {
                kubelet = status.getNodeInfo().getKubeletVersion();
            }
        }
        boolean unschedulable = false;
        if (spec != null) {
            unschedulable = Boolean.TRUE.equals(spec.getUnschedulable());
            if (spec.getTaints() != null) {
                for (io.fabric8.kubernetes.api.model.Taint t : spec.getTaints()) {
                    taints.add(new Taint(t.getKey(), t.getValue() == null ? "" : t.getValue(),
                            t.getEffect() == null ? "" : t.getEffect()));
                }
            }
        }
        return new NodeInfo(n.getMetadata().getName(), first(labels, REGION, REGION_BETA), first(labels, ZONE, ZONE_BETA),
                role(labels), ready, unschedulable, pressures, taints, cpu, memory, kubelet, labels);
    }

    /** The roles from {@code node-role.kubernetes.io/<role>} labels, comma-separated; else {@code kubernetes.io/role}; else empty. */
    static String role(Map<String, String> labels) {
        TreeSet<String> roles = null;
        for (String key : labels.keySet()) {
            if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
                if (roles == null) {
                    roles = new TreeSet<>();
                }
                roles.add(key.substring(ROLE_PREFIX.length()));
            }
        }
        if (roles != null) {
            return String.join(",", roles);
        }
        String legacy = labels.get("kubernetes.io/role");
        return legacy == null ? "" : legacy;
    }

    static WorkloadInfo deployment(Deployment d) {
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        DeploymentStatus s = d.getStatus();
        return new WorkloadInfo(WorkloadKind.DEPLOYMENT, d.getMetadata().getNamespace(), d.getMetadata().getName(),
                replicas == null ? 1 : replicas,
                s == null ? 0 : zero(s.getReadyReplicas()),
                s == null ? 0 : zero(s.getAvailableReplicas()),
                s == null ? 0 : zero(s.getUpdatedReplicas()),
                matchLabels(d.getSpec() == null ? null : d.getSpec().getSelector()));
    }

    static WorkloadInfo statefulSet(StatefulSet st) {
        Integer replicas = st.getSpec() == null ? null : st.getSpec().getReplicas();
        StatefulSetStatus s = st.getStatus();
        return new WorkloadInfo(WorkloadKind.STATEFULSET, st.getMetadata().getNamespace(), st.getMetadata().getName(),
                replicas == null ? 1 : replicas,
                s == null ? 0 : zero(s.getReadyReplicas()),
                // availableReplicas arrived in 1.22; before that, ready is the best there is
                s == null ? 0 : s.getAvailableReplicas() != null ? s.getAvailableReplicas() : zero(s.getReadyReplicas()),
                s == null ? 0 : zero(s.getUpdatedReplicas()),
                matchLabels(st.getSpec() == null ? null : st.getSpec().getSelector()));
    }

    static WorkloadInfo daemonSet(DaemonSet ds) {
        DaemonSetStatus s = ds.getStatus();
        return new WorkloadInfo(WorkloadKind.DAEMONSET, ds.getMetadata().getNamespace(), ds.getMetadata().getName(),
                s == null ? 0 : zero(s.getDesiredNumberScheduled()),
                s == null ? 0 : zero(s.getNumberReady()),
                s == null ? 0 : zero(s.getNumberAvailable()),
                s == null ? 0 : zero(s.getUpdatedNumberScheduled()),
                matchLabels(ds.getSpec() == null ? null : ds.getSpec().getSelector()));
    }

    /** @param scope where endpoints could be read; outside it the counts are unknown */
    static ServiceInfo service(Service svc, EndpointCounts endpoints, ReadScope scope) {
        ServiceSpec spec = svc.getSpec();
        String ns = svc.getMetadata().getNamespace();
        String name = svc.getMetadata().getName();
        List<Integer> ports = new ArrayList<>();
        Map<String, String> selector = Map.of();
        String type = "ClusterIP";
        if (spec != null) {
            if (spec.getType() != null) {
                type = spec.getType();
            }
            selector = orEmpty(spec.getSelector());
            if (spec.getPorts() != null) {
                for (ServicePort p : spec.getPorts()) {
                    if (p.getPort() != null) {
                        ports.add(p.getPort());
                    }
                }
            }
        }
        if (!scope.covers(ns)) {
            return new ServiceInfo(ns, name, type, selector, ports, -1, -1, scope.whyNot(ns));
        }
        int[] counts = endpoints.get(ns, name);
        if (counts != null) {
            return new ServiceInfo(ns, name, type, selector, ports, counts[0], counts[1]);
        }
        if (!selector.isEmpty()) {
            // the controllers make an object for every Service with a selector: none yet means none ready
            return new ServiceInfo(ns, name, type, selector, ports, 0, 0);
        }
        return new ServiceInfo(ns, name, type, selector, ports, -1, -1, "ExternalName".equals(type)
                ? "an ExternalName Service is a DNS alias (" + (spec.getExternalName() == null ? "" : spec.getExternalName())
                + "); Kubernetes keeps no endpoints for it"
                : "the Service has no selector and no Endpoints or EndpointSlice object: its endpoints are managed"
                + " outside Kubernetes");
    }

    /** A PodDisruptionBudget of policy/v1 or policy/v1beta1. */
    static PdbInfo pdb(Object o) {
        if (o instanceof io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget p) {
            var spec = p.getSpec();
            var s = p.getStatus();
            return new PdbInfo(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                    matchLabels(spec == null ? null : spec.getSelector()),
                    spec == null ? "" : text(spec.getMinAvailable()), spec == null ? "" : text(spec.getMaxUnavailable()),
                    s == null ? 0 : zero(s.getCurrentHealthy()), s == null ? 0 : zero(s.getDesiredHealthy()),
                    s == null ? 0 : zero(s.getDisruptionsAllowed()));
        }
        var p = (io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget) o;
        var spec = p.getSpec();
        var s = p.getStatus();
        return new PdbInfo(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                matchLabels(spec == null ? null : spec.getSelector()),
                spec == null ? "" : text(spec.getMinAvailable()), spec == null ? "" : text(spec.getMaxUnavailable()),
                s == null ? 0 : zero(s.getCurrentHealthy()), s == null ? 0 : zero(s.getDesiredHealthy()),
                s == null ? 0 : zero(s.getDisruptionsAllowed()));
    }

    static ClusterEvent event(SlimEvent e) {
        return new ClusterEvent(e.namespace(), e.type(), e.reason(), e.objectKind(), e.objectName(), e.message(),
                e.count(), e.lastSeen());
    }

    /** {@code matchLabels} only: a selector's {@code matchExpressions} are not shown. */
    static Map<String, String> matchLabels(LabelSelector selector) {
        return selector == null ? Map.of() : orEmpty(selector.getMatchLabels());
    }

    private static String first(Map<String, String> labels, String key, String fallbackKey) {
        String v = labels.get(key);
        return v != null ? v : labels.get(fallbackKey);
    }

    private static String text(Quantity q) {
        if (q == null || q.getAmount() == null) {
            return null;
        }
        return q.getFormat() == null ? q.getAmount() : q.getAmount() + q.getFormat();
    }

    private static String text(IntOrString v) {
        if (v == null) {
            return "";
        }
        return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal() == null ? "" : v.getStrVal();
    }

    private static int zero(Integer i) {
        return i == null ? 0 : i;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
