package io.opsdeck.app.cli;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.wiring.FxRuntime;
import io.opsdeck.app.wiring.Session;
import io.opsdeck.app.wiring.SessionOnScreen;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.action.ActionBackend;
import io.opsdeck.views.action.ActionFlow;
import io.opsdeck.views.console.Pages;
import io.opsdeck.views.console.Screenshot;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.theme.Theme;
import javafx.scene.image.WritableImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** {@code opsdeck snapshot}: renders one view, with data loaded, to a PNG and exits. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Render a view, with data loaded, to a PNG file and exit. Works under Xvfb and, "
                + "with no display, headless (Monocle).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PNG written", "1:rendering failed", "2:bad arguments",
            "3:the cluster cannot be reached (the PNG still shows the error)"})
public final class SnapshotCommand implements Callable<Integer> {
    static final int MAX_SIDE = 8192;

    @Mixin
    SourceOptions source;

    @Option(names = "--view", paramLabel = "VIEW",
            description = "One of: ${COMPLETION-CANDIDATES}. Required unless --action is given (then: topology).",
            completionCandidates = ViewNames.class)
    String view;

    @Option(names = "--action", paramLabel = "ACTION",
            description = "Plan and check this action for real (nothing is changed) and render its confirmation "
                    + "dialog over the view, e.g. \"scale shop/deployment/checkout --replicas 5\" or \"cordon NODE\".")
    String action;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
    Path out;

    @Option(names = "--width", paramLabel = "W", description = "Width in pixels. Default: ${DEFAULT-VALUE}.")
    int width = 1600;

    @Option(names = "--height", paramLabel = "H", description = "Height in pixels. Default: ${DEFAULT-VALUE}.")
    int height = 1000;

    @Option(names = "--theme", paramLabel = "THEME", description = "light or dark. Default: ${DEFAULT-VALUE}.")
    String theme = "light";

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for data. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = 30;

    @ParentCommand
    OpsdeckCommand parent;

    static final class ViewNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ViewNames() {
            super(Pages.IDS);
        }
    }

    @Override
    public Integer call() throws Exception {
        var cmd = parent.spec.commandLine().getSubcommands().get("snapshot");
        Cli.validate(source, cmd);
        if (view == null && action == null) {
            throw new ParameterException(cmd, "Missing --view: name the view to render (or an --action to plan)");
        }
        if (view == null) {
            view = "topology";
        }
        if (!Pages.IDS.contains(view)) {
            throw new ParameterException(cmd, "Invalid --view '" + view + "': use one of " + String.join(", ", Pages.IDS));
        }
        if (width < 200 || height < 150 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new ParameterException(cmd, "Invalid size " + width + "x" + height + ": width and height must be "
                    + "between 200x150 and " + MAX_SIDE + "x" + MAX_SIDE);
        }
        if (!theme.equals("light") && !theme.equals("dark")) {
            throw new ParameterException(cmd, "Invalid --theme '" + theme + "': use light or dark");
        }
        Clock clock = Clock.systemUTC();
        Settings settings = Cli.settings();
        try (Workers workers = new Workers()) {
            Overview overview;
            ActionFlow dialog = null;
            Session session = Session.headless(source.request(settings), workers.child(), clock);
            // JavaFX starts and the window is built while the cluster loads (on a cluster of 30,000 pods the
            // two took 2 s after the 3.5 s LIST); the data is shown in it once it is in
            CompletableFuture<Screenshot.Prepared> prepared = CompletableFuture.supplyAsync(() -> {
                try {
                    FxRuntime.start(FxRuntime.noDisplay(System.getenv()), width, height);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
                return null;
            }, command -> Workers.threadFactory("snapshot-fx").newThread(command).start())
                    .thenCompose(started -> FxRuntime.call(() -> {
                        ShellModel model = new ShellModel(clock, () -> { });
                        model.themeProperty().set(Theme.parse(theme));
                        model.hitRatioThresholdsProperty().set(Cli.thresholds(settings));
                        SessionOnScreen.show(session, model);
                        return CompletableFuture.completedFuture(Screenshot.prepare(model, view, width, height,
                                workers.scheduler("topology")));
                    }));
            Optional<ActionPipeline> pipeline;
            try (session) {
                overview = Cli.awaitOverview(session, Duration.ofSeconds(timeoutSeconds));
                pipeline = session.actions();
                if (action != null) {
                    dialog = SnapshotAction.plan(session, action, cmd);
                }
            }
            ActionFlow shown = dialog;
            Screenshot.Prepared window = prepared.get(60, TimeUnit.SECONDS);
            // the process ends when Main returns, so the FX runtime is left running for callers in the same JVM
            ShellModel model = window.model();
            WritableImage image = FxRuntime.call(() -> {
                // the views as the console shows them: actions on, the Activity page reading the audit trail
                // (off the FX thread, on a thread that outlives the closed session)
                pipeline.ifPresent(p -> model.actions().backendProperty().set(ActionBackend.of(p,
                        workers.scheduler("snapshot-actions"), workers.scheduler("snapshot-actions"))));
                if (shown != null) {
                    model.actions().show(shown);
                }
                return window.render(overview);
            }).get(60, TimeUnit.SECONDS);
            Screenshot.writePng(image, out);
            parent.spec.commandLine().getOut().println("Wrote " + out + " (" + width + "x" + height + ", view " + view
                    + (action == null ? "" : ", action " + action) + ")");
            parent.spec.commandLine().getOut().flush();
            boolean planned = dialog == null || dialog.phase() != ActionFlow.Phase.FAILED;
            return overview.clusterStatus().usable() && planned ? 0 : ReportCommand.EXIT_UNREACHABLE;
        }
    }
}
