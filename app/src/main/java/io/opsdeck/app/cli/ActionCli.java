package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.opsdeck.app.wiring.Session;
import io.opsdeck.services.action.AccessVerdict;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionItem;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.ActionResult;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.services.concurrent.Workers;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every action sub-command shares: plan, check, confirm on the terminal (or {@code --yes}),
 * run with progress on stderr, then the outcome as text or one JSON object, and the exit code
 * (0 done or planned, 2 bad arguments, 3 cluster unreachable, 4 not allowed, 5 did not finish, 6 failed).
 */
final class ActionCli {
    static final int EXIT_BAD_ARGS = 2;
    static final int EXIT_UNREACHABLE = 3;
    static final int EXIT_NOT_ALLOWED = 4;

    /** The options every action sub-command has. */
    static final class Flags {
        @Option(names = "--dry-run", description = "Print the plan (and the server's dry-run verdict); change nothing.")
        boolean dryRun;

        @Option(names = "--yes", description = "Do not ask: confirmed. A protected context or a destructive step also needs --confirm.")
        boolean yes;

        @Option(names = "--confirm", paramLabel = "TEXT",
                description = "What would be typed to confirm (the context's name on a protected context, the object's name for a destructive step).")
        String confirm;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;
    }

    private ActionCli() {
    }

    /** Terminal input for the confirmation; null when there is none (then only --yes confirms). */
    static Supplier<BufferedReader> terminal = () -> {
        Console c = System.console();
        return c == null ? null : new BufferedReader(c.reader());
    };

    static int execute(OpsdeckCommand parent, CommandLine cmd, SourceOptions given, Flags flags,
                       Supplier<ActionRequest> request) {
        SourceOptions source = given.withDefaults(parent.source);
        Cli.validate(source, cmd);
        ActionRequest req;
        try {
            req = request.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        try (Session session = new Session(source.request(Cli.settings()), Clock.systemUTC())) {
            Optional<ActionPipeline> maybe = session.actions();
            if (maybe.isEmpty()) {
                return print(out, err, flags, req, session.reason(), null, null,
                        ActionOutcome.of(ActionResult.FAILED, "The cluster cannot be reached: " + session.reason()), EXIT_UNREACHABLE);
            }
            ActionPipeline pipeline = maybe.get();
            if (session.sandbox()) {
                session.monitor().start(); // the simulated cluster moves only while its source ticks
            }
            ActionPlan plan;
            try {
                plan = pipeline.plan(req);
            } catch (ActionException e) {
                ActionOutcome o = ActionOutcome.failed(e);
                return print(out, err, flags, req, pipeline.identity().context(), null, null, o, o.exitCode());
            }
            ActionCheck check = pipeline.check(plan);
            if (!flags.json) {
                printPlan(err, pipeline, plan, check);
            }
            if (flags.dryRun) {
                ActionOutcome o = pipeline.dryRun(plan, check);
                return print(out, err, flags, req, pipeline.identity().context(), plan, check, o, o.exitCode());
            }
            String typed = flags.confirm;
            if (check.allowed() && !flags.yes) {
                BufferedReader in = terminal.get();
                if (in == null) {
                    ActionOutcome o = pipeline.run(plan, new ActionCheck(false, ActionResult.REFUSED,
                            "Not confirmed: there is no terminal to ask on. Pass --yes"
                                    + (check.typedConfirmation() ? " --confirm " + check.confirmText() : "")
                                    + " to confirm on the command line; nothing was changed.",
                            check.access(), check.dryRun(), check.confirmText()), null, ActionProgress.Listener.NONE,
                            new Cancellation());
                    return print(out, err, flags, req, pipeline.identity().context(), plan, check, o, o.exitCode());
                }
                err.print(check.typedConfirmation() ? "Type '" + check.confirmText() + "' to confirm: " : "Proceed? [y/N] ");
                err.flush();
                String answer = readLine(in);
                if (check.typedConfirmation()) {
                    typed = answer;
                } else if (!answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                    ActionOutcome o = ActionOutcome.of(ActionResult.REFUSED, "Not confirmed; nothing was changed.");
                    return print(out, err, flags, req, pipeline.identity().context(), plan, check, o, o.exitCode());
                }
            } else if (check.allowed() && check.typedConfirmation() && typed == null) {
                ActionOutcome o = pipeline.run(plan, check, "", ActionProgress.Listener.NONE, new Cancellation());
                return print(out, err, flags, req, pipeline.identity().context(), plan, check,
                        new ActionOutcome(o.result(), o.message() + " With --yes, pass --confirm " + check.confirmText()
                                + ".", o.facts(), o.items(), o.undo(), o.exitCode(), o.auditId(), o.duration()), o.exitCode());
            }
            Cancellation cancellation = new Cancellation();
            java.util.concurrent.CountDownLatch recorded = new java.util.concurrent.CountDownLatch(1);
            // Ctrl+C cancels the action and waits (a little) for its outcome to reach the audit trail
            Thread hook = Workers.threadFactory("opsdeck-cancel").newThread(() -> {
                cancellation.cancel();
                try {
                    recorded.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            ActionOutcome o;
            try {
                String[] last = {""};
                o = pipeline.run(plan, check, typed, p -> {
                    if (!p.message().equals(last[0])) {
                        last[0] = p.message();
                        progress(err, p);
                    }
                }, cancellation);
            } finally {
                recorded.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // shutting down
                }
            }
            return print(out, err, flags, req, pipeline.identity().context(), plan, check, o, o.exitCode());
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }

    private static void progress(PrintWriter err, ActionProgress p) {
        String bar = p.fraction() < 0 ? "" : String.format(Locale.ROOT, "[%3.0f%%] ", p.fraction() * 100);
        err.println("  " + bar + p.message());
        err.flush();
    }

    private static void printPlan(PrintWriter err, ActionPipeline pipeline, ActionPlan plan, ActionCheck check) {
        var who = pipeline.identity();
        err.println("Context " + who.context() + (who.server().isEmpty() ? "" : " (" + who.server() + ")")
                + (who.user().isEmpty() ? "" : " as " + who.user())
                + (pipeline.policy().protectedContext() ? " — PROTECTED" : "")
                + (pipeline.policy().readOnly() ? " — READ-ONLY" : ""));
        err.println(plan.title());
        plan.changes().forEach(c -> err.println("  • " + c));
        plan.warnings().forEach(w -> err.println("  ! " + w));
        for (ActionItem i : plan.items()) {
            err.println("    " + i.state() + "  " + i.key() + (i.reason().isEmpty() ? "" : "  — " + i.reason())
                    + (i.pdb().isEmpty() ? "" : "  [budget " + i.pdb() + "]"));
        }
        err.println("  " + plan.undo());
        if (!check.dryRun().isEmpty()) {
            err.println("  Dry run: " + check.dryRun());
        }
        if (!check.allowed()) {
            err.println("  Not allowed: " + check.reason());
        }
        err.flush();
    }

    private static int print(PrintWriter out, PrintWriter err, Flags flags, ActionRequest req, String context,
                             ActionPlan plan, ActionCheck check, ActionOutcome o, int exit) {
        if (flags.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("action", req.action());
            json.put("context", context);
            json.put("target", req.target());
            json.put("dryRun", flags.dryRun);
            json.put("result", o.result().word());
            json.put("message", o.message());
            json.put("auditId", o.auditId().isEmpty() ? null : o.auditId());
            json.put("parameters", req.parameters());
            if (plan != null) {
                json.putAll(plan.facts());
                json.put("plan", plan.title());
                json.put("changes", plan.changes());
                json.put("warnings", plan.warnings());
                json.put("undo", plan.undo());
            }
            json.putAll(o.facts());
            if (check != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("allowed", check.allowed());
                c.put("reason", check.reason());
                c.put("dryRun", check.dryRun());
                List<String> missing = new ArrayList<>();
                for (AccessVerdict v : check.access()) {
                    if (!v.allowed()) {
                        missing.add(v.permission().describe());
                    }
                }
                c.put("missing", missing);
                json.put("check", c);
            }
            List<ActionItem> items = !o.items().isEmpty() ? o.items() : plan == null ? List.of() : plan.items();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ActionItem i : items) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("namespace", i.namespace());
                r.put("name", i.name());
                r.put("outcome", i.state());
                r.put("reason", i.reason());
                r.put("pdb", i.pdb().isEmpty() ? null : i.pdb());
                r.put("node", i.node().isEmpty() ? null : i.node());
                rows.add(r);
            }
            json.put(req.itemsKey(), rows);
            json.put("undoCommand", o.undo() == null ? null : o.undo().commandLine());
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
        } else {
            (o.result().succeeded() ? out : err).println(o.result().word().toUpperCase(Locale.ROOT) + ": " + o.message()
                    + (o.undo() == null ? "" : "\n  Undo: opsdeck " + o.undo().commandLine()
                    + (context.equals("sandbox") ? " --demo" : " --context " + context))
                    + (o.auditId().isEmpty() ? "" : "\n  Audit id: " + o.auditId()));
            out.flush();
            err.flush();
        }
        return exit;
    }
}
