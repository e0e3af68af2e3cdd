package io.opsdeck.views.action;

import io.opsdeck.services.action.AuditEntry;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.views.shell.ShellModel;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static io.opsdeck.views.action.ActionWindow.fx;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The actions outside Topology: the Service's owner from Services; an event's object from Alerts & Events. */
@ExtendWith(ApplicationExtension.class)
class ActionPagesTest {
    private static final int WAIT_S = 60;

    private ActionWindow window;
    private ShellModel model;
    private SandboxActionRig rig;

    @Start
    void start(Stage stage) throws IOException {
        window = new ActionWindow(stage);
        model = window.model;
        rig = window.rig;
    }

    @AfterEach
    void stop() throws IOException {
        window.close();
    }

    @Test
    void servicesScaleTheWorkloadBehindTheSelectedService(FxRobot robot) throws Exception {
        robot.clickOn("#nav-services");
        @SuppressWarnings("unchecked")
        TableView<ServiceHealth> table = robot.lookup("#service-table").queryAs(TableView.class);
        int row = awaitRow(table, h -> h.service().name().equals("checkout"));
        robot.interact(() -> {
            table.getSelectionModel().select(row);
            table.requestFocus();
        });
        assertThat(((Labeled) robot.lookup("#service-action-scale").query()).getText())
                .isEqualTo("Scale Deployment/checkout (S)");
        robot.type(KeyCode.S);
        awaitConfirm();
        assertThat(((Labeled) robot.lookup("#action-title").query()).getText())
                .isEqualTo("Scale shop/deployment/checkout from 3 to 3 replicas");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> model.actions().flow() == null));
    }

    @Test
    void anEventNamingAPodSelectsItInTopologyAndScalesItsOwner(FxRobot robot) throws Exception {
        robot.clickOn("#nav-alerts");
        @SuppressWarnings("unchecked")
        TableView<ClusterEvent> events = robot.lookup("#event-table").queryAs(TableView.class);
        int row = awaitRow(events, e -> e.objectKind().equals("Pod") && e.namespace().equals("shop")
                && e.objectName().startsWith("checkout-"));
        ClusterEvent event = fx(() -> events.getItems().get(row));
        robot.interact(() -> {
            events.getSelectionModel().select(row);
            events.requestFocus();
        });
        robot.type(KeyCode.S);
        awaitConfirm();
        assertThat(((Labeled) robot.lookup("#action-title").query()).getText()).startsWith("Scale shop/deployment/checkout");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> model.actions().flow() == null));

        robot.interact(events::requestFocus);
        robot.type(KeyCode.T);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> "topology".equals(model.pageProperty().get())
                && new PodKey("shop", event.objectName()).equals(model.selectedPodProperty().get())));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> robot.lookup("#topology-action-scale").tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null).orElse(false));
        assertThat(robot.lookup("#topology-action-scale").queryAs(Button.class).getText())
                .isEqualTo("Scale Deployment/checkout");
    }

    @Test
    void activityOffersUndoOnlyForTheEntriesOfThisContext(FxRobot robot) throws Exception {
        AuditTrail trail = new AuditTrail(rig.auditFile());
        trail.append(entry("a", "2026-12-01T10:00:00Z", "prod-eu", "https://prod.example:6443"));
        trail.append(entry("b", "2026-12-01T11:00:00Z", "sandbox", "sandbox (simulated, in this process)"));
        robot.clickOn("#nav-activity");
        robot.clickOn("#audit-reload");
        @SuppressWarnings("unchecked")
        TableView<AuditEntry> table = robot.lookup("#audit-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size() == 2));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> table.getItems().stream().map(AuditEntry::context).toList())).containsExactly("sandbox", "prod-eu");
        assertThat(robot.lookup(".audit-undo").queryAll()).hasSize(1);
        assertThat(robot.lookup("#audit-table .label").queryAllAs(javafx.scene.control.Label.class).stream()
                .map(javafx.scene.control.Label::getText)).contains("in prod-eu");

        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> context = robot.lookup("#audit-filter-context").queryAs(javafx.scene.control.ComboBox.class);
        assertThat(fx(() -> List.copyOf(context.getItems()))).containsExactly("any", "prod-eu", "sandbox");
        robot.interact(() -> context.setValue("prod-eu"));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size() == 1));
        assertThat(fx(() -> table.getItems().get(0).id())).isEqualTo("a");

        robot.interact(() -> context.setValue("sandbox"));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size() == 1));
        robot.clickOn(".audit-undo");
        awaitConfirm();
        assertThat(((Labeled) robot.lookup("#action-title").query()).getText())
                .isEqualTo("Scale shop/deployment/orders from 3 to 2 replicas");
    }

    @Test
    void cachesFlushTheSelectedNodeWithItsNameTyped(FxRobot robot) throws Exception {
        robot.clickOn("#nav-caches");
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup("#cache-table").queryAs(TableView.class);
        int row = awaitRow(table, r -> r.toString().contains("memcached"));
        robot.interact(() -> table.getSelectionModel().select(row));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() ->
                !robot.lookup("#cache-flush").queryAs(Button.class).isDisabled()));
        robot.clickOn("#cache-flush");                                 // act
        awaitConfirm();
        assertThat(((Labeled) robot.lookup("#action-title").query()).getText()).startsWith("Flush ");
        String confirmText = fx(() -> model.actions().flow().check().confirmText());
        assertThat(confirmText).isNotBlank();
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
        robot.clickOn("#action-typed").write(confirmText).type(KeyCode.ENTER); // confirm
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> new AuditTrail(rig.auditFile()).read().stream()
                .anyMatch(e -> e.action().equals("flush") && "done".equals(e.result())));
        AuditEntry e = new AuditTrail(rig.auditFile()).read().get(0);
        assertThat(e.details()).containsEntry("keysAfter", 0);
        assertThat(e.target()).startsWith("cache/memcached");
    }

    private static AuditEntry entry(String id, String time, String context, String server) {
        return new AuditEntry(id, time, AuditEntry.OUTCOME, context, server, "alice", "scale",
                "shop/deployment/orders", java.util.Map.of("replicas", 3), "Scale shop/deployment/orders from 2 to 3 replicas",
                "done", "Scaled shop/deployment/orders from 2 to 3.", 1200L, "scale shop/deployment/orders --replicas 2",
                java.util.Map.of());
    }

    private <T> int awaitRow(TableView<T> table, Predicate<T> p) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> table.getItems().stream().anyMatch(p)));
        return fx(() -> {
            for (int i = 0; i < table.getItems().size(); i++) {
                if (p.test(table.getItems().get(i))) {
                    return i;
                }
            }
            return -1;
        });
    }

    private void awaitConfirm() throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> model.actions().flow() != null
                && model.actions().flow().phase() == ActionFlow.Phase.CONFIRM));
        WaitForAsyncUtils.waitForFxEvents();
    }

}
