package io.opsdeck.app.settings;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts logging: a rolling {@code opsdeck.log} in the log directory, and STDERR only when verbose.
 *
 * <p>Call {@link #init(Path, boolean)} first thing in {@code main}, before anything touches
 * {@link LoggerFactory}: then Logback configures itself ({@link LogConfigurator}) exactly once, with
 * the properties {@code init} has just set. A class with a static logger field that loads earlier
 * makes Logback start with its fallback directory; if that happens (or in tests, or on a second
 * call with another directory) {@code init} sees that the configuration in effect was made with
 * other settings, resets Logback and configures it again, so the result is the same, minus a stray
 * early file.
 */
public final class LogSetup {

    public static final String LOG_DIR_PROPERTY = "opsdeck.logdir";
    public static final String CONSOLE_LEVEL_PROPERTY = "opsdeck.console.level";
    public static final String LOG_FILE_NAME = "opsdeck.log";

    /** Context properties that {@link LogConfigurator} sets from the two system properties above. */
    private static final String CONTEXT_LOG_DIR = LogConfigurator.LOG_DIR;
    private static final String CONTEXT_CONSOLE_LEVEL = LogConfigurator.CONSOLE_LEVEL;

    private static volatile Path logDir;
    private static volatile String logDirProblem;
    private static boolean consoleLevelCaptured;
    private static String consoleLevelFromCommandLine;

    private LogSetup() {
    }

    /**
     * Configures Logback, routes {@code java.util.logging} (JavaFX's) into it, and logs every
     * uncaught exception. Safe to call again; the last call wins.
     *
     * @param logDir  where {@code opsdeck.log} should go; created 0700 if missing (narrowed to 0700 if
     *                not). If it cannot be created
     *                or written, a fresh temporary directory is used instead and
     *                {@link #logDirProblem()} says so.
     * @param verbose also write DEBUG and above to STDERR (otherwise the console gets nothing, unless
     *                {@code -Dopsdeck.console.level} says otherwise)
     * @return the log file now in use
     */
    public static synchronized Path init(Path logDir, boolean verbose) {
        Objects.requireNonNull(logDir, "logDir");
        Path dir = logDir.toAbsolutePath().normalize();
        String problem = null;
        try {
            PrivateFiles.directory(dir);
            if (!Files.isWritable(dir)) {
                throw new AccessDeniedException(dir.toString());
            }
        } catch (IOException | SecurityException e) {
            Path fallback = fallbackDir();
            problem = "Could not write logs to " + dir + " (" + reason(e) + "); logging to " + fallback
                    + " instead.";
            dir = fallback;
        }

        System.setProperty(LOG_DIR_PROPERTY, dir.toString());
        if (!consoleLevelCaptured) {
            consoleLevelFromCommandLine = System.getProperty(CONSOLE_LEVEL_PROPERTY);
            consoleLevelCaptured = true;
        }
        if (verbose) {
            System.setProperty(CONSOLE_LEVEL_PROPERTY, "DEBUG");
        } else if (consoleLevelFromCommandLine != null) {
            System.setProperty(CONSOLE_LEVEL_PROPERTY, consoleLevelFromCommandLine);
        } else {
            System.clearProperty(CONSOLE_LEVEL_PROPERTY);
        }

        // The first call to getILoggerFactory() configures Logback (LogConfigurator) with the
        // properties just set. If something logged earlier, Logback was configured without them:
        // only then configure it again (configuring twice cost ~0.2 s of every start).
        long start = System.currentTimeMillis();
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            if (configuredFor(context, dir)) {
                reportConfigurationProblems(context, start);
            } else {
                configure(context);
            }
        }

        SLF4JBridgeHandler.removeHandlersForRootLogger();
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.install();
        }
        Thread.setDefaultUncaughtExceptionHandler(LogSetup::logUncaught);

        LogSetup.logDir = dir;
        LogSetup.logDirProblem = problem;

        Logger log = LoggerFactory.getLogger(LogSetup.class);
        log.info("Logging to {} (Java {}, {} {})", dir.resolve(LOG_FILE_NAME),
                System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        if (problem != null) {
            log.warn(problem);
        }
        return dir.resolve(LOG_FILE_NAME);
    }

    /**
     * The log file in use, for "see the log at …" messages.
     *
     * @throws IllegalStateException before {@link #init(Path, boolean)}
     */
    public static Path logFile() {
        Path dir = logDir;
        if (dir == null) {
            throw new IllegalStateException("LogSetup.init has not been called");
        }
        return dir.resolve(LOG_FILE_NAME);
    }

    /** Why the requested log directory could not be used, if it could not; worth showing the user. */
    public static Optional<String> logDirProblem() {
        return Optional.ofNullable(logDirProblem);
    }

    /** Flushes and closes the log file. Call on exit; later log calls are dropped until the next init. */
    public static synchronized void shutdown() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** Whether the configuration in effect is LogConfigurator's, made for this directory and console level. */
    private static boolean configuredFor(LoggerContext context, Path dir) {
        return dir.toString().equals(context.getProperty(CONTEXT_LOG_DIR))
                && System.getProperty(CONSOLE_LEVEL_PROPERTY, "OFF").equals(context.getProperty(CONTEXT_CONSOLE_LEVEL));
    }

    private static void configure(LoggerContext context) {
        long start = System.currentTimeMillis();
        context.reset();
        LogConfigurator.apply(context);
        if (!context.isStarted()) {
            context.start();
        }
        reportConfigurationProblems(context, start);
    }

    // A broken logging setup cannot log about itself, so stderr is the only place left to say it.
    private static void reportConfigurationProblems(LoggerContext context, long since) {
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() >= Status.WARN && status.getTimestamp() >= since) {
                System.err.println("Opsdeck logging setup: " + status.getMessage());
                if (status.getThrowable() != null) {
                    System.err.println("  caused by " + status.getThrowable());
                }
            }
        }
    }

    private static void logUncaught(Thread thread, Throwable error) {
        try {
            LoggerFactory.getLogger("io.opsdeck.uncaught")
                    .error("Uncaught exception in thread '{}'", thread.getName(), error);
        } catch (RuntimeException | LinkageError loggingFailed) {
            System.err.println("Uncaught exception in thread '" + thread.getName() + "':");
            error.printStackTrace();
        }
    }

    /**
     * A fresh directory of a random name, 0700 (createTempDirectory's default on POSIX), else one in
     * the home directory: never the temporary directory itself, where a file of a known name could
     * have been put in the way by another user.
     */
    private static Path fallbackDir() {
        try {
            return Files.createTempDirectory("opsdeck-logs-").toAbsolutePath();
        } catch (IOException | SecurityException e) {
            return Path.of(System.getProperty("user.home"), ".opsdeck-logs").toAbsolutePath();
        }
    }

    private static String reason(Exception e) {
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
