package io.opsdeck.app.cli;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.app.wiring.SourceRequest;
import io.opsdeck.services.sandbox.SandboxSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the data comes from: shared by the console and every headless sub-command. */
public final class SourceOptions {
    @Option(names = "--demo", description = "Use the built-in sandbox cluster instead of a kubeconfig.")
    boolean demo;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sandbox (same seed, same cluster). Default: ${DEFAULT-VALUE}.")
    long seed = SandboxSpec.DEFAULT_SEED;

    @Option(names = "--demo-size", paramLabel = "NODESxPODS",
            description = "Size of the sandbox, e.g. 5000x150000. Default: 12x150.")
    String demoSize;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(names = "--prometheus-url", paramLabel = "URL", description = "Prometheus (or compatible) base URL, e.g. http://127.0.0.1:9090.")
    String prometheusUrl;

    @Option(names = "--read-only",
            description = "Change nothing in this run: every action is refused, whatever the context's settings say.")
    boolean readOnly;

    public boolean readOnly() {
        return readOnly;
    }

    public boolean demo() {
        return demo;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String context() {
        return context;
    }

    public String prometheusUrl() {
        return prometheusUrl;
    }

    /**
     * These options, with what was written before the sub-command ({@code opsdeck --demo scale …})
     * filling what was not written after it.
     */
    public SourceOptions withDefaults(SourceOptions before) {
        if (before == null) {
            return this;
        }
        SourceOptions o = new SourceOptions();
        o.demo = demo || before.demo;
        o.seed = seed != SandboxSpec.DEFAULT_SEED ? seed : before.seed;
        o.demoSize = demoSize != null ? demoSize : before.demoSize;
        o.kubeconfig = kubeconfig != null ? kubeconfig : before.kubeconfig;
        o.context = context != null ? context : before.context;
        o.prometheusUrl = prometheusUrl != null ? prometheusUrl : before.prometheusUrl;
        o.readOnly = readOnly || before.readOnly;
        return o;
    }

    /** The sandbox spec these options ask for. @throws IllegalArgumentException on a bad size */
    public SandboxSpec sandboxSpec() {
        return demoSize == null ? new SandboxSpec(seed, SandboxSpec.DEFAULT.nodes(), SandboxSpec.DEFAULT.pods())
                : SandboxSpec.parse(demoSize, seed);
    }

    /** What a session should look at, as these options say, with the user's settings. */
    public SourceRequest request(Settings settings) {
        return new SourceRequest(demo, sandboxSpec(), kubeconfig, context, prometheusUrl,
                prometheusUrl == null ? "" : "--prometheus-url", settings, readOnly);
    }
}
