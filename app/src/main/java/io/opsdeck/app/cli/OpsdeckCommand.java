package io.opsdeck.app.cli;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.wiring.ConsoleWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code opsdeck}: opens the console window; sub-commands run headless. */
@Command(name = "opsdeck", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Operations console for SREs: Kubernetes topology, cache hit ratios and service health.",
        subcommands = {SnapshotCommand.class, ReportCommand.class, ScaleCommand.class, CordonCommand.class,
            CordonCommand.Uncordon.class, DrainCommand.class, AuditCommand.class, FlushCommand.class,
            CachesCommand.class, TrainCommand.class},
        footerHeading = "%nWithout a kubeconfig (or with --demo) Opsdeck opens its built-in sandbox.%n",
        footer = {"Settings and logs: $OPSDECK_HOME, else the OS's usual place (XDG on Linux)."})
public final class OpsdeckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Also log to the console (stderr), at debug level.")
    boolean verbose;

    @Option(names = "--theme", paramLabel = "THEME", description = "light or dark (default: the remembered one).")
    String theme;

    // start-up measurement and the installers' class-data archive training run; not for users
    @Option(names = "--exit-after-first-frame", hidden = true)
    boolean exitAfterFirstFrame;

    // ./bench/run live: closes once the Topology has drawn this many pods, logging when; not for users
    @Option(names = "--exit-after-pods", hidden = true, paramLabel = "N")
    int exitAfterPods;

    @Override
    public Integer call() throws Exception {
        Cli.validate(source, spec.commandLine());
        if (theme != null && !theme.equals("light") && !theme.equals("dark")) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid --theme '" + theme + "': use light or dark");
        }
        return new ConsoleWindow(source.request(Settings.defaults()), theme, exitAfterFirstFrame, exitAfterPods).run();
    }
}
