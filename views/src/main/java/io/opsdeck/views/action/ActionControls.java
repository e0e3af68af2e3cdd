package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.ScaleRequest;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.WorkloadKind;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Buttons and menu items that start an action, for every page: enabled while the session has
 * actions, disabled with the reason otherwise; and the requests the pages make from what they show.
 */
public final class ActionControls {
    /** How long a scale started in the window follows the rollout (the progress pane, Pending → Ready). */
    public static final Duration ROLLOUT_WAIT = Duration.ofMinutes(5);

    private ActionControls() {
    }

    /** A button that starts {@code request}; its tooltip, on a wrapper (a disabled control shows none), says why it is off. */
    public static Node button(ActionModel model, String text, String id, KeyCombination key,
                              Supplier<ActionRequest> request) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("topology-action");
        b.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.backendProperty().get().available(),
                model.backendProperty()));
        b.setOnAction(e -> model.start(request.get()));  // a null request said why itself
        StackPane wrap = new StackPane(b);
        wrap.getStyleClass().add("topology-action-wrap");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> model.backendProperty().get().available()
                ? text + " (" + key.getDisplayText() + ")" : model.unavailableReason(), model.backendProperty()));
        Tooltip.install(wrap, tip);
        return wrap;
    }


    /** A menu item with its shortcut shown, off (with the reason in its text) while there are no actions. */
    public static MenuItem item(ActionModel model, String text, KeyCombination key, Supplier<ActionRequest> request) {
        boolean on = model.backendProperty().get().available();
        MenuItem item = new MenuItem(on ? text : text + " — " + model.unavailableReason());
        item.setAccelerator(key);
        item.setDisable(!on);
        item.setOnAction(e -> model.start(request.get()));
        return item;
    }


    /** The workload a scale acts on, when {@code owner} is a Deployment or StatefulSet. */
    public static Optional<WorkloadRef> scalable(String namespace, OwnerRef owner) {
        if (owner == null || owner.isNone()) {
            return Optional.empty();
        }
        if (owner.kind().equals(WorkloadKind.DEPLOYMENT.kubernetesName())) {
            return Optional.of(new WorkloadRef(WorkloadKind.DEPLOYMENT, namespace, owner.name()));
        }
        if (owner.kind().equals(WorkloadKind.STATEFULSET.kubernetesName())) {
            return Optional.of(new WorkloadRef(WorkloadKind.STATEFULSET, namespace, owner.name()));
        }
        return Optional.empty();
    }

    /**
     * A scale of {@code ref} to the replicas it has in {@code snapshot} (the dialog's count starts
     * there), following the rollout; null, with the reason said in the window, when the snapshot does
     * not hold the workload (its list was refused or failed): an unknown count is never offered as 0.
     */
    public static ScaleRequest scale(ActionModel model, WorkloadRef ref, ClusterSnapshot snapshot) {
        java.util.OptionalInt now = snapshot == null ? java.util.OptionalInt.empty() : snapshot.workloads().stream()
                .filter(w -> w.kind() == ref.kind() && w.namespace().equals(ref.namespace()) && w.name().equals(ref.name()))
                .mapToInt(WorkloadInfo::desired).findFirst();
        if (now.isEmpty() || now.getAsInt() < 0) {
            model.refuse("The replica count of " + ref + " is unknown here (its workload is not in the lists Opsdeck"
                    + " could read), so the dialog has no count to start from; scale it with 'opsdeck scale " + ref
                    + " --replicas N', which reads the count fresh.");
            return null;
        }
        return new ScaleRequest(ref, now.getAsInt(), ROLLOUT_WAIT);
    }

    /** "Scale Deployment/checkout", the words of buttons and menus. */
    public static String scaleLabel(WorkloadRef ref) {
        return "Scale " + ref.kind().kubernetesName() + "/" + ref.name();
    }
}
