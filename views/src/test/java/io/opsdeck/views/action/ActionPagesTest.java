package io.opsdeck.views.action;

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
