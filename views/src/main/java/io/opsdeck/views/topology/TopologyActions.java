package io.opsdeck.views.topology;

import io.opsdeck.services.action.CordonRequest;
import io.opsdeck.services.action.DrainOptions;
import io.opsdeck.services.action.DrainRequest;
import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.views.action.ActionControls;
import io.opsdeck.views.action.ActionKeys;
import io.opsdeck.views.action.ActionModel;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The actions of the Topology page: the buttons of the details pane, the canvas's context menu and
 * the keys (S scale the selected pod's owner, C / U cordon / uncordon the selected node). Select,
 * act, confirm: three interactions from the picture to a running action.
 */
final class TopologyActions {

    private final ActionModel model;
    private final TopologyView view;
    private final ContextMenu menu = new ContextMenu();

    TopologyActions(ActionModel model, TopologyView view) {
        this.model = model;
        this.view = view;
        menu.setId("topology-context-menu");
        view.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, this::onContextMenu);
    }

    /** The node's action buttons for the details pane. */
    Node nodeButtons(NodeInfo n) {
        FlowPane row = row();
        row.getChildren().add(n.unschedulable()
                ? ActionControls.button(model, "Uncordon", "topology-action-uncordon", ActionKeys.UNCORDON,
                        () -> new CordonRequest(n.name(), false))
                : ActionControls.button(model, "Cordon", "topology-action-cordon", ActionKeys.CORDON,
                        () -> new CordonRequest(n.name(), true)));
        row.getChildren().add(ActionControls.button(model, "Drain", "topology-action-drain", ActionKeys.DRAIN,
                () -> drain(n.name())));
        return row;
    }

    /** The pod's action buttons; null when none applies. */
    Node podButtons(PodInfo p, boolean cache) {
        Optional<WorkloadRef> owner = ActionControls.scalable(p.namespace(), p.owner());
        if (owner.isEmpty() && !cache) {
            return null;
        }
        FlowPane row = row();
        owner.ifPresent(ref -> row.getChildren().add(ActionControls.button(model, ActionControls.scaleLabel(ref),
                "topology-action-scale", ActionKeys.SCALE, () -> ActionControls.scale(model, ref, snapshot()))));
        if (cache) {
            row.getChildren().add(ActionControls.button(model, "Flush cache", "topology-action-flush", ActionKeys.FLUSH,
                    () -> new FlushRequest(p.namespace() + "/" + p.name())));
        }
        return row;
    }

    /** S, C, U on the selection; true when the key started (or was refused for) an action. */
    boolean onKey(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl || view.frame() == null || view.selectedNode() < 0) {
            return false;
        }
        TopologyIndex ix = view.frame().index;
        int node = view.selectedNode();
        int pod = view.selectedPod();
        if (ActionKeys.SCALE.match(e) && pod >= 0) {
            PodInfo p = ix.pods[pod];
            Optional<WorkloadRef> owner = ActionControls.scalable(p.namespace(), p.owner());
            owner.ifPresent(ref -> model.start(ActionControls.scale(model, ref, snapshot())));
            return owner.isPresent();
        }
        if (ActionKeys.FLUSH.match(e) && pod >= 0 && view.frame().caches.status(pod) != null) {
            model.start(new FlushRequest(ix.pods[pod].namespace() + "/" + ix.pods[pod].name()));
            return true;
        }
        if (pod < 0 && node != ix.unplaced() && ActionKeys.DRAIN.match(e)) {
            model.start(drain(ix.nodes[node].name()));
            return true;
        }
        if (pod < 0 && node != ix.unplaced() && (ActionKeys.CORDON.match(e) || ActionKeys.UNCORDON.match(e))) {
            model.start(new CordonRequest(ix.nodes[node].name(), ActionKeys.CORDON.match(e)));
            return true;
        }
        return false;
    }

    private void onContextMenu(ContextMenuEvent e) {
        int[] h = view.hit(e.getX(), e.getY());
        if (h[0] < 0) {
            menu.hide();
            return;
        }
        view.select(h[0], h[1]);
        List<MenuItem> items = items(view.frame(), h[0], h[1]);
        if (items.isEmpty()) {
            return;
        }
        menu.getItems().setAll(items);
        menu.show(view, e.getScreenX(), e.getScreenY());
        e.consume();
    }

    List<MenuItem> items(TopologyFrame f, int node, int pod) {
        List<MenuItem> items = new ArrayList<>();
        TopologyIndex ix = f.index;
        if (pod >= 0) {
            PodInfo p = ix.pods[pod];
            ActionControls.scalable(p.namespace(), p.owner()).ifPresent(ref -> items.add(ActionControls.item(model,
                    ActionControls.scaleLabel(ref) + "…", ActionKeys.SCALE, () -> ActionControls.scale(model, ref, snapshot()))));
            if (f.caches.status(pod) != null) {
                items.add(ActionControls.item(model, "Flush cache " + p.name() + "…", ActionKeys.FLUSH,
                        () -> new FlushRequest(p.namespace() + "/" + p.name())));
            }
            return items;
        }
        if (node == ix.unplaced()) {
            return items;
        }
        String name = ix.nodes[node].name();
        boolean cordoned = ix.nodes[node].unschedulable();
        MenuItem cordon = ActionControls.item(model, "Cordon " + name + "…", ActionKeys.CORDON,
                () -> new CordonRequest(name, true));
        MenuItem uncordon = ActionControls.item(model, "Uncordon " + name + "…", ActionKeys.UNCORDON,
                () -> new CordonRequest(name, false));
        items.add(cordoned ? uncordon : cordon);
        items.add(ActionControls.item(model, "Drain " + name + "…", ActionKeys.DRAIN, () -> drain(name)));
        return items;
    }

    /** A drain with kubectl's defaults; the dialog's boxes opt in to --delete-emptydir-data and --force. */
    private static DrainRequest drain(String node) {
        return new DrainRequest(node, DrainOptions.DEFAULTS);
    }

    private io.opsdeck.services.model.ClusterSnapshot snapshot() {
        return view.frame() == null ? null : view.frame().overview.cluster();
    }

    private static FlowPane row() {
        FlowPane row = new FlowPane(6, 6);
        row.setId("topology-details-actions");
        return row;
    }
}
