package io.opsdeck.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.opsdeck.app.settings.AppDirs;
import io.opsdeck.services.action.AuditEntry;
import io.opsdeck.services.action.AuditTrail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code opsdeck audit}: the audit trail of every action, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Print the audit trail of the actions Opsdeck ran (all contexts), newest first.")
public final class AuditCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print a JSON array of the entries.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default: all).")
    int limit;

    @ParentCommand
    OpsdeckCommand parent;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new picocli.CommandLine.ParameterException(parent.spec.commandLine(),
                    "Invalid --limit " + limit + ": it must be 0 (all) or more");
        }
        AuditTrail trail = new AuditTrail(AppDirs.fromEnvironment().auditLog());
        List<AuditEntry> all = trail.read();
        List<AuditEntry> entries = limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(entries));
        } else if (entries.isEmpty()) {
            out.println("No action recorded yet (" + trail.file() + ").");
        } else {
            for (AuditEntry e : entries) {
                out.printf(Locale.ROOT, "%s  %-10s %-9s %-28s %s%n    %s%s%n", e.time(), e.result(), e.action(),
                        e.context(), e.target(), e.message(), e.undo() == null ? "" : "  (undo: opsdeck " + e.undo() + ")");
            }
        }
        out.flush();
        return 0;
    }
}
