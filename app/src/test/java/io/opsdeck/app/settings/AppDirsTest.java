package io.opsdeck.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppDirsTest {

    private static final Path HOME = Path.of("/home/ana");

    @Test
    void linuxWithoutXdgVariablesUsesDotConfigAndDotLocalState() {
        AppDirs dirs = AppDirs.resolve(Map.of(), "Linux", HOME);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/home/ana/.config/opsdeck"));
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/home/ana/.local/state/opsdeck"));
        assertThat(dirs.logDir()).isEqualTo(Path.of("/home/ana/.local/state/opsdeck/logs"));
        assertThat(dirs.settingsFile()).isEqualTo(Path.of("/home/ana/.config/opsdeck/settings.json"));
        assertThat(dirs.auditLog()).isEqualTo(Path.of("/home/ana/.local/state/opsdeck/audit.jsonl"));
    }

    @Test
    void linuxHonoursXdgVariables() {
        AppDirs dirs = AppDirs.resolve(
                Map.of("XDG_CONFIG_HOME", "/xdg/config", "XDG_STATE_HOME", "/xdg/state"), "Linux", HOME);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/xdg/config/opsdeck"));
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/xdg/state/opsdeck"));
        assertThat(dirs.logDir()).isEqualTo(Path.of("/xdg/state/opsdeck/logs"));
        assertThat(dirs.settingsFile()).isEqualTo(Path.of("/xdg/config/opsdeck/settings.json"));
        assertThat(dirs.auditLog()).isEqualTo(Path.of("/xdg/state/opsdeck/audit.jsonl"));
    }

    @Test
    void linuxIgnoresBlankAndRelativeXdgVariablesAsTheSpecRequires() {
        AppDirs dirs = AppDirs.resolve(
                Map.of("XDG_CONFIG_HOME", "  ", "XDG_STATE_HOME", "relative/state"), "Linux", HOME);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/home/ana/.config/opsdeck"));
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/home/ana/.local/state/opsdeck"));
    }

    @Test
    void otherUnixesFollowTheLinuxRules() {
        assertThat(AppDirs.resolve(Map.of(), "FreeBSD", HOME))
                .isEqualTo(AppDirs.resolve(Map.of(), "Linux", HOME));
    }

    @Test
    void windowsUsesAppDataAndKeepsLogsInLocalAppData() {
        String appData = "C:\\Users\\ana\\AppData\\Roaming";
        String localAppData = "C:\\Users\\ana\\AppData\\Local";
        AppDirs dirs = AppDirs.resolve(
                Map.of("APPDATA", appData, "LOCALAPPDATA", localAppData), "Windows 11", HOME);

        Path opsdeck = Path.of(appData).resolve("Opsdeck");
        assertThat(dirs.configDir()).isEqualTo(opsdeck);
        assertThat(dirs.stateDir()).isEqualTo(opsdeck);
        assertThat(dirs.logDir()).isEqualTo(Path.of(localAppData).resolve("Opsdeck").resolve("logs"));
        assertThat(dirs.settingsFile()).isEqualTo(opsdeck.resolve("settings.json"));
        assertThat(dirs.auditLog()).isEqualTo(opsdeck.resolve("audit.jsonl"));
    }

    @Test
    void windowsWithoutLocalAppDataLogsUnderAppData() {
        String appData = "C:\\Users\\ana\\AppData\\Roaming";
        AppDirs dirs = AppDirs.resolve(Map.of("APPDATA", appData), "Windows 10", HOME);

        assertThat(dirs.logDir()).isEqualTo(Path.of(appData).resolve("Opsdeck").resolve("logs"));
    }

    @Test
    void windowsWithoutAppDataFallsBackToTheRoamingProfileUnderHome() {
        AppDirs dirs = AppDirs.resolve(Map.of(), "Windows 10", HOME);

        assertThat(dirs.configDir()).isEqualTo(HOME.resolve("AppData").resolve("Roaming").resolve("Opsdeck"));
    }

    @Test
    void macUsesApplicationSupportAndLibraryLogs() {
        Path home = Path.of("/Users/ana");
        AppDirs dirs = AppDirs.resolve(Map.of("XDG_CONFIG_HOME", "/ignored"), "Mac OS X", home);

        Path support = Path.of("/Users/ana/Library/Application Support/Opsdeck");
        assertThat(dirs.configDir()).isEqualTo(support);
        assertThat(dirs.stateDir()).isEqualTo(support);
        assertThat(dirs.logDir()).isEqualTo(Path.of("/Users/ana/Library/Logs/Opsdeck"));
        assertThat(dirs.settingsFile()).isEqualTo(support.resolve("settings.json"));
        assertThat(dirs.auditLog()).isEqualTo(support.resolve("audit.jsonl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Linux", "Windows 11", "Mac OS X"})
    void opsdeckHomeOverridesEveryOs(String os) {
        AppDirs dirs = AppDirs.resolve(Map.of(
                "OPSDECK_HOME", "/srv/opsdeck",
                "XDG_CONFIG_HOME", "/xdg/config",
                "APPDATA", "C:\\Users\\ana\\AppData\\Roaming"), os, HOME);

        Path home = Path.of("/srv/opsdeck").toAbsolutePath();
        assertThat(dirs.configDir()).isEqualTo(home);
        assertThat(dirs.stateDir()).isEqualTo(home);
        assertThat(dirs.logDir()).isEqualTo(home.resolve("logs"));
        assertThat(dirs.settingsFile()).isEqualTo(home.resolve("settings.json"));
        assertThat(dirs.auditLog()).isEqualTo(home.resolve("audit.jsonl"));
    }

    @Test
    void blankOpsdeckHomeIsIgnored() {
        assertThat(AppDirs.resolve(Map.of("OPSDECK_HOME", ""), "Linux", HOME))
                .isEqualTo(AppDirs.resolve(Map.of(), "Linux", HOME));
    }

    @Test
    void fromEnvironmentResolvesThisProcess() {
        assertThat(AppDirs.fromEnvironment()).isEqualTo(AppDirs.resolve(
                System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home"))));
    }

    @Test
    void resolvingCreatesNothingAndEnsureExistsCreatesAllThree(@TempDir Path tmp) throws Exception {
        AppDirs dirs = AppDirs.resolve(
                Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString(),
                        "XDG_STATE_HOME", tmp.resolve("state").toString()), "Linux", tmp);
        assertThat(tmp).isEmptyDirectory();

        dirs.ensureExists();
        dirs.ensureExists();

        assertThat(dirs.configDir()).isDirectory();
        assertThat(dirs.stateDir()).isDirectory();
        assertThat(dirs.logDir()).isDirectory();
        assertThat(Files.exists(dirs.settingsFile())).isFalse();
    }
}
