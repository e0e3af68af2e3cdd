package io.opsdeck.views.topology;

import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.views.common.Format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How nodes and pods read in the hover card and the details pane. */
final class TopologyText {
    private TopologyText() {
    }

    static String hover(TopologyFrame f, int node, int pod) {
        return pod >= 0 ? podHover(f, pod) : nodeHover(f, node);
    }

    static String nodeHover(TopologyFrame f, int node) {
        TopologyIndex ix = f.index;
        if (node == ix.unplaced()) {
            return "Pods without a node: " + Format.count(ix.podCount(node))
                    + "\nPending, or bound to a node the cluster no longer lists";
        }
        NodeInfo n = ix.nodes[node];
        StringBuilder sb = new StringBuilder(n.name()).append("  —  ").append(role(n)).append('\n');
        sb.append(String.join(" · ", states(n))).append('\n');
        sb.append(cpu(ix.cpuRequested[node], n.cpuAllocatableMilli())).append('\n');
        sb.append(memory(ix.memoryRequested[node], n.memoryAllocatableBytes())).append('\n');
        sb.append(podSummary(ix, node));
        sb.append("\nTaints: ").append(n.taints().isEmpty() ? "none"
                : n.taints().stream().map(Object::toString).collect(Collectors.joining(", ")));
        return sb.toString();
    }

    static String podHover(TopologyFrame f, int pod) {
        TopologyIndex ix = f.index;
        PodInfo p = ix.pods[pod];
        StringBuilder sb = new StringBuilder(p.namespace()).append('/').append(p.name()).append('\n');
        sb.append(PodClass.describe(ix.podClass[pod])).append(" · ").append(restarts(p.restarts())).append('\n');
        sb.append("Owner: ").append(p.owner()).append('\n');
        sb.append("Node: ").append(p.scheduled() ? p.nodeName() : "not scheduled");
        CacheNodeStatus cache = f.caches.status(pod);
        if (cache != null) {
            sb.append('\n').append(cacheLine(cache));
        }
        return sb.toString();
    }

    static String role(NodeInfo n) {
        return n.role() == null || n.role().isEmpty() ? "node" : n.role();
    }

    static List<String> states(NodeInfo n) {
        List<String> out = new ArrayList<>();
        out.add(n.ready() ? "Ready" : "NotReady");
        if (n.unschedulable()) {
            out.add("Cordoned");
        }
        for (NodeCondition c : NodeCondition.values()) {
            if (n.pressures().contains(c)) {
                out.add(c.kubernetesName());
            }
        }
        return out;
    }

    static String restarts(int n) {
        return n == 1 ? "1 restart" : n + " restarts";
    }

    static String cpu(long requestedMilli, long allocatableMilli) {
        return String.format(Locale.ROOT, "CPU: %s of %s requested (%s)", cores(requestedMilli),
                cores(allocatableMilli), share(requestedMilli, allocatableMilli));
    }

    static String memory(long requested, long allocatable) {
        return String.format(Locale.ROOT, "Memory: %s of %s requested (%s)", Format.bytes(requested),
                Format.bytes(allocatable), share(requested, allocatable));
    }

    static String cores(long milli) {
        return milli % 1000 == 0 ? milli / 1000 + " cores" : String.format(Locale.ROOT, "%.2f cores", milli / 1000.0);
    }

    static String share(long used, long total) {
        return total > 0 ? String.format(Locale.ROOT, "%.0f%%", 100.0 * used / total) : Format.UNKNOWN;
    }

    static String podSummary(TopologyIndex ix, int node) {
        StringBuilder sb = new StringBuilder();
        int n = ix.podCount(node);
        sb.append(Format.count(n)).append(n == 1 ? " pod" : " pods");
        List<String> parts = new ArrayList<>();
        add(parts, ix.classCount(node, PodClass.READY), "running");
        add(parts, ix.classCount(node, PodClass.NOT_READY), "not ready");
        add(parts, ix.classCount(node, PodClass.PENDING), "pending");
        add(parts, ix.classCount(node, PodClass.FAILED), "failed");
        add(parts, ix.classCount(node, PodClass.SUCCEEDED), "succeeded");
        add(parts, ix.classCount(node, PodClass.UNKNOWN), "unknown");
        if (!parts.isEmpty()) {
            sb.append(" (").append(String.join(", ", parts)).append(')');
        }
        return sb.toString();
    }

    private static void add(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(Format.count(n) + " " + what);
        }
    }

    static String cacheLine(CacheNodeStatus c) {
        CacheStats s = c.stats();
        String kind = c.node().kind().name().charAt(0) + c.node().kind().name().substring(1).toLowerCase(Locale.ROOT);
        String role = c.node().role().isEmpty() ? "" : " " + c.node().role();
        if (s.hasError()) {
            return "Cache: " + kind + role + " · no figures (" + s.error() + ")";
        }
        return "Cache: " + kind + role + " · hit ratio " + Format.ratio(s.hitRatio()) + " · "
                + Format.rate(s.opsPerSec()) + " ops";
    }
}
