package io.opsdeck.services.action;

import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.Taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a pod fits a node, the way the scheduler's filters see it — best effort, from a read of
 * the nodes: the node is Ready and schedulable, the pod tolerates its NoSchedule/NoExecute taints,
 * matches its nodeSelector and required node affinity, and its requests fit the free allocatable.
 * Pod (anti-)affinity, topology spread and volumes are not judged; a drain's plan says so.
 */
public final class NodeFit {
    private NodeFit() {
    }

    /**
     * A node as scheduling sees it.
     *
     * @param cpuFreeMilli    allocatable CPU minus the requests of the pods bound to it (not finished)
     * @param memoryFreeBytes the same for memory
     */
    public record Node(String name, boolean ready, boolean unschedulable, Map<String, String> labels, List<Taint> taints,
                       long cpuFreeMilli, long memoryFreeBytes) {
        public Node {
            labels = Map.copyOf(labels);
            taints = List.copyOf(taints);
        }

        public Node minus(Needs pod) {
            return new Node(name, ready, unschedulable, labels, taints, cpuFreeMilli - pod.cpuMilli(),
                    memoryFreeBytes - pod.memoryBytes());
        }
    }

    /** A toleration as written in the pod spec; empty key with operator Exists tolerates everything. */
    public record Toleration(String key, String operator, String value, String effect) {
        public Toleration {
            key = key == null ? "" : key;
            operator = operator == null || operator.isEmpty() ? "Equal" : operator;
            value = value == null ? "" : value;
            effect = effect == null ? "" : effect;
        }

        boolean tolerates(Taint t) {
            if (!effect.isEmpty() && !effect.equals(t.effect())) {
                return false;
            }
            if (key.isEmpty()) {
                return operator.equals("Exists");
            }
            if (!key.equals(t.key())) {
                return false;
            }
            return operator.equals("Exists") || value.equals(t.value() == null ? "" : t.value());
        }
    }

    /**
     * One requirement of a label selector or a node selector term ({@code In}, {@code NotIn},
     * {@code Exists}, {@code DoesNotExist}, {@code Gt}, {@code Lt}). A key of {@code metadata.name}
     * stands for a matchFields requirement on the node's name.
     */
    public record Requirement(String key, String operator, List<String> values) {
        public static final String NODE_NAME_FIELD = "metadata.name";

        public Requirement {
            values = List.copyOf(values);
        }

        public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                case "Gt", "Lt" -> v != null && !values.isEmpty() && compare(v, values.get(0), operator.equals("Gt"));
                default -> false;
            };
        }

        private static boolean compare(String v, String bound, boolean greater) {
            try {
                long a = Long.parseLong(v);
                long b = Long.parseLong(bound);
                return greater ? a > b : a < b;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * What a pod asks of a node.
     *
     * @param affinityTerms required node affinity: the terms are ORed, the requirements of a term ANDed;
     *                      empty for none
     */
    public record Needs(Map<String, String> nodeSelector, List<Toleration> tolerations,
                        List<List<Requirement>> affinityTerms, long cpuMilli, long memoryBytes) {
        public static final Needs NOTHING = new Needs(Map.of(), List.of(), List.of(), 0, 0);

        public Needs {
            nodeSelector = Map.copyOf(nodeSelector);
            tolerations = List.copyOf(tolerations);
            affinityTerms = affinityTerms.stream().map(List::copyOf).toList();
        }
    }

    /** The nodes as scheduling sees them, from the model the views show: requests of unfinished pods taken off. */
    public static List<Node> of(List<NodeInfo> nodes, List<PodInfo> pods) {
        Map<String, long[]> used = new java.util.HashMap<>();
        for (PodInfo p : pods) {
            if (p.scheduled() && !p.phase().terminal()) {
                long[] u = used.computeIfAbsent(p.nodeName(), k -> new long[2]);
                u[0] += p.cpuRequestMilli();
                u[1] += p.memoryRequestBytes();
            }
        }
        List<Node> out = new ArrayList<>(nodes.size());
        for (NodeInfo n : nodes) {
            long[] u = used.getOrDefault(n.name(), new long[2]);
            out.add(new Node(n.name(), n.ready(), n.unschedulable(), n.labels(), n.taints(),
                    n.cpuAllocatableMilli() - u[0], n.memoryAllocatableBytes() - u[1]));
        }
        return out;
    }

    /** Why the pod does not fit the node, in the scheduler's words; empty when it fits. */
    public static String whyNot(Needs pod, Node node) {
        if (!node.ready()) {
            return "not Ready";
        }
        if (node.unschedulable()) {
            return "unschedulable";
        }
        for (Taint t : node.taints()) {
            if ((t.effect().equals("NoSchedule") || t.effect().equals("NoExecute"))
                    && pod.tolerations().stream().noneMatch(tol -> tol.tolerates(t))) {
                return "untolerated taint " + t;
            }
        }
        for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
            if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                return "didn't match the nodeSelector";
            }
        }
        if (!pod.affinityTerms().isEmpty() && pod.affinityTerms().stream().noneMatch(term -> matches(term, node))) {
            return "didn't match the required node affinity";
        }
        if (pod.cpuMilli() > node.cpuFreeMilli()) {
            return "insufficient cpu";
        }
        if (pod.memoryBytes() > node.memoryFreeBytes()) {
            return "insufficient memory";
        }
        return "";
    }

    private static boolean matches(List<Requirement> term, Node node) {
        if (term.isEmpty()) {
            return false; // an empty term matches no node
        }
        for (Requirement r : term) {
            Map<String, String> subject = r.key().equals(Requirement.NODE_NAME_FIELD)
                    ? Map.of(Requirement.NODE_NAME_FIELD, node.name()) : node.labels();
            if (!r.matches(subject)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The scheduler's summary when no node fits: {@code 0/11 nodes fit: 3 unschedulable, 2 insufficient memory}.
     */
    public static String summary(Needs pod, List<Node> nodes) {
        Map<String, Integer> why = new java.util.TreeMap<>();
        for (Node n : nodes) {
            String w = whyNot(pod, n);
            if (!w.isEmpty()) {
                why.merge(w.startsWith("untolerated taint") ? "untolerated taint" : w, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        why.forEach((w, c) -> parts.add(c + " " + w));
        return "0/" + nodes.size() + " other nodes fit" + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }
}
