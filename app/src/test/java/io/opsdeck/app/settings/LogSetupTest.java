package io.opsdeck.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

class LogSetupTest {

    @TempDir
    Path tmp;

    private Thread.UncaughtExceptionHandler previousHandler;
    private String previousLogDir;
    private String previousConsoleLevel;
    private String marker;

    @BeforeEach
    void remember() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        previousLogDir = System.getProperty(LogSetup.LOG_DIR_PROPERTY);
        previousConsoleLevel = System.getProperty(LogSetup.CONSOLE_LEVEL_PROPERTY);
        marker = "marker-" + UUID.randomUUID();
    }

    @AfterEach
    void restore() {
        LogSetup.shutdown();
        SLF4JBridgeHandler.uninstall();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        restoreProperty(LogSetup.LOG_DIR_PROPERTY, previousLogDir);
        restoreProperty(LogSetup.CONSOLE_LEVEL_PROPERTY, previousConsoleLevel);
    }

    @Test
    void writesToOpsdeckLogInTheGivenDirectory() throws Exception {
        Path logDir = tmp.resolve("state").resolve("logs");

        Path logFile = LogSetup.init(logDir, false);
        LoggerFactory.getLogger("io.opsdeck.test").info("hello {}", marker);

        assertThat(logFile).isEqualTo(logDir.resolve("opsdeck.log"));
        assertThat(LogSetup.logFile()).isEqualTo(logFile);
        assertThat(LogSetup.logDirProblem()).isEmpty();
        assertThat(readLogAfterShutdown()).contains("INFO").contains("io.opsdeck.test").contains("hello " + marker);
    }

    @Test
    void opsdeckDebugGoesToTheFileButOtherLibrariesStartAtInfo() throws Exception {
        LogSetup.init(tmp, false);

        LoggerFactory.getLogger("io.opsdeck.services.Thing").debug("ours {}", marker);
        LoggerFactory.getLogger("com.example.Library").debug("theirs {}", marker);
        LoggerFactory.getLogger("io.fabric8.Informer").info("chatty {}", marker);

        assertThat(readLogAfterShutdown()).contains("ours " + marker)
                .doesNotContain("theirs " + marker)
                .doesNotContain("chatty " + marker);
    }

    @Test
    void javaUtilLoggingFromJavaFxReachesTheLog() throws Exception {
        LogSetup.init(tmp, false);

        java.util.logging.Logger.getLogger("javafx.scene.CSS").warning("css " + marker);

        assertThat(readLogAfterShutdown()).contains("WARN").contains("css " + marker);
    }

    @Test
    void uncaughtExceptionsAreLogged() throws Exception {
        LogSetup.init(tmp, false);

        Thread.getDefaultUncaughtExceptionHandler()
                .uncaughtException(new Thread("opsdeck-worker-1"), new IllegalStateException(marker));

        assertThat(readLogAfterShutdown()).contains("opsdeck-worker-1")
                .contains("java.lang.IllegalStateException: " + marker);
    }

    @Test
    void theConfigurationAppliesWithoutAWarning() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogSetup.init(tmp.resolve("fresh"), false); // a new directory: configured again
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Opsdeck logging setup");
    }

    @Test
    void consoleIsSilentUnlessVerboseAndNeverUsesStdout() throws Exception {
        String quiet = captureConsole(false, "quiet " + marker);
        assertThat(quiet).isEqualTo("stdout=[] stderr=[]");

        String verbose = captureConsole(true, "loud " + marker);
        assertThat(verbose).startsWith("stdout=[] stderr=[").contains("loud " + marker);
    }

    @Test
    void unusableDirectoryFallsBackToATemporaryOne() throws Exception {
        Path blocker = tmp.resolve("a-file");
        Files.writeString(blocker, "x");
        Path impossible = blocker.resolve("logs");

        Path logFile = LogSetup.init(impossible, false);
        LoggerFactory.getLogger("io.opsdeck.test").info("fallback {}", marker);

        try {
            assertThat(logFile.startsWith(blocker)).isFalse();
            assertThat(logFile).isEqualTo(LogSetup.logFile());
            assertThat(LogSetup.logDirProblem()).hasValueSatisfying(problem -> assertThat(problem)
                    .contains(impossible.toString()).contains(logFile.getParent().toString()));
            String log = readLogAfterShutdown();
            assertThat(log).contains("fallback " + marker).contains("Could not write logs to " + impossible);
        } finally {
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(logFile.getParent());
        }
    }

    @Test
    void initAgainMovesTheLogToTheNewDirectory() throws Exception {
        LogSetup.init(tmp.resolve("first"), false);
        LoggerFactory.getLogger("io.opsdeck.test").info("one {}", marker);

        LogSetup.init(tmp.resolve("second"), false);
        LoggerFactory.getLogger("io.opsdeck.test").info("two {}", marker);

        assertThat(readLogAfterShutdown()).contains("two " + marker).doesNotContain("one " + marker);
        assertThat(Files.readString(tmp.resolve("first").resolve("opsdeck.log"))).contains("one " + marker);
    }

    @Test
    void logbackIsConfiguredAgainOnlyWhenTheSettingsChange() throws Exception {
        LogSetup.init(tmp, false);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AtomicInteger resets = new AtomicInteger();
        ResetCounter counter = new ResetCounter(resets);
        context.addListener(counter);
        try {
            LogSetup.init(tmp, false); // what the configuration was made with: nothing to do
            LoggerFactory.getLogger("io.opsdeck.test").info("same {}", marker);
            assertThat(resets).hasValue(0);
            assertThat(Files.readString(tmp.resolve("opsdeck.log"))).contains("same " + marker);

            LogSetup.init(tmp, true); // the console level changes: configured again
            assertThat(resets).hasValue(1);
            LogSetup.init(tmp.resolve("other"), true); // so does the directory
            assertThat(resets).hasValue(2);
        } finally {
            context.removeListener(counter);
        }
    }

    private record ResetCounter(AtomicInteger resets) implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onStart(LoggerContext context) {
        }

        @Override
        public void onReset(LoggerContext context) {
            resets.incrementAndGet();
        }

        @Override
        public void onStop(LoggerContext context) {
        }

        @Override
        public void onLevelChange(ch.qos.logback.classic.Logger logger, Level level) {
        }
    }

    @Test
    void theUserInfoOfAUrlIsLeftOutOfMessagesAndStackTraces() throws Exception {
        LogSetup.init(tmp, false);

        LoggerFactory.getLogger("io.opsdeck.test").warn("GET https://admin:hunter2@api.example:6443/api {}", marker,
                new IllegalStateException("refused by https://admin:hunter2@api.example:6443/"));

        assertThat(readLogAfterShutdown()).contains(marker).contains("api.example:6443")
                .contains("java.lang.IllegalStateException").doesNotContain("hunter2");
    }

    @Test
    void theLogIsPrivateAndRollsDailyAndAtTenMegabytesKeepingAWeek() throws Exception {
        Path logFile = LogSetup.init(tmp.resolve("logs"), false);
        LoggerFactory.getLogger("io.opsdeck.test").info("hello {}", marker);

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        PrivateRollingFileAppender file = (PrivateRollingFileAppender) root.getAppender("FILE");
        assertThat(file.getFile()).isEqualTo(logFile.toString());
        var rolling = (ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertThat(rolling.getFileNamePattern()).isEqualTo(tmp.resolve("logs") + "/opsdeck.%d{yyyy-MM-dd}.%i.log.gz");
        assertThat(rolling.getMaxHistory()).isEqualTo(7);
        assertThat(rolling.isCleanHistoryOnStart()).isTrue();
        assertThat(root.getAppender("CONSOLE")).isInstanceOf(ch.qos.logback.core.ConsoleAppender.class);
        assertThat(context.getLogger("io.fabric8.kubernetes.client.informers.impl.cache.Reflector").getLevel())
                .isEqualTo(Level.OFF);
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(logFile))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void logbackFindsTheConfigurationAsAServiceAndLeavesItToALogbackTestXml() {
        assertThat(java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(java.util.ServiceLoader.Provider::type)).contains(LogConfigurator.class);
        LoggerContext fresh = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(fresh);
        assertThat(configurator.configure(fresh))
                .as("these tests have a logback-test.xml").isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(fresh.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private String captureConsole(boolean verbose, String message) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            LogSetup.init(tmp.resolve(verbose ? "verbose" : "quiet"), verbose);
            LoggerFactory.getLogger("io.opsdeck.test").debug(message);
            LogSetup.shutdown();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String stderr = capturedErr.toString(StandardCharsets.UTF_8);
        return "stdout=[" + capturedOut.toString(StandardCharsets.UTF_8) + "] stderr=["
                + (stderr.contains(marker) ? stderr : "") + "]";
    }

    private static String readLogAfterShutdown() throws Exception {
        Path logFile = LogSetup.logFile();
        LogSetup.shutdown();
        return Files.readString(logFile);
    }

    private static void restoreProperty(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
