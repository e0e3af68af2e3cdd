package io.opsdeck.views.topology;

import io.opsdeck.services.action.AuditEntry;
import io.opsdeck.services.action.AuditTrail;
import io.opsdeck.services.action.ContextPolicy;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.views.action.ActionBackend;
import io.opsdeck.views.action.ActionFlow;
import io.opsdeck.views.action.ActionWindow;
import io.opsdeck.views.action.SandboxActionRig;
import io.opsdeck.views.shell.ShellModel;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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

/**
 * The actions from Topology against the live sandbox: select, act, confirm — three interactions —
 * for a scale and a cordon; the views following; undo from the notification and from Activity; the
 * disabled states with their reasons.
 */
@ExtendWith(ApplicationExtension.class)
class TopologyActionsTest {
    private static final int WAIT_S = 60;

    private ActionWindow window;
    private ShellModel model;
    private SandboxActionRig rig;
    private TopologyView canvas;

    @Start
    void start(Stage stage) throws IOException {
        window = new ActionWindow(stage);
        model = window.model;
        rig = window.rig;
        canvas = ((TopologyPage) window.view.page("topology")).canvas();
    }

    @AfterEach
    void stop() throws IOException {
        window.close();
    }

    @Test
    void scaleFromAPodInThreeInteractionsThenUndoFromTheNotification(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> pods(g, "orders").size() == 3);
        int pod = g(f).podByKey.get(pods(f, "orders").get(0).key());

        robot.clickOn(cellOnScreen(f, pod));                        // 1. select the pod
        robot.type(KeyCode.S);                                       // 2. act: scale its owner
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-context")).isEqualTo("sandbox");
        assertThat(text(robot, "#action-title")).isEqualTo("Scale shop/deployment/orders from 3 to 3 replicas");
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
        robot.write("5").type(KeyCode.ENTER);                        // 3. confirm, with the count typed

        awaitNotice(robot, "Scaled shop/deployment/orders from 3 to 5");
        assertThat(robot.lookup("#action-notice-undo").queryAs(Button.class).isVisible()).isTrue();
        // the views follow the sandbox: five pods, all Running and Ready
        frameWhere(g -> pods(g, "orders").size() == 5 && pods(g, "orders").stream().allMatch(PodInfo::ready));
        assertThat(workload(rig.latest(), "orders").desired()).isEqualTo(5);

        robot.clickOn("#action-notice-undo");
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).isEqualTo("Scale shop/deployment/orders from 5 to 3 replicas");
        robot.type(KeyCode.ENTER);
        awaitNotice(robot, "Scaled shop/deployment/orders from 5 to 3");
        frameWhere(g -> pods(g, "orders").size() == 3);
        List<AuditEntry> trail = new AuditTrail(rig.auditFile()).read();
        assertThat(trail).extracting(AuditEntry::result).containsExactly("done", "done");
        assertThat(trail.get(0).undo()).isEqualTo("scale shop/deployment/orders --replicas 5");
    }

    @Test
    void cordonFromANodeInThreeInteractionsThenUndoFromActivity(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> g.index.nodes.length == 12);
        NodeInfo target = java.util.Arrays.stream(f.index.nodes).filter(n -> !n.unschedulable() && n.ready())
                .findFirst().orElseThrow();
        int node = f.index.nodeByName.get(target.name());

        robot.clickOn(tileOnScreen(f, node));                        // 1. select the node
        robot.type(KeyCode.C);                                       // 2. act: cordon
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).isEqualTo("Cordon node " + target.name());
        assertThat(robot.lookup("#action-allowed").queryAs(Label.class).getText()).contains("patch nodes");
        robot.type(KeyCode.ENTER);                                   // 3. confirm

        awaitNotice(robot, "Cordoned " + target.name());
        frameWhere(g -> g.index.nodes[g.index.nodeByName.get(target.name())].unschedulable());
        awaitShowing(robot, "#topology-action-uncordon");

        robot.clickOn("#nav-activity");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() ->
                robot.lookup("#audit-table").queryAs(TableView.class).getItems().size() == 1));
        robot.clickOn(robot.lookup(".audit-undo").queryAs(Button.class));
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).isEqualTo("Uncordon node " + target.name());
        robot.type(KeyCode.ENTER);
        awaitNotice(robot, "Uncordoned " + target.name());
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() ->
                robot.lookup("#audit-table").queryAs(TableView.class).getItems().size() == 2));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> rig.latest().cluster().nodes().stream()
                .anyMatch(n -> n.name().equals(target.name()) && !n.unschedulable()));
    }

    @Test
    void theCanvasContextMenuOffersTheActionsWithTheirKeys(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> pods(g, "orders").size() == 3);
        int node = java.util.stream.IntStream.range(0, f.index.nodes.length)
                .filter(i -> !f.index.nodes[i].unschedulable()).findFirst().orElseThrow();
        requestMenu(robot, tileOnScreen(f, node));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> !fx(() -> menuItems(robot)).isEmpty());
        List<javafx.scene.control.MenuItem> items = fx(() -> menuItems(robot));
        assertThat(items).extracting(javafx.scene.control.MenuItem::getText)
                .containsExactly("Cordon " + f.index.nodes[node].name() + "…", "Drain " + f.index.nodes[node].name() + "…");
        assertThat(items.get(0).getAccelerator().getDisplayText()).isEqualTo("C");
        assertThat(items.get(1).getAccelerator().getDisplayText()).isEqualTo("D");
        assertThat(items.get(1).isDisable()).isFalse();
        robot.clickOn("Cordon " + f.index.nodes[node].name() + "…");
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).isEqualTo("Cordon node " + f.index.nodes[node].name());
        robot.type(KeyCode.ESCAPE);

        int pod = g(f).podByKey.get(pods(f, "orders").get(1).key());
        requestMenu(robot, cellOnScreen(f, pod));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> menuItems(robot).stream()
                .anyMatch(i -> i.getText().equals("Scale Deployment/orders…"))));
        robot.clickOn("Scale Deployment/orders…");
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).isEqualTo("Scale shop/deployment/orders from 3 to 3 replicas");
    }

    /**
     * A right-click: a real one first, then, as no context menu opens from it here, the event a desktop
     * platform sends for it. Monocle, on which these tests run (openjfx-monocle 17.0.10), never sends
     * one: nothing in it calls {@code View.notifyMenu} (its {@code MouseInput} turns the secondary
     * button into mouse events only), so only a synthetic {@code CONTEXT_MENU_REQUESTED} opens the menu.
     * Should a later Monocle send it, the menu opens from the real click and nothing is faked.
     */
    private void requestMenu(FxRobot robot, Point2D screen) {
        robot.rightClickOn(screen);
        WaitForAsyncUtils.waitForFxEvents();
        if (!fx(() -> menuItems(robot)).isEmpty()) {
            return;
        }
        robot.interact(() -> {
            Point2D scene = canvas.getScene().getRoot().screenToLocal(screen);
            canvas.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    scene.getX(), scene.getY(), screen.getX(), screen.getY(), false, null));
        });
    }

    private static List<javafx.scene.control.MenuItem> menuItems(FxRobot robot) {
        return javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu m && m.isShowing())
                .flatMap(w -> ((javafx.scene.control.ContextMenu) w).getItems().stream()).toList();
    }

    @Test
    void aMissingPermissionDisablesConfirmAndNamesIt(FxRobot robot) throws Exception {
        robot.interact(() -> model.actions().backendProperty().set(rig.backend(ContextPolicy.OPEN,
                p -> p.verb().equals("update"))));
        TopologyFrame f = frameWhere(g -> pods(g, "orders").size() == 3);
        robot.clickOn(cellOnScreen(f, g(f).podByKey.get(pods(f, "orders").get(0).key())));
        robot.type(KeyCode.S);
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-refusal")).contains("update on deployments/scale (apps) in namespace shop");
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(text(robot, "#action-hint")).startsWith("Confirm is off");
        robot.write("5").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> model.actions().flow().phase())).isEqualTo(ActionFlow.Phase.CONFIRM);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> model.actions().flow() == null));
        assertThat(workload(rig.latest(), "orders").desired()).isEqualTo(3);
        assertThat(new AuditTrail(rig.auditFile()).read()).isEmpty();
    }

    @Test
    void withoutAClusterTheActionsAreOffAndSayWhy(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> g.index.nodes.length == 12);
        robot.interact(() -> model.actions().backendProperty().set(ActionBackend.off("the cluster could not be opened")));
        int node = java.util.stream.IntStream.range(0, f.index.nodes.length)
                .filter(i -> !f.index.nodes[i].unschedulable()).findFirst().orElseThrow();
        robot.clickOn(tileOnScreen(f, node));
        awaitShowing(robot, "#topology-action-cordon");
        assertThat(robot.lookup("#topology-action-cordon").queryAs(Button.class).isDisabled()).isTrue();
        robot.type(KeyCode.C);
        awaitNotice(robot, "Actions are off: the cluster could not be opened.");
        assertThat(fx(() -> model.actions().flow())).isNull();
    }

    @Test
    void aProtectedContextWaitsForItsNameTyped(FxRobot robot) throws Exception {
        robot.interact(() -> model.actions().backendProperty().set(rig.backend(new ContextPolicy(false, true, ""),
                p -> false)));
        TopologyFrame f = frameWhere(g -> g.index.nodes.length == 12);
        int node = java.util.stream.IntStream.range(0, f.index.nodes.length)
                .filter(i -> !f.index.nodes[i].unschedulable()).findFirst().orElseThrow();
        robot.clickOn(tileOnScreen(f, node));
        robot.type(KeyCode.C);
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(robot.lookup("#action-context-band").query().getStyleClass()).contains("protected");
        Button confirm = robot.lookup("#action-confirm").queryAs(Button.class);
        assertThat(confirm.isDisabled()).isTrue();
        robot.write("sandbx").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(confirm.isDisabled()).isTrue();
        assertThat(fx(() -> model.actions().flow().phase())).isEqualTo(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-hint")).isEqualTo("Type \u201csandbox\u201d to enable Cordon.");
        robot.interact(() -> robot.lookup("#action-typed").queryAs(javafx.scene.control.TextField.class).clear());
        robot.write("sandbox");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(confirm.isDisabled()).isFalse();
        robot.type(KeyCode.ENTER);
        awaitNotice(robot, "Cordoned " + f.index.nodes[node].name());
    }

    @Test
    void aReadOnlyContextSaysSo(FxRobot robot) throws Exception {
        robot.interact(() -> model.actions().backendProperty().set(rig.backend(new ContextPolicy(true, false,
                "--read-only"), p -> false)));
        TopologyFrame f = frameWhere(g -> g.index.nodes.length == 12);
        robot.clickOn(tileOnScreen(f, 0));
        robot.type(f.index.nodes[0].unschedulable() ? KeyCode.U : KeyCode.C);
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-refusal")).contains("read-only").contains("--read-only");
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void drainFromANodeInThreeInteractionsShowsItsPreflightThenEmptiesTheNode(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> g.index.nodes.length == 12);
        // a schedulable node without Grafana (its emptyDir pod needs --delete-emptydir-data) and with a DaemonSet pod
        NodeInfo target = java.util.Arrays.stream(f.index.nodes)
                .filter(n -> !n.unschedulable() && n.ready() && n.pressures().isEmpty())
                .filter(n -> java.util.Arrays.stream(f.index.pods).noneMatch(p -> n.name().equals(p.nodeName())
                        && p.owner().name().equals("grafana")))
                .findFirst().orElseThrow();
        int node = f.index.nodeByName.get(target.name());

        robot.clickOn(tileOnScreen(f, node));                        // 1. select the node
        robot.type(KeyCode.D);                                       // 2. act: drain
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).startsWith("Drain node " + target.name() + ": evict ");
        @SuppressWarnings("unchecked")
        TableView<io.opsdeck.services.action.ActionItem> rows = robot.lookup("#action-plan-items").queryAs(TableView.class);
        assertThat(fx(() -> rows.getItems().stream().map(io.opsdeck.services.action.ActionItem::state).toList()))
                .contains("evict", "skip").doesNotContain("needs-flag");
        assertThat(fx(() -> rows.getItems().stream().filter(i -> i.state().equals("skip")).map(i -> i.reason()).toList()))
                .allMatch(r -> r.contains("DaemonSet"));
        assertThat(text(robot, "#action-allowed")).contains("patch nodes").contains("create pods/eviction in");
        robot.type(KeyCode.ENTER);                                   // 3. confirm

        awaitNotice(robot, "Drained " + target.name() + ".");
        TopologyFrame after = frameWhere(g -> g.index.nodes[g.index.nodeByName.get(target.name())].unschedulable()
                && java.util.Arrays.stream(g.index.pods).filter(p -> target.name().equals(p.nodeName()))
                        .allMatch(p -> p.owner().kind().equals("DaemonSet")));
        assertThat(after.index.nodes[after.index.nodeByName.get(target.name())].unschedulable()).isTrue();
        List<AuditEntry> trail = new AuditTrail(rig.auditFile()).read();
        assertThat(trail.get(0).action()).isEqualTo("drain");
        assertThat(trail.get(0).result()).isEqualTo("done");
        assertThat(trail.get(0).undo()).isEqualTo("uncordon " + target.name());
    }

    @Test
    void aDrainThatNeedsAFlagSaysSoAndTheDialogsBoxPlansItAgain(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> java.util.Arrays.stream(g.index.pods).anyMatch(p -> p.owner().name().equals("grafana")
                && p.scheduled()));
        String nodeName = java.util.Arrays.stream(f.index.pods).filter(p -> p.owner().name().equals("grafana"))
                .findFirst().orElseThrow().nodeName();
        robot.clickOn(tileOnScreen(f, f.index.nodeByName.get(nodeName)));
        robot.type(KeyCode.D);
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-refusal")).contains("--delete-emptydir-data");
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();

        robot.clickOn("#action-drain-emptydir");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> model.actions().flow() != null
                && model.actions().flow().request() instanceof io.opsdeck.services.action.DrainRequest d
                && d.options().deleteEmptyDirData() && model.actions().flow().phase() == ActionFlow.Phase.CONFIRM
                && !model.actions().flow().stale()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#action-refusal").tryQuery()).as("no refusal once the flag is given")
                .matches(n -> n.isEmpty() || !n.get().isVisible() || n.get().getScene() == null);
        // losing emptyDir data is not undone by anything: the node's name must be typed
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
        robot.clickOn("#action-typed").write(nodeName);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() ->
                !robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> model.actions().flow() == null));
        assertThat(new AuditTrail(rig.auditFile()).read()).as("nothing was run").isEmpty();
    }

    @Test
    void flushFromACachePodNeedsItsNameTypedAndEmptiesIt(FxRobot robot) throws Exception {
        TopologyFrame f = frameWhere(g -> java.util.stream.IntStream.range(0, g.index.pods.length)
                .anyMatch(i -> g.caches.status(i) != null && g.index.pods[i].owner().name().equals("memcached")));
        int pod = java.util.stream.IntStream.range(0, f.index.pods.length)
                .filter(i -> f.caches.status(i) != null && f.index.pods[i].owner().name().equals("memcached"))
                .findFirst().orElseThrow();
        robot.clickOn(cellOnScreen(f, pod));                         // 1. select the cache pod
        robot.type(KeyCode.F);                                       // 2. act: flush
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(text(robot, "#action-title")).contains("memcached");
        String confirmText = fx(() -> model.actions().flow().check().confirmText());
        assertThat(confirmText).as("a flush is always confirmed by the name typed").isNotBlank();
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
        robot.type(KeyCode.ENTER);                                   // Enter alone does nothing here
        assertThat(fx(() -> model.actions().flow().phase())).isEqualTo(ActionFlow.Phase.CONFIRM);
        robot.clickOn("#action-typed").write(confirmText).type(KeyCode.ENTER); // 3. confirm with the name typed

        awaitNotice(robot, "Flushed ");
        List<AuditEntry> trail = new AuditTrail(rig.auditFile()).read();
        assertThat(trail.get(0).action()).isEqualTo("flush");
        assertThat(trail.get(0).result()).isEqualTo("done");
        assertThat(trail.get(0).details()).containsEntry("keysAfter", 0);
    }

    @Test
    void aDrainHeldByABudgetNamesItCancelsAndOffersTheDeleteAnywayEscalation(FxRobot robot) throws Exception {
        // shop/payments is down: its budget allows no disruption, so its pod cannot be evicted
        TopologyFrame f = frameWhere(g -> java.util.Arrays.stream(g.index.pods)
                .anyMatch(p -> p.owner().name().equals("payments") && p.scheduled()));
        PodInfo held = java.util.Arrays.stream(f.index.pods).filter(p -> p.owner().name().equals("payments") && p.scheduled())
                .findFirst().orElseThrow();
        robot.clickOn(tileOnScreen(f, f.index.nodeByName.get(held.nodeName())));   // 1. select the node
        robot.type(KeyCode.D);                                                    // 2. act: drain
        awaitPhase(ActionFlow.Phase.CONFIRM);
        robot.type(KeyCode.ENTER);                                                // 3. confirm

        @SuppressWarnings("unchecked")
        TableView<io.opsdeck.services.action.ActionItem> rows = robot.lookup("#action-progress-items").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> rows.getItems().stream()
                .anyMatch(i -> i.name().equals(held.name()) && i.state().equals("blocked"))));
        io.opsdeck.services.action.ActionItem row = fx(() -> rows.getItems().stream()
                .filter(i -> i.name().equals(held.name())).findFirst().orElseThrow());
        assertThat(row.pdb()).isEqualTo("shop/payments");
        assertThat(row.reason()).contains("shop/payments");

        robot.clickOn("#action-progress-cancel");
        awaitNotice(robot, "Drain of " + held.nodeName() + " cancelled; the node stays cordoned.");
        assertThat(text(robot, "#action-notice-delete-anyway")).isEqualTo("Delete shop/" + held.name() + " anyway…");
        robot.clickOn("#action-notice-delete-anyway");
        awaitPhase(ActionFlow.Phase.CONFIRM);
        assertThat(robot.lookup("#action-confirm").queryAs(Button.class).isDisabled()).isTrue();
        String confirmText = fx(() -> model.actions().flow().check().confirmText());
        assertThat(confirmText).isEqualTo(held.name());
        robot.clickOn("#action-typed").write(confirmText).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> new AuditTrail(rig.auditFile()).read().stream()
                .anyMatch(e -> e.action().equals("delete-pod") && "done".equals(e.result())));
        List<AuditEntry> trail = new AuditTrail(rig.auditFile()).read();
        assertThat(trail).extracting(AuditEntry::action).containsExactly("delete-pod", "drain");
        assertThat(trail.get(1).result()).isEqualTo("cancelled");
        frameWhere(g -> java.util.Arrays.stream(g.index.pods).noneMatch(p -> p.name().equals(held.name())));
    }

    // ---- helpers

    private static TopologyIndex g(TopologyFrame f) {
        return f.index;
    }

    private static List<PodInfo> pods(TopologyFrame f, String owner) {
        return java.util.Arrays.stream(f.index.pods)
                .filter(p -> p.namespace().equals("shop") && p.owner().name().equals(owner)).toList();
    }

    private static WorkloadInfo workload(Overview o, String name) {
        return o.cluster().workloads().stream().filter(w -> w.name().equals(name) && w.namespace().equals("shop"))
                .findFirst().orElseThrow();
    }

    private TopologyFrame frameWhere(Predicate<TopologyFrame> p) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> canvas.frame() != null && p.test(canvas.frame())));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(canvas::settled));
        WaitForAsyncUtils.waitForFxEvents();
        return fx(canvas::frame);
    }

    /** Where a pod's cell is now (the picture may have been laid out again since {@code f}). */
    private Point2D cellOnScreen(TopologyFrame f, int pod) {
        io.opsdeck.services.model.PodKey key = f.index.pods[pod].key();
        return fx(() -> {
            TopologyFrame now = canvas.frame();
            int p = now.index.podByKey.get(key);
            int n = now.index.podNode[p];
            int i = p - now.index.podStart[n];
            return canvas.localToScreen(canvas.toScreen(now.layout.cellX(now.index, n, i) + TopologyLayout.CELL_SIZE / 2.0,
                    now.layout.cellY(now.index, n, i) + TopologyLayout.CELL_SIZE / 2.0));
        });
    }

    /** Where a node's tile is now. */
    private Point2D tileOnScreen(TopologyFrame f, int node) {
        String name = f.index.nodes[node].name();
        return fx(() -> {
            TopologyFrame now = canvas.frame();
            int n = now.index.nodeByName.get(name);
            return canvas.localToScreen(canvas.toScreen(now.layout.tileX[n] + 20, now.layout.tileY[n] + 20));
        });
    }

    private void awaitPhase(ActionFlow.Phase phase) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> {
            ActionFlow flow = model.actions().flow();
            return flow != null && flow.phase() == phase && !flow.stale();
        }));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void awaitNotice(FxRobot robot, String start) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> {
                Node n = robot.lookup("#action-notice").query();
                return n.isVisible() && text(robot, "#action-notice-text").startsWith(start);
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no notice '" + start + "…'; it reads: " + text(robot, "#action-notice-text"), e);
        }
    }

    private static void awaitShowing(FxRobot robot, String id) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> robot.lookup(id).tryQuery()
                .map(n -> n.getScene() != null && n.isVisible()).orElse(false));
    }

    private static String text(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n instanceof javafx.scene.control.TextInputControl t ? t.getText() : ((Labeled) n).getText();
    }


}
