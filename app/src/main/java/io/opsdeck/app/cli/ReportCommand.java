package io.opsdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.opsdeck.app.wiring.Session;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.report.Report;
import io.opsdeck.services.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code opsdeck report}: topology counts, cache hit ratios and service health, as JSON or text. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print topology counts, cache hit ratios and service health, then exit.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report printed", "2:bad arguments", "3:the cluster cannot be reached (the report is still printed, with the error)"})
public final class ReportCommand implements Callable<Integer> {
    public static final int EXIT_UNREACHABLE = 3;

    @Mixin
    SourceOptions source;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the cluster. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = 30;

    @ParentCommand
    OpsdeckCommand parent;

    @Override
    public Integer call() throws Exception {
        Cli.validate(source, parent.spec.commandLine());
        Overview overview;
        try (Session session = Session.headless(source.request(Cli.settings()), new Workers(), Clock.systemUTC())) {
            overview = Cli.awaitOverview(session, Duration.ofSeconds(timeoutSeconds));
        }
        Report report = ReportBuilder.build(overview);
        PrintWriter out = parent.spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(report));
        } else {
            printText(report, out);
        }
        out.flush();
        return report.cluster().reachable() ? 0 : EXIT_UNREACHABLE;
    }

    /** A count, or "?" when it could not be read. */
    private static String known(Integer n) {
        return n == null ? "?" : n.toString();
    }

    private static void printText(Report r, PrintWriter out) {
        var c = r.cluster();
        out.printf(Locale.ROOT, "Context %s — cluster %s%n", r.context(), c.reachable() ? "reachable (" + c.version() + ")"
                : "UNREACHABLE: " + c.error());
        for (String u : c.unavailable()) {
            out.printf(Locale.ROOT, "  cannot read: %s%n", u);
        }
        out.printf(Locale.ROOT, "Nodes %s (%s ready, %s cordoned) · pods %s (%s running)%n", known(c.nodes()),
                known(c.nodesReady()), known(c.nodesCordoned()), known(c.pods()), known(c.podsRunning()));
        for (Report.Zone z : r.zones()) {
            out.printf(Locale.ROOT, "  zone %-16s %5d nodes %7s pods%n", z.name(), z.nodes(), known(z.pods()));
        }
        out.printf(Locale.ROOT, "Metrics %s: %s%n", r.prometheus().url(), r.prometheus().reachable() ? "reachable"
                : "UNREACHABLE: " + r.prometheus().error());
        for (Report.Cache k : r.caches()) {
            out.printf(Locale.ROOT, "  %-9s %-40s hit %s  %s ops/s%s%n", k.kind(), k.namespace() + "/" + k.pod(),
                    k.hitRatio() == null ? (k.error() == null ? "no traffic" : "—") : String.format(Locale.ROOT, "%5.1f%%", k.hitRatio() * 100),
                    k.opsPerSec() == null ? "—" : String.format(Locale.ROOT, "%.0f", k.opsPerSec()),
                    k.error() == null ? "" : "  (" + k.error() + ")");
        }
        for (Report.Service s : r.services()) {
            // endpoints that could not be read are "?", never 0
            out.printf(Locale.ROOT, "  %-8s %-40s %s/%s endpoints %s%n", s.health().toUpperCase(Locale.ROOT),
                    s.namespace() + "/" + s.name(), known(s.endpointsReady()), known(s.endpointsTotal()),
                    String.join("; ", s.reasons()));
        }
    }
}
