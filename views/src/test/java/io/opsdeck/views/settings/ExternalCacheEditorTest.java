package io.opsdeck.views.settings;

import io.opsdeck.services.model.CacheTls;
import io.opsdeck.views.SandboxOverviews;
import io.opsdeck.views.shell.ExternalCacheEntry;
import io.opsdeck.views.shell.ShellModel;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Settings page's external-cache editor: a TLS choice, its CA file and server name, and the cleartext allowance. */
@ExtendWith(ApplicationExtension.class)
class ExternalCacheEditorTest {
    private final List<List<ExternalCacheEntry>> saved = new ArrayList<>();

    @Start
    void start(Stage stage) {
        ShellModel model = new ShellModel(SandboxOverviews.CLOCK, () -> { });
        model.setExternalCachesSaver(saved::add);
        SettingsPage page = new SettingsPage(model);
        stage.setScene(new Scene(new StackPane(page.view()), 1500, 900));
        stage.show();
    }

    @Test
    void aCacheAddedWithTlsKeepsItsCaFileAndServerName(FxRobot robot) {
        fill(robot, "sessions", "redis", "10.0.0.5:6380", "env:PW");
        robot.interact(() -> {
            robot.lookup("#settings-external-tls").queryAs(ComboBox.class).getSelectionModel().select(SettingsPage.TLS);
            robot.lookup("#settings-external-tls-ca").queryAs(TextField.class).setText("/etc/opsdeck/ca.pem");
            robot.lookup("#settings-external-tls-server-name").queryAs(TextField.class).setText("sessions.internal");
        });
        robot.interact(() -> robot.lookup("#settings-external-add").queryButton().fire());

        assertThat(problem(robot)).isEmpty();
        assertThat(saved).hasSize(1);
        ExternalCacheEntry e = saved.get(0).get(0);
        assertThat(e.tls()).isEqualTo(new CacheTls(true, true, "/etc/opsdeck/ca.pem", "sessions.internal", "", ""));
        assertThat(e.allowCleartextPassword()).isFalse();
        assertThat(e.connectionLabel()).isEqualTo("TLS");
    }

    @Test
    void theCleartextAllowanceIsOnlyOfferedWithoutTlsAndIsSaved(FxRobot robot) {
        fill(robot, "legacy", "redis", "10.0.0.6:6379", "env:PW");
        CheckBox allow = robot.lookup("#settings-external-allow-cleartext").queryAs(CheckBox.class);
        assertThat(allow.isDisabled()).isFalse();
        robot.interact(() -> allow.setSelected(true));
        robot.interact(() -> robot.lookup("#settings-external-add").queryButton().fire());

        assertThat(saved.get(0).get(0).allowCleartextPassword()).isTrue();
        assertThat(saved.get(0).get(0).connectionLabel()).isEqualTo("password sent without TLS (allowed)");
        robot.interact(() -> robot.lookup("#settings-external-tls").queryAs(ComboBox.class).getSelectionModel()
                .select(SettingsPage.TLS_NOT_VERIFIED));
        assertThat(allow.isDisabled()).as("with TLS the password is encrypted anyway").isTrue();
    }

    @Test
    void aRedissAddressWithoutTlsIsRefusedWithASentence(FxRobot robot) {
        fill(robot, "sessions", "redis", "rediss://10.0.0.5:6380", "");
        robot.interact(() -> robot.lookup("#settings-external-add").queryButton().fire());

        assertThat(problem(robot)).contains("rediss:// means TLS");
        assertThat(saved).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void fill(FxRobot robot, String name, String kind, String address, String ref) {
        robot.interact(() -> {
            robot.lookup("#settings-external-name").queryAs(TextField.class).setText(name);
            robot.lookup("#settings-external-kind").queryAs(ComboBox.class).getSelectionModel().select(kind);
            robot.lookup("#settings-external-address").queryAs(TextField.class).setText(address);
            robot.lookup("#settings-external-password-ref").queryAs(TextField.class).setText(ref);
        });
    }

    private static String problem(FxRobot robot) {
        return robot.lookup("#settings-external-problem").queryAs(Label.class).getText();
    }
}
