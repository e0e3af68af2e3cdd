package io.opsdeck.app.settings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** What Opsdeck writes is for the user alone: directories 0700, settings and logs 0600 (POSIX). */
class PrivateFilesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void stopLogging() {
        LogSetup.shutdown();
        SLF4JBridgeHandler.uninstall();
        System.clearProperty(LogSetup.LOG_DIR_PROPERTY);
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDirectoriesAreCreatedForTheUserAloneAndOpenOnesAreNarrowed() throws Exception {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path home = tmp.resolve("home");
        Path config = home.resolve(".config").resolve("opsdeck");
        Files.createDirectories(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xr-x"));
        AppDirs dirs = AppDirs.resolve(Map.of(), "Linux", home);

        dirs.ensureExists();

        assertThat(mode(dirs.configDir())).as("made 0755 by an earlier version").isEqualTo("rwx------");
        assertThat(mode(dirs.stateDir())).isEqualTo("rwx------");
        assertThat(mode(dirs.logDir())).isEqualTo("rwx------");
    }

    @Test
    void settingsAreSavedForTheUserAlone() throws Exception {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path file = tmp.resolve("config").resolve("settings.json");
        new SettingsStore(file).save(Settings.defaults());
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
    }

    @Test
    void theLogIsForTheUserAloneEvenWhenItWasThereBefore() throws Exception {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path logs = tmp.resolve("state").resolve("logs");
        Files.createDirectories(logs);
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(logs.resolve(LogSetup.LOG_FILE_NAME), "an old line\n");
        Files.setPosixFilePermissions(logs.resolve(LogSetup.LOG_FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));

        Path log = LogSetup.init(logs, false);
        LoggerFactory.getLogger("io.opsdeck.test").info("private");

        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(mode(logs)).isEqualTo("rwx------");
        assertThat(Files.readString(log)).contains("an old line");
    }

    @Test
    void anUnusableLogDirectoryFallsBackToAFreshPrivateOneNotASharedPath() throws Exception {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path blocker = tmp.resolve("a-file");
        Files.writeString(blocker, "x");

        Path log = LogSetup.init(blocker.resolve("logs"), false);
        try {
            Path dir = log.getParent();
            assertThat(dir).isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            assertThat(dir.getFileName().toString()).startsWith("opsdeck-logs-").isNotEqualTo("opsdeck-logs-");
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(mode(log)).isEqualTo("rw-------");
        } finally {
            LogSetup.shutdown();
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.getParent());
        }
    }
}
