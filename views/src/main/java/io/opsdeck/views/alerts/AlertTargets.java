package io.opsdeck.views.alerts;

import io.opsdeck.services.action.CordonRequest;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.WorkloadKind;
import io.opsdeck.views.action.ActionControls;
import io.opsdeck.views.action.ActionKeys;
import io.opsdeck.views.action.ActionModel;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an alert or a Warning event names (a pod, a node, a Deployment or StatefulSet) and what can be
 * done about it from here: show it in Topology (where its actions are; double-click or T), scale
 * the workload, cordon or uncordon the node (context menu, S, C, U).
 */
final class AlertTargets {

    /** Selects things in Topology and switches to it; the shell wires it. */
    interface Reveal {
        void pod(PodKey pod);

        void node(String name);
    }

    /** The object an alert or event is about. {@code kind} is Pod, Node, Deployment or StatefulSet. */
    record Target(String kind, String namespace, String name) {
    }

    private final ActionModel model;
    private final Reveal reveal;
    private final Supplier<Overview> overview;

    AlertTargets(ActionModel model, Reveal reveal, Supplier<Overview> overview) {
        this.model = model;
        this.reveal = reveal;
        this.overview = overview;
    }

    static Optional<Target> of(ClusterEvent e) {
        return switch (e.objectKind()) {
            case "Pod", "Deployment", "StatefulSet" -> Optional.of(new Target(e.objectKind(), e.namespace(), e.objectName()));
            case "Node" -> Optional.of(new Target("Node", "", e.objectName()));
            default -> Optional.empty();
        };
    }

    /** By the labels Prometheus alerts carry (kube-state-metrics, node-exporter rules). */
    static Optional<Target> of(Alert a) {
        var l = a.labels();
        String ns = l.getOrDefault("namespace", "");
        if (l.containsKey("pod") && !ns.isEmpty()) {
            return Optional.of(new Target("Pod", ns, l.get("pod")));
        }
        if (l.containsKey("deployment") && !ns.isEmpty()) {
            return Optional.of(new Target("Deployment", ns, l.get("deployment")));
        }
        if (l.containsKey("statefulset") && !ns.isEmpty()) {
            return Optional.of(new Target("StatefulSet", ns, l.get("statefulset")));
        }
        if (l.containsKey("node")) {
            return Optional.of(new Target("Node", "", l.get("node")));
        }
        return Optional.empty();
    }

    /** Context menu, double-click and keys on a table whose rows name targets. */
    <T> void attach(TableView<T> table, Function<T, Optional<Target>> target) {
        ContextMenu menu = new ContextMenu();
        menu.setOnShowing(e -> {
            T row = table.getSelectionModel().getSelectedItem();
            List<MenuItem> items = row == null ? List.of() : target.apply(row).map(this::items).orElse(List.of());
            if (items.isEmpty()) {
                MenuItem none = new MenuItem("It names no pod, node or workload");
                none.setDisable(true);
                menu.getItems().setAll(none);
            } else {
                menu.getItems().setAll(items);
            }
        });
        menu.getItems().add(new MenuItem("…"));
        table.setContextMenu(menu);
        table.setOnMouseClicked(e -> {
            T row = table.getSelectionModel().getSelectedItem();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row != null) {
                target.apply(row).ifPresent(this::show);
            }
        });
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            T row = table.getSelectionModel().getSelectedItem();
            Optional<Target> t = row == null ? Optional.empty() : target.apply(row);
            if (t.isEmpty()) {
                return;
            }
            if (ActionKeys.SHOW_IN_TOPOLOGY.match(e)) {
                show(t.get());
                e.consume();
            } else if (ActionKeys.SCALE.match(e)) {
                workload(t.get()).ifPresent(ref -> model.start(ActionControls.scale(model, ref, cluster())));
                e.consume();
            } else if ("Node".equals(t.get().kind()) && (ActionKeys.CORDON.match(e) || ActionKeys.UNCORDON.match(e))) {
                model.start(new CordonRequest(t.get().name(), ActionKeys.CORDON.match(e)));
                e.consume();
            }
        });
    }

    List<MenuItem> items(Target t) {
        List<MenuItem> items = new ArrayList<>();
        MenuItem show = new MenuItem("Show " + t.kind() + " " + t.name() + " in Topology");
        show.setAccelerator(ActionKeys.SHOW_IN_TOPOLOGY);
        show.setOnAction(e -> show(t));
        items.add(show);
        workload(t).ifPresent(ref -> items.add(ActionControls.item(model, ActionControls.scaleLabel(ref) + "…",
                ActionKeys.SCALE, () -> ActionControls.scale(model, ref, cluster()))));
        if ("Node".equals(t.kind())) {
            boolean cordoned = node(t.name()).map(NodeInfo::unschedulable).orElse(false);
            items.add(cordoned
                    ? ActionControls.item(model, "Uncordon " + t.name() + "…", ActionKeys.UNCORDON,
                            () -> new CordonRequest(t.name(), false))
                    : ActionControls.item(model, "Cordon " + t.name() + "…", ActionKeys.CORDON,
                            () -> new CordonRequest(t.name(), true)));
        }
        return items;
    }

    /** Switches to Topology with the target selected (a workload: its first pod). */
    void show(Target t) {
        switch (t.kind()) {
            case "Node" -> reveal.node(t.name());
            case "Pod" -> reveal.pod(new PodKey(t.namespace(), t.name()));
            default -> pods(t).stream().findFirst().ifPresent(p -> reveal.pod(p.key()));
        }
    }

    /** The Deployment or StatefulSet to scale: the target itself, or the owner of the pod it names. */
    Optional<WorkloadRef> workload(Target t) {
        return switch (t.kind()) {
            case "Deployment" -> Optional.of(new WorkloadRef(WorkloadKind.DEPLOYMENT, t.namespace(), t.name()));
            case "StatefulSet" -> Optional.of(new WorkloadRef(WorkloadKind.STATEFULSET, t.namespace(), t.name()));
            case "Pod" -> pod(t).flatMap(p -> ActionControls.scalable(p.namespace(), p.owner()));
            default -> Optional.empty();
        };
    }

    private Optional<PodInfo> pod(Target t) {
        ClusterSnapshot c = cluster();
        return c == null ? Optional.empty() : c.pods().stream()
                .filter(p -> p.namespace().equals(t.namespace()) && p.name().equals(t.name())).findFirst();
    }

    private List<PodInfo> pods(Target t) {
        ClusterSnapshot c = cluster();
        OwnerRef owner = new OwnerRef(t.kind(), t.name());
        return c == null ? List.of() : c.pods().stream()
                .filter(p -> p.namespace().equals(t.namespace()) && p.owner().equals(owner)).toList();
    }

    private Optional<NodeInfo> node(String name) {
        ClusterSnapshot c = cluster();
        return c == null ? Optional.empty() : c.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    private ClusterSnapshot cluster() {
        Overview o = overview.get();
        return o == null ? null : o.cluster();
    }
}
