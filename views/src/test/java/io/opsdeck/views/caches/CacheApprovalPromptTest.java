package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.source.CacheApprovals;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that waits for the approval of its (address, Secret) pairing: the Caches page says what it
 * waits for, Approve… opens a dialog naming the context, the Secret and the address, Cancel approves
 * nothing, Approve records exactly that pair, and a write that fails says so and approves nothing.
 */
@ExtendWith(ApplicationExtension.class)
class CacheApprovalPromptTest {
    private final SimpleObjectProperty<PodKey> focus = new SimpleObjectProperty<>();
    private final Waiting approvals = new Waiting();
    private CachesPage page;
    private Overview sandbox;
    private PodKey waiting;
    private Scene scene;

    /** One node waits for one pairing until it is approved; approvals are recorded, or refused on demand. */
    static final class Waiting implements CacheApprovals {
        final List<CacheApprovalRequest> approved = new ArrayList<>();
        PodKey pod;
        CacheApprovalRequest request;
        String failWith;

        @Override
        public Optional<CacheApprovalRequest> pending(PodKey cache) {
            return cache.equals(pod) && !approved.contains(request) ? Optional.of(request) : Optional.empty();
        }

        @Override
        public void approve(CacheApprovalRequest r) throws IOException {
            if (failWith != null) {
                throw new IOException(failWith);
            }
            approved.add(r);
        }
    }

    @Start
    void start(Stage stage) {
        page = new CachesPage(SandboxOverviews.CLOCK::instant, focus,
                new SimpleObjectProperty<>(HitRatioThresholds.DEFAULTS), new SimpleObjectProperty<>(Theme.LIGHT),
                p -> { });
        scene = new Scene((javafx.scene.Parent) page.view(), 1500, 950);
        scene.getStylesheets().add(Theme.STYLESHEET);
        Theme.LIGHT.apply();
        stage.setScene(scene);
        stage.show();
        sandbox = SandboxOverviews.defaultSandbox();
        waiting = sandbox.caches().get(0).node().pod();
        approvals.pod = waiting;
        approvals.request = new CacheApprovalRequest("prod", "sessions", "redis.example.com:6380",
                "secret:cache/redis-auth#password", "over TLS");
        page.show(sandbox);
        page.linkApprovals(approvals);
    }

    @Test
    void approveNamesBothHalvesAndRecordsExactlyThatPair(FxRobot robot) {
        robot.interact(() -> focus.set(waiting));

        assertThat(visible(robot, "#cache-approval")).isTrue();
        assertThat(text(robot, "#cache-approval-question")).startsWith("waiting for approval: send the password from"
                + " Secret cache/redis-auth#password to redis.example.com:6380 over TLS?");
        assertThat(visible(robot, "#cache-approval-layer")).isFalse();

        robot.clickOn("#cache-approve");
        assertThat(visible(robot, "#cache-approval-layer")).isTrue();
        assertThat(text(robot, "#cache-approval-context")).isEqualTo("prod");
        assertThat(text(robot, "#cache-approval-title")).isEqualTo("Send the password from Secret"
                + " cache/redis-auth#password to redis.example.com:6380 over TLS?");
        assertThat(text(robot, "#cache-approval-object")).contains("sessions");
        snapshot("cache-approval-dialog.png");

        robot.clickOn("#cache-approval-cancel");
        assertThat(visible(robot, "#cache-approval-layer")).isFalse();
        assertThat(approvals.approved).as("Cancel approves nothing").isEmpty();

        robot.clickOn("#cache-approve");
        robot.clickOn("#cache-approval-confirm");

        assertThat(approvals.approved).containsExactly(approvals.request);
        assertThat(visible(robot, "#cache-approval-layer")).isFalse();
        assertThat(text(robot, "#cache-approval-question")).contains("Approved");
        assertThat(robot.lookup("#cache-approve").queryAs(Button.class).isDisabled()).isTrue();
        robot.interact(() -> page.show(sandbox));
        assertThat(visible(robot, "#cache-approval")).as("nothing waits any more").isFalse();
    }

    @Test
    void anApprovalThatCannotBeWrittenSaysSoAndApprovesNothing(FxRobot robot) {
        approvals.failWith = "No space left on device";
        robot.interact(() -> focus.set(waiting));

        robot.clickOn("#cache-approve");
        robot.clickOn("#cache-approval-confirm");

        assertThat(approvals.approved).isEmpty();
        assertThat(visible(robot, "#cache-approval-layer")).as("the dialog stays, with the reason").isTrue();
        assertThat(text(robot, "#cache-approval-problem")).isEqualTo("The approval could not be written: No space"
                + " left on device. Nothing was approved.");
    }

    @Test
    void aNodeThatWaitsForNothingShowsNoPrompt(FxRobot robot) {
        PodKey other = sandbox.caches().get(1).node().pod();
        robot.interact(() -> focus.set(other));

        assertThat(visible(robot, "#cache-approval")).isFalse();
    }

    private static boolean visible(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n.isVisible() && n.isManaged();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** With -Dopsdeck.snapshotDir=DIR, the page as it is now, to look at. */
    private void snapshot(String name) {
        String dir = System.getProperty("opsdeck.snapshotDir");
        if (dir == null) {
            return;
        }
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(scene.getRoot().snapshot(null, null), null), "png",
                        Path.of(dir, name).toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }
}
