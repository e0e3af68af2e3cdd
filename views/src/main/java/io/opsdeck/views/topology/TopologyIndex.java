package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster snapshot indexed for drawing and hit-testing: nodes in display order (region, zone,
 * name), pods grouped by node in name order, per-pod state in primitive arrays. Pods without a
 * (known) node sit in one extra slot after the last node, {@link #unplaced()}. Immutable; built off
 * the FX thread.
 */
final class TopologyIndex {
    static final String NO_REGION = "";
    private static final Comparator<PodInfo> POD_ORDER = (a, b) -> {
        int c = a.namespace().compareTo(b.namespace());
        return c != 0 ? c : a.name().compareTo(b.name());
    };

    final ClusterSnapshot cluster;
    final String[] zoneNames;
    final String[] zoneRegions;
    final int[] zoneFirstNode;
    final int[] zoneNodeCount;
    final NodeInfo[] nodes;
    final int[] nodeZone;
    /** Start of each node's pods in {@link #pods}; {@code podStart[unplaced() + 1]} is the pod count. */
    final int[] podStart;
    final PodInfo[] pods;
    final int[] podNode;
    final byte[] podClass;
    final Map<String, Integer> nodeByName;
    final Map<PodKey, Integer> podByKey;
    /** Where {@code cluster.nodes().get(i)} / {@code cluster.pods().get(i)} went, for cheap updates. */
    private final int[] nodeOrder;
    private final int[] podOrder;
    // derived from the above, recomputed on every update
    final long[] cpuRequested;
    final long[] memoryRequested;
    /** {@code classCounts[node * PodClass.COUNT + class]}, the unplaced slot included. */
    final int[] classCounts;
    final Map<String, List<ClusterEvent>> events;
    final int nodesReady;
    final int nodesCordoned;
    final int nodesUnderPressure;
    final int nodesNotReady;
    final int podsRunning;
    /** Pods by {@link PodClass}, the unplaced ones included. */
    final int[] podsByClass = new int[PodClass.COUNT];
    final int maxPodsPerNode;
    private final PodTotals totals;

    private TopologyIndex(ClusterSnapshot cluster, String[] zoneNames, String[] zoneRegions, int[] zoneFirstNode,
                          int[] zoneNodeCount, NodeInfo[] nodes, int[] nodeZone, int[] podStart, PodInfo[] pods,
                          int[] podNode, byte[] podClass, Map<String, Integer> nodeByName,
                          Map<PodKey, Integer> podByKey, int[] nodeOrder, int[] podOrder, PodTotals totals,
                          Map<String, List<ClusterEvent>> events) {
        this.cluster = cluster;
        this.zoneNames = zoneNames;
        this.zoneRegions = zoneRegions;
        this.zoneFirstNode = zoneFirstNode;
        this.zoneNodeCount = zoneNodeCount;
        this.nodes = nodes;
        this.nodeZone = nodeZone;
        this.podStart = podStart;
        this.pods = pods;
        this.podNode = podNode;
        this.podClass = podClass;
        this.nodeByName = nodeByName;
        this.podByKey = podByKey;
        this.nodeOrder = nodeOrder;
        this.podOrder = podOrder;
        this.totals = totals;
        cpuRequested = totals.cpu;
        memoryRequested = totals.memory;
        classCounts = totals.classCounts;
        System.arraycopy(totals.byClass, 0, podsByClass, 0, PodClass.COUNT);
        podsRunning = totals.byClass[PodClass.READY] + totals.byClass[PodClass.NOT_READY];
        int ready = 0;
        int cordoned = 0;
        int pressure = 0;
        int max = 0;
        for (int n = 0; n < nodes.length; n++) {
            NodeInfo node = nodes[n];
            ready += node.ready() ? 1 : 0;
            cordoned += node.unschedulable() ? 1 : 0;
            pressure += node.pressures().isEmpty() ? 0 : 1;
            max = Math.max(max, podStart[n + 1] - podStart[n]);
        }
        nodesReady = ready;
        nodesNotReady = nodes.length - ready;
        nodesCordoned = cordoned;
        nodesUnderPressure = pressure;
        maxPodsPerNode = max;
        this.events = events;
    }

    /**
     * Per node slot: requests of the pods that consume them and pods by class; and pods by class in
     * all. Worked out once from every pod, then patched pod by pod as pods change.
     */
    private static final class PodTotals {
        final long[] cpu;
        final long[] memory;
        final int[] classCounts;
        final int[] byClass;

        private PodTotals(long[] cpu, long[] memory, int[] classCounts, int[] byClass) {
            this.cpu = cpu;
            this.memory = memory;
            this.classCounts = classCounts;
            this.byClass = byClass;
        }

        static PodTotals of(int slots, PodInfo[] pods, int[] podNode, byte[] podClass) {
            PodTotals t = new PodTotals(new long[slots], new long[slots], new int[slots * PodClass.COUNT],
                    new int[PodClass.COUNT]);
            for (int p = 0; p < pods.length; p++) {
                t.add(podNode[p], pods[p], podClass[p], 1);
            }
            return t;
        }

        /** A copy to patch: the index these came from stays as it was. */
        PodTotals copy() {
            return new PodTotals(cpu.clone(), memory.clone(), classCounts.clone(), byClass.clone());
        }

        /** Counts {@code pod} of class {@code c} on {@code node} in ({@code sign} 1) or out (-1). */
        void add(int node, PodInfo pod, byte c, int sign) {
            classCounts[node * PodClass.COUNT + c] += sign;
            byClass[c] += sign;
            if (PodClass.consumes(c)) {
                cpu[node] += sign * pod.cpuRequestMilli();
                memory[node] += sign * pod.memoryRequestBytes();
            }
        }
    }

    int unplaced() {
        return nodes.length;
    }

    int podCount(int node) {
        return podStart[node + 1] - podStart[node];
    }

    int classCount(int node, byte podClass) {
        return classCounts[node * PodClass.COUNT + podClass];
    }

    /** Events about a node, newest first. */
    List<ClusterEvent> nodeEvents(String node) {
        return events.getOrDefault("Node/" + node, List.of());
    }

    /** Events about a pod, newest first. */
    List<ClusterEvent> podEvents(PodInfo pod) {
        return events.getOrDefault("Pod/" + pod.namespace() + "/" + pod.name(), List.of());
    }

    static TopologyIndex build(ClusterSnapshot cluster) {
        List<NodeInfo> source = cluster.nodes();
        Integer[] byDisplay = new Integer[source.size()];
        for (int i = 0; i < byDisplay.length; i++) {
            byDisplay[i] = i;
        }
        Arrays.sort(byDisplay, Comparator.comparing((Integer i) -> groupKey(source.get(i)))
                .thenComparing(i -> source.get(i).name()));
        int n = byDisplay.length;
        NodeInfo[] nodes = new NodeInfo[n];
        int[] nodeOrder = new int[n];
        int[] nodeZone = new int[n];
        Map<String, Integer> nodeByName = new HashMap<>(n * 2);
        List<String> zoneNames = new ArrayList<>();
        List<String> zoneRegions = new ArrayList<>();
        List<Integer> zoneFirst = new ArrayList<>();
        String lastGroup = null;
        for (int i = 0; i < n; i++) {
            NodeInfo node = source.get(byDisplay[i]);
            nodes[i] = node;
            nodeOrder[byDisplay[i]] = i;
            nodeByName.put(node.name(), i);
            String group = groupKey(node);
            if (!group.equals(lastGroup)) {
                lastGroup = group;
                zoneNames.add(node.zoneOrUnzoned());
                zoneRegions.add(unzoned(node) || node.region() == null ? NO_REGION : node.region());
                zoneFirst.add(i);
            }
            nodeZone[i] = zoneNames.size() - 1;
        }
        int zones = zoneNames.size();
        int[] zoneFirstNode = new int[zones];
        int[] zoneNodeCount = new int[zones];
        for (int z = 0; z < zones; z++) {
            zoneFirstNode[z] = zoneFirst.get(z);
            zoneNodeCount[z] = (z + 1 < zones ? zoneFirst.get(z + 1) : n) - zoneFirst.get(z);
        }

        // counting sort of pods by node, then name order within each node
        List<PodInfo> podList = cluster.pods();
        int p = podList.size();
        int[] slotOf = new int[p];
        int[] podStart = new int[n + 2];
        for (int i = 0; i < p; i++) {
            PodInfo pod = podList.get(i);
            Integer node = pod.scheduled() ? nodeByName.get(pod.nodeName()) : null;
            slotOf[i] = node == null ? n : node;
            podStart[slotOf[i] + 1]++;
        }
        for (int i = 1; i < podStart.length; i++) {
            podStart[i] += podStart[i - 1];
        }
        int[] fill = Arrays.copyOf(podStart, n + 1);
        PodInfo[] pods = new PodInfo[p];
        for (int i = 0; i < p; i++) {
            pods[fill[slotOf[i]]++] = podList.get(i);
        }
        int[] podNode = new int[p];
        for (int node = 0; node <= n; node++) {
            Arrays.sort(pods, podStart[node], podStart[node + 1], POD_ORDER);
            Arrays.fill(podNode, podStart[node], podStart[node + 1], node);
        }
        byte[] podClass = new byte[p];
        Map<PodKey, Integer> podByKey = new HashMap<>(Math.max(16, p * 4 / 3 + 1));
        for (int i = 0; i < p; i++) {
            podClass[i] = PodClass.of(pods[i]);
            podByKey.put(pods[i].key(), i);
        }
        int[] podOrder = new int[p];
        for (int i = 0; i < p; i++) {
            podOrder[i] = podByKey.get(podList.get(i).key());
        }
        return new TopologyIndex(cluster, zoneNames.toArray(String[]::new), zoneRegions.toArray(String[]::new),
                zoneFirstNode, zoneNodeCount, nodes, nodeZone, podStart, pods, podNode, podClass, nodeByName,
                podByKey, nodeOrder, podOrder, PodTotals.of(n + 1, pods, podNode, podClass),
                indexEvents(cluster.events()));
    }

    /**
     * This index moved on to {@code next} when only the states of nodes and pods changed (the same
     * nodes in the same zones, the same pods on the same nodes): the arrays of pods that did not
     * change are shared. Empty when the structure changed and a full {@link #build} is needed.
     */
    TopologyIndex update(ClusterSnapshot next) {
        if (next == cluster) {
            return this;
        }
        List<NodeInfo> oldNodes = cluster.nodes();
        List<NodeInfo> newNodes = next.nodes();
        List<PodInfo> oldPods = cluster.pods();
        List<PodInfo> newPods = next.pods();
        if (oldNodes.size() != newNodes.size() || oldPods.size() != newPods.size()) {
            return null;
        }
        NodeInfo[] nodes2 = nodes;
        for (int i = 0; i < newNodes.size(); i++) {
            NodeInfo a = oldNodes.get(i);
            NodeInfo b = newNodes.get(i);
            if (a == b) {
                continue;
            }
            if (!a.name().equals(b.name()) || !groupKey(a).equals(groupKey(b))
                    || !Objects.equals(a.region(), b.region())) {
                return null;
            }
            if (nodes2 == nodes) {
                nodes2 = nodes.clone();
            }
            nodes2[nodeOrder[i]] = b;
        }
        PodInfo[] pods2 = pods;
        byte[] class2 = podClass;
        PodTotals totals2 = totals;
        for (int i = 0; i < newPods.size(); i++) {
            PodInfo a = oldPods.get(i);
            PodInfo b = newPods.get(i);
            if (a == b) {
                continue;
            }
            if (!a.name().equals(b.name()) || !a.namespace().equals(b.namespace())
                    || !Objects.equals(a.nodeName(), b.nodeName())) {
                return null;
            }
            if (pods2 == pods) {
                pods2 = pods.clone();
                class2 = podClass.clone();
                totals2 = totals.copy();
            }
            int at = podOrder[i];
            // only the changed pods are counted again, not all of them
            totals2.add(podNode[at], pods2[at], class2[at], -1);
            pods2[at] = b;
            class2[at] = PodClass.of(b);
            totals2.add(podNode[at], b, class2[at], 1);
        }
        Map<String, List<ClusterEvent>> events2 = next.events() == cluster.events() ? events
                : indexEvents(next.events());
        return new TopologyIndex(next, zoneNames, zoneRegions, zoneFirstNode, zoneNodeCount, nodes2, nodeZone,
                podStart, pods2, podNode, class2, nodeByName, podByKey, nodeOrder, podOrder, totals2, events2);
    }

    private static boolean unzoned(NodeInfo n) {
        return NodeInfo.UNZONED.equals(n.zoneOrUnzoned());
    }

    /** Regions in name order, zones without a region after them, unzoned nodes last. */
    private static String groupKey(NodeInfo n) {
        if (unzoned(n)) {
            return "\uffff\uffff";
        }
        String region = n.region() == null || n.region().isBlank() ? "\uffff" : n.region();
        return region + "\u0000" + n.zoneOrUnzoned();
    }

    private static Map<String, List<ClusterEvent>> indexEvents(List<ClusterEvent> events) {
        Map<String, List<ClusterEvent>> out = new LinkedHashMap<>();
        for (ClusterEvent e : events) {
            String key = "Node".equals(e.objectKind()) ? "Node/" + e.objectName()
                    : e.objectKind() + "/" + e.namespace() + "/" + e.objectName();
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        Comparator<ClusterEvent> newest = Comparator.comparing(ClusterEvent::lastSeen,
                Comparator.nullsLast(Comparator.reverseOrder()));
        out.values().forEach(l -> l.sort(newest));
        return out;
    }
}
