package io.opsdeck.app.cli;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.wiring.BackendFactory;
import io.opsdeck.app.wiring.ExternalCaches;
import io.opsdeck.services.cache.CacheApprovalStore;
import io.opsdeck.services.k8s.config.KubeconfigException;
import io.opsdeck.services.k8s.config.KubeconfigSet;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheApprovalRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code opsdeck caches approve NAME}: what the Caches page's Approve… does, on the command line. */
@Command(name = "caches", mixinStandardHelpOptions = true, description = "Caches outside the cluster, from Settings.",
        subcommands = CachesCommand.Approve.class)
public final class CachesCommand implements Callable<Integer> {
    @ParentCommand
    OpsdeckCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Say what to do: opsdeck caches approve NAME");
    }

    /** Approves sending the password from an external cache's Secret to its address, once, for this context. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve sending the password from an external cache's Secret (secret:namespace/name#key in"
                    + " Settings) to the cache's address. Until that pairing is approved, Opsdeck reads no Secret and"
                    + " sends no password there; a changed address or reference needs a new approval. The approval is"
                    + " kept in cache-approvals.json in the state directory, never in the settings file.",
                "Asks for the cache's name to be typed; with --yes, pass it as --confirm NAME."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:approved (or nothing to approve)", "2:bad arguments (no such external cache)",
                "4:not confirmed", "6:the approval could not be written"})
    public static final class Approve implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The external cache's name in Settings.")
        String name;

        @Mixin
        SourceOptions source;

        @Option(names = "--yes", description = "Do not ask; needs --confirm NAME.")
        boolean yes;

        @Option(names = "--confirm", paramLabel = "NAME", description = "The cache's name, as it would be typed.")
        String confirm;

        @ParentCommand
        CachesCommand caches;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SourceOptions options = source.withDefaults(caches.parent.source);
            if (options.demo()) {
                throw new ParameterException(spec.commandLine(), "The sandbox has no external caches to approve.");
            }
            String context = context(options);
            Settings.ContextSettings saved = Cli.settings().context(context);
            List<String> problems = new ArrayList<>();
            List<CacheAddress> externals = ExternalCaches.parse(saved.externalCaches(), problems::add);
            CacheAddress cache = externals.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() ->
                    new ParameterException(spec.commandLine(), "No external cache named '" + name + "' in Settings for"
                            + " context " + context + (externals.isEmpty() ? " (it has none)" : " (it has "
                            + String.join(", ", externals.stream().map(CacheAddress::name).toList()) + ")")
                            + (problems.isEmpty() ? "" : "; skipped: " + String.join("; ", problems)) + "."));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = BackendFactory.approvalsFile(System.getenv(), Path.of(System.getProperty("user.home")));
            CacheApprovalStore store = new CacheApprovalStore(file, context, Clock.systemUTC());
            Optional<CacheApprovalRequest> request = store.requestFor(cache);
            if (request.isEmpty()) {
                out.println(name + " takes its password " + (cache.passwordRef().isEmpty() ? "from nowhere (it has none)"
                        : "from " + cache.passwordRef()) + ": there is nothing to approve.");
                out.flush();
                return 0;
            }
            CacheApprovalRequest r = request.get();
            if (store.approved(r)) {
                out.println("Already approved in context " + context + ": " + r.question().replace("?", "."));
                out.flush();
                return 0;
            }
            err.println("Context " + context + ": " + name + " asks to " + r.question());
            String typed = confirm;
            if (!yes) {
                BufferedReader in = ActionCli.terminal.get();
                if (in == null) {
                    err.println("Not approved: there is no terminal to ask on. Pass --yes --confirm " + name + ".");
                    err.flush();
                    return ActionCli.EXIT_NOT_ALLOWED;
                }
                err.print("Type '" + name + "' to approve: ");
                err.flush();
                try {
                    String line = in.readLine();
                    typed = line == null ? "" : line.trim();
                } catch (IOException e) {
                    typed = "";
                }
            }
            if (!name.equals(typed)) {
                err.println("Not approved: " + (typed == null ? "with --yes, pass --confirm " + name
                        : "'" + typed + "' is not '" + name + "'") + ". Nothing was changed.");
                err.flush();
                return ActionCli.EXIT_NOT_ALLOWED;
            }
            try {
                store.approve(r);
            } catch (IOException e) {
                err.println("The approval could not be written to " + file + ": " + e.getMessage() + ".");
                err.flush();
                return 6;
            }
            out.println("Approved in context " + context + ": " + r.question().replace("?", ".")
                    + " (kept in " + file + ")");
            out.flush();
            return 0;
        }

        private String context(SourceOptions options) {
            if (options.context() != null) {
                return options.context();
            }
            try {
                KubeconfigSet set = KubeconfigSet.load(Optional.ofNullable(options.kubeconfig()), System.getenv(),
                        Path.of(System.getProperty("user.home")));
                return set.currentContext().orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "The kubeconfig names no current context; say which with --context NAME."));
            } catch (KubeconfigException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + "; say which context with --context NAME.");
            }
        }
    }
}
