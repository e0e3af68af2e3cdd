package io.opsdeck.views.services;

import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.views.action.ActionControls;
import io.opsdeck.views.action.ActionKeys;
import io.opsdeck.views.action.ActionModel;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scale the workload behind a Service: the Deployments and StatefulSets owning the pods its selector
 * picks. From the row's context menu, the bar above the table, or S on the selected row.
 */
final class ServiceActions {
    private final ActionModel model;
    private final TableView<ServiceHealth> table;
    private final Supplier<Overview> overview;
    private final Button scale = new Button("Scale owner");
    private final Label note = new Label();

    ServiceActions(ActionModel model, TableView<ServiceHealth> table, Supplier<Overview> overview) {
        this.model = model;
        this.table = table;
        this.overview = overview;
        scale.setId("service-action-scale");
        scale.setOnAction(e -> owners(selectedRow()).stream().findFirst().ifPresent(this::start));
        note.getStyleClass().add("page-subtitle");
        table.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> refresh());
        model.backendProperty().addListener((obs, o, n) -> refresh());
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (ActionKeys.SCALE.match(e)) {
                owners(selectedRow()).stream().findFirst().ifPresent(this::start);
                e.consume();
            }
        });
        ContextMenu menu = new ContextMenu();
        menu.setId("service-context-menu");
        menu.setOnShowing(e -> {
            List<MenuItem> items = new ArrayList<>();
            for (WorkloadRef ref : owners(selectedRow())) {
                items.add(ActionControls.item(model, ActionControls.scaleLabel(ref) + "…", ActionKeys.SCALE,
                        () -> ActionControls.scale(model, ref, cluster())));
            }
            if (items.isEmpty()) {
                MenuItem none = new MenuItem("No Deployment or StatefulSet behind this Service");
                none.setDisable(true);
                items.add(none);
            }
            menu.getItems().setAll(items);
        });
        menu.getItems().add(new MenuItem("…"));
        table.setContextMenu(menu);
        refresh();
    }

    /** The bar above the table: the button and what it would scale. */
    HBox bar() {
        HBox bar = new HBox(10, scale, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void start(WorkloadRef ref) {
        model.start(ActionControls.scale(model, ref, cluster()));
    }

    void refresh() {
        List<WorkloadRef> owners = owners(selectedRow());
        boolean on = model.backendProperty().get().available();
        scale.setText(owners.isEmpty() ? "Scale owner" : ActionControls.scaleLabel(owners.get(0)) + " (S)");
        scale.setDisable(!on || owners.isEmpty());
        note.setText(selected() == null ? "Select a Service to scale the workload behind it (S)."
                : !on ? model.unavailableReason()
                : owners.isEmpty() ? "No Deployment or StatefulSet behind " + selected().name() + "."
                : owners.size() > 1 ? owners.size() + " workloads behind it: right-click for each." : "");
    }

    private ServiceHealth selectedRow() {
        return table.getSelectionModel().getSelectedItem();
    }

    private ServiceInfo selected() {
        ServiceHealth h = selectedRow();
        return h == null ? null : h.service();
    }

    private ClusterSnapshot cluster() {
        Overview o = overview.get();
        return o == null ? null : o.cluster();
    }

    /**
     * The scalable owners of the pods the Service's selector picks, in the order first met: the
     * overview matched the selector already ({@link ServiceHealth#owners()}).
     */
    static List<WorkloadRef> owners(ServiceHealth row) {
        if (row == null) {
            return List.of();
        }
        List<WorkloadRef> out = new ArrayList<>();
        for (OwnerRef o : row.owners()) {
            ActionControls.scalable(row.service().namespace(), o).ifPresent(out::add);
        }
        return out;
    }

}
