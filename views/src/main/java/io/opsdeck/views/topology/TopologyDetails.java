package io.opsdeck.views.topology;

import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.Taint;
import io.opsdeck.services.model.WorkloadKind;
import io.opsdeck.views.common.Badge;
import io.opsdeck.views.common.Format;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The selected node or pod: state, capacity, conditions, labels, taints, pods, recent events, and
 * the actions that will apply to it (disabled until the actions exist). Rebuilt only when what it
 * shows changed, so a list keeps its scroll position while snapshots arrive.
 */
final class TopologyDetails extends VBox {
    static final String ACTIONS_PENDING = "arrives with the actions issue";
    private static final int MAX_EVENTS = 10;

    private final VBox body = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(body);
    private final Consumer<PodKey> selectPod;
    private final Runnable selectNodeOfPod;
    private final Runnable close;
    private Runnable openCaches = () -> { };
    /** The live action buttons; null leaves the disabled placeholders (a page without actions). */
    private TopologyActions actionControls;
    private List<Object> shownFor = List.of();

    /**
     * @param selectPod       selects a pod (from the node's pod list)
     * @param selectNodeOfPod selects the node the selected pod runs on
     */
    TopologyDetails(Consumer<PodKey> selectPod, Runnable selectNodeOfPod, Runnable close) {
        this.selectPod = selectPod;
        this.selectNodeOfPod = selectNodeOfPod;
        this.close = close;
        setId("topology-details");
        getStyleClass().add("topology-details");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // the scroll pane joins when the pane is first shown: hidden, it would still be skinned in the
        // window's first CSS pass, on the path to the first frame (issue #16)
        setVisible(false);
        managedProperty().bind(visibleProperty());
    }

    /** Live action buttons instead of the disabled placeholders. */
    void setActions(TopologyActions controls) {
        this.actionControls = controls;
        shownFor = List.of();
    }

    /** What the "Open in Caches" link of a cache pod does. */
    void setOpenCaches(Runnable action) {
        this.openCaches = action;
    }

    /** Shows {@code node} or {@code pod} of frame {@code f}; hides for -1. FX thread. */
    void show(TopologyFrame f, int node, int pod) {
        if (f == null || node < 0) {
            setVisible(false);
            shownFor = List.of();
            return;
        }
        List<Object> key = pod >= 0 ? podKey(f, pod) : nodeKey(f, node);
        if (getChildren().isEmpty()) {
            getChildren().add(scroll);
        }
        setVisible(true);
        if (key.equals(shownFor)) {
            return;
        }
        shownFor = key;
        body.getChildren().setAll(pod >= 0 ? podBody(f, pod) : node == f.index.unplaced() ? unplacedBody(f, node)
                : nodeBody(f, node));
    }

    /** What a node's details depend on, compared by identity where records are reused. */
    private static List<Object> nodeKey(TopologyFrame f, int node) {
        TopologyIndex ix = f.index;
        List<Object> key = new ArrayList<>();
        key.add(node == ix.unplaced() ? "unplaced" : ix.nodes[node]);
        key.add(new IdentityList(Arrays.copyOfRange(ix.pods, ix.podStart[node], ix.podStart[node + 1])));
        key.add(node == ix.unplaced() ? List.of() : ix.nodeEvents(ix.nodes[node].name()));
        return key;
    }

    private static List<Object> podKey(TopologyFrame f, int pod) {
        PodInfo p = f.index.pods[pod];
        List<Object> key = new ArrayList<>();
        key.add(p);
        CacheNodeStatus cache = f.caches.status(pod);
        key.add(cache == null ? "no cache" : cache);
        key.add(f.index.podEvents(p));
        return key;
    }

    /** Elements compared by identity: pod records are reused between snapshots when they did not change. */
    private record IdentityList(Object[] items) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof IdentityList other) || other.items.length != items.length) {
                return false;
            }
            for (int i = 0; i < items.length; i++) {
                if (items[i] != other.items[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return items.length;
        }
    }

    private List<Node> nodeBody(TopologyFrame f, int node) {
        TopologyIndex ix = f.index;
        NodeInfo n = ix.nodes[node];
        List<Node> out = new ArrayList<>();
        out.add(title(n.name(), TopologyText.role(n) + " · " + ix.zoneNames[ix.nodeZone[node]]
                + (n.region() == null ? "" : " (" + n.region() + ")") + " · kubelet " + n.kubeletVersion()));
        FlowPane badges = new FlowPane(4, 4);
        badges.setId("topology-details-badges");
        badges.getChildren().add(n.ready() ? Badge.of("Ready", Badge.Tone.SUCCESS) : Badge.of("NotReady", Badge.Tone.DANGER));
        if (n.unschedulable()) {
            badges.getChildren().add(Badge.of("Cordoned", Badge.Tone.WARNING));
        }
        for (NodeCondition c : NodeCondition.values()) {
            if (n.pressures().contains(c)) {
                badges.getChildren().add(Badge.of(c.kubernetesName(), Badge.Tone.DANGER));
            }
        }
        out.add(badges);
        out.add(section("Allocatable vs requested"));
        out.add(capacity(TopologyText.cpu(ix.cpuRequested[node], n.cpuAllocatableMilli()),
                ix.cpuRequested[node], n.cpuAllocatableMilli()));
        out.add(capacity(TopologyText.memory(ix.memoryRequested[node], n.memoryAllocatableBytes()),
                ix.memoryRequested[node], n.memoryAllocatableBytes()));
        out.add(section("Conditions"));
        VBox conditions = new VBox(2);
        conditions.getChildren().add(line("Ready: " + (n.ready() ? "True" : "False")));
        for (NodeCondition c : NodeCondition.values()) {
            conditions.getChildren().add(line(c.kubernetesName() + ": " + (n.pressures().contains(c) ? "True" : "False")));
        }
        out.add(conditions);
        out.add(section("Taints"));
        out.add(list(n.taints().stream().map(Taint::toString).toList(), "No taints."));
        out.add(section("Labels"));
        out.add(labels(n.labels()));
        out.add(section(TopologyText.podSummary(ix, node)));
        out.add(podList(f, node));
        out.add(section("Recent events"));
        out.add(events(ix.nodeEvents(n.name()), f.overview.refreshedAt()));
        out.add(section("Actions"));
        out.add(actionControls != null ? actionControls.nodeButtons(n)
                : actions(List.of(n.unschedulable() ? "Uncordon" : "Cordon", "Drain")));
        return out;
    }

    private List<Node> unplacedBody(TopologyFrame f, int node) {
        List<Node> out = new ArrayList<>();
        out.add(title("Pods without a node", "Pending, or bound to a node the cluster no longer lists"));
        out.add(section(TopologyText.podSummary(f.index, node)));
        out.add(podList(f, node));
        return out;
    }

    private List<Node> podBody(TopologyFrame f, int pod) {
        TopologyIndex ix = f.index;
        PodInfo p = ix.pods[pod];
        List<Node> out = new ArrayList<>();
        out.add(title(p.name(), p.namespace() + " · " + p.owner()));
        FlowPane badges = new FlowPane(4, 4);
        badges.setId("topology-details-badges");
        byte cls = ix.podClass[pod];
        badges.getChildren().add(Badge.of(p.phase().kubernetesName(), switch (cls) {
            case PodClass.READY -> Badge.Tone.SUCCESS;
            case PodClass.PENDING -> Badge.Tone.WARNING;
            case PodClass.SUCCEEDED, PodClass.UNKNOWN -> Badge.Tone.NEUTRAL;
            default -> Badge.Tone.DANGER;
        }));
        if (p.phase() == PodPhase.RUNNING) {
            badges.getChildren().add(p.ready() ? Badge.of("Ready", Badge.Tone.SUCCESS) : Badge.of("NotReady", Badge.Tone.DANGER));
        }
        badges.getChildren().add(Badge.of(TopologyText.restarts(p.restarts()),
                p.restarts() >= 5 ? Badge.Tone.DANGER : p.restarts() > 0 ? Badge.Tone.WARNING : Badge.Tone.NEUTRAL));
        out.add(badges);
        HBox nodeRow = new HBox(4, line("Node:"));
        nodeRow.setAlignment(Pos.BASELINE_LEFT);
        if (p.scheduled()) {
            Hyperlink link = new Hyperlink(p.nodeName());
            link.setId("topology-details-node-link");
            link.setOnAction(e -> selectNodeOfPod.run());
            nodeRow.getChildren().add(link);
        } else {
            nodeRow.getChildren().add(line("not scheduled"));
        }
        out.add(nodeRow);
        out.add(line("Pod IP: " + (p.podIp() == null || p.podIp().isEmpty() ? Format.UNKNOWN : p.podIp())));
        out.add(line("Requests: " + TopologyText.cores(p.cpuRequestMilli()) + " CPU, "
                + Format.bytes(p.memoryRequestBytes()) + " memory"));
        CacheNodeStatus cache = f.caches.status(pod);
        if (cache != null) {
            Label c = line(TopologyText.cacheLine(cache));
            c.setId("topology-details-cache");
            out.add(c);
            Hyperlink caches = new Hyperlink("Open in Caches (figures, last hour)");
            caches.setId("topology-details-open-caches");
            caches.setOnAction(e -> openCaches.run());
            out.add(caches);
        }
        out.add(section("Containers"));
        out.add(list(p.images(), "No containers listed."));
        if (!p.ports().isEmpty()) {
            out.add(line("Ports: " + String.join(", ", p.ports().stream().map(String::valueOf).toList())));
        }
        out.add(section("Labels"));
        out.add(labels(p.labels()));
        out.add(section("Recent events"));
        out.add(events(ix.podEvents(p), f.overview.refreshedAt()));
        out.add(section("Actions"));
        if (actionControls != null) {
            Node buttons = actionControls.podButtons(p, cache != null);
            out.add(buttons == null ? line("No actions apply to this pod.") : buttons);
            return out;
        }
        List<String> actions = new ArrayList<>();
        if (p.owner().kind().equals(WorkloadKind.DEPLOYMENT.kubernetesName())
                || p.owner().kind().equals(WorkloadKind.STATEFULSET.kubernetesName())) {
            actions.add("Scale " + p.owner());
        }
        if (cache != null) {
            actions.add("Flush cache");
        }
        out.add(actions.isEmpty() ? line("No actions apply to this pod.") : actions(actions));
        return out;
    }

    private Node title(String name, String caption) {
        Label title = new Label(name);
        title.setId("topology-details-title");
        title.getStyleClass().add("topology-details-title");
        title.setWrapText(true);
        Button x = new Button("✕");
        x.setId("topology-details-close");
        x.getStyleClass().addAll("flat", "small");
        x.setOnAction(e -> close.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(6, title, grow, x);
        head.setAlignment(Pos.TOP_LEFT);
        Label sub = new Label(caption);
        sub.getStyleClass().add("card-caption");
        sub.setWrapText(true);
        return new VBox(2, head, sub);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("topology-details-section");
        return l;
    }

    private static Label line(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        return l;
    }

    private static Node capacity(String text, long used, long total) {
        ProgressBar bar = new ProgressBar(total > 0 ? Math.min(1, (double) used / total) : 0);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setPrefHeight(6);
        return new VBox(3, line(text), bar);
    }

    private static Node list(List<String> items, String empty) {
        VBox box = new VBox(2);
        if (items.isEmpty()) {
            Label l = line(empty);
            l.getStyleClass().add("card-caption");
            box.getChildren().add(l);
        }
        for (String s : items) {
            box.getChildren().add(line(s));
        }
        return box;
    }

    private static Node labels(Map<String, String> labels) {
        List<String> items = labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue()).toList();
        Node n = list(items, "No labels.");
        n.getStyleClass().add("topology-details-labels");
        return n;
    }

    private Node podList(TopologyFrame f, int node) {
        TopologyIndex ix = f.index;
        ListView<PodInfo> pods = new ListView<>();
        pods.setId("topology-details-pods");
        pods.getItems().setAll(Arrays.asList(ix.pods).subList(ix.podStart[node], ix.podStart[node + 1]));
        Map<PodInfo, String> states = new IdentityHashMap<>();
        for (int p = ix.podStart[node]; p < ix.podStart[node + 1]; p++) {
            states.put(ix.pods[p], PodClass.describe(ix.podClass[p]));
        }
        pods.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PodInfo pod, boolean empty) {
                super.updateItem(pod, empty);
                if (empty || pod == null) {
                    setText(null);
                    return;
                }
                setText(pod.namespace() + "/" + pod.name() + "  ·  " + states.get(pod)
                        + (pod.restarts() > 0 ? "  ·  " + TopologyText.restarts(pod.restarts()) : ""));
            }
        });
        pods.setPrefHeight(Math.min(8, Math.max(2, pods.getItems().size())) * 26 + 4);
        // by name, not index: the list may outlive the frame it was made from
        pods.setOnMouseClicked(e -> {
            PodInfo p = pods.getSelectionModel().getSelectedItem();
            if (p != null) {
                selectPod.accept(p.key());
            }
        });
        return pods;
    }

    private static Node events(List<ClusterEvent> events, Instant now) {
        VBox box = new VBox(4);
        box.setId("topology-details-events");
        if (events.isEmpty()) {
            Label l = line("No recent events.");
            l.getStyleClass().add("card-caption");
            box.getChildren().add(l);
        }
        for (ClusterEvent e : events.subList(0, Math.min(MAX_EVENTS, events.size()))) {
            Label l = line(Format.age(e.lastSeen(), now) + " ago · " + e.reason()
                    + (e.count() > 1 ? " ×" + e.count() : "") + ": " + e.message());
            if (e.warning()) {
                l.getStyleClass().add("topology-event-warning");
            }
            box.getChildren().add(l);
        }
        return box;
    }

    /** Disabled buttons; the tooltip sits on a wrapper, as a disabled control shows none of its own. */
    private static Node actions(List<String> names) {
        FlowPane row = new FlowPane(6, 6);
        row.setId("topology-details-actions");
        for (String name : names) {
            Button b = new Button(name);
            b.setDisable(true);
            b.getStyleClass().add("topology-action");
            StackPane wrap = new StackPane(b);
            wrap.getStyleClass().add("topology-action-wrap");
            Tooltip.install(wrap, new Tooltip(ACTIONS_PENDING));
            row.getChildren().add(wrap);
        }
        return row;
    }
}
