package io.opsdeck.app;

import io.opsdeck.app.cli.OpsdeckCommand;
import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.app.settings.LogSetup;
import io.opsdeck.app.wiring.EarlyConnection;
import io.opsdeck.services.concurrent.Workers;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.slf4j.LoggerFactory;

/**
 * Entry point. A plain class, not a JavaFX {@code Application}: it sets up logging, parses the
 * command line and runs the console or a headless sub-command.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 bad arguments, 3 unreachable). */
    public static int run(String... args) {
        List<String> list = Arrays.asList(args);
        // picocli builds its command tree on a thread of its own while logging starts: ~0.1 s of a cold JVM,
        // as picocli's classes are Java 5 class files, which no class-data archive holds. Nothing in the tree
        // logs (a logger made before LogSetup.init would make Logback configure itself twice).
        FutureTask<CommandLine> tree = new FutureTask<>(Main::commandLine);
        Workers.threadFactory("command-line").newThread(tree).start();
        boolean verbose = list.contains("-v") || list.contains("--verbose");
        AppDirs dirs = AppDirs.fromEnvironment();
        try {
            dirs.ensureExists(); // 0700, and narrowed to it when an earlier version made them 0755
        } catch (IOException | RuntimeException e) {
            // LogSetup says what it could not create; settings and the audit trail say theirs when they write
        }
        LogSetup.init(dirs.logDir(), verbose);
        // the console's or a headless command's kubeconfig and client, beside picocli and the settings rather than after them
        EarlyConnection.start(list, System.getenv(), Path.of(System.getProperty("user.home")));
        return built(tree).execute(args);
    }

    private static CommandLine built(FutureTask<CommandLine> tree) {
        try {
            return tree.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return commandLine();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** The configured command line, with exit codes and messages for bad arguments and failures. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new OpsdeckCommand());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            LoggerFactory.getLogger(Main.class).error("Command failed", ex);
            commandLine.getErr().println("opsdeck: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage())
                    + " (details in " + LogSetup.logFile() + ")");
            return 1;
        });
        return cmd;
    }
}
