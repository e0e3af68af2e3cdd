package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.sandbox.SandboxSpec;

import java.nio.file.Path;

/**
 * What a session should look at: the sandbox, or a kubeconfig context with an optional explicit
 * Prometheus URL. Made from the command line ({@code SourceOptions}), then changed by the context
 * switcher and settings.
 *
 * @param kubeconfig    explicit kubeconfig file; {@code null} for $KUBECONFIG / ~/.kube/config
 * @param context       context name; {@code null} for the kubeconfig's current context
 * @param prometheusUrl explicit Prometheus URL; {@code null} to use settings, then discovery
 * @param prometheusOrigin how the URL was chosen, in words ("--prometheus-url", "settings")
 * @param settings      the user's settings: the context's saved Prometheus URL (when none is given),
 *                      external caches and cache password references
 * @param readOnly      {@code --read-only}: no action at all in this run, whatever the context's settings say
 */
public record SourceRequest(boolean demo, SandboxSpec sandbox, Path kubeconfig, String context, String prometheusUrl,
                            String prometheusOrigin, Settings settings, boolean readOnly) {

    public SourceRequest {
        settings = settings == null ? Settings.defaults() : settings;
    }

    public SourceRequest withContext(String name) {
        return new SourceRequest(false, sandbox, kubeconfig, name, null, "", settings, readOnly);
    }

    public SourceRequest withPrometheus(String url, String origin) {
        return new SourceRequest(demo, sandbox, kubeconfig, context, url, origin, settings, readOnly);
    }

    public SourceRequest withSettings(Settings value) {
        return new SourceRequest(demo, sandbox, kubeconfig, context, prometheusUrl, prometheusOrigin, value, readOnly);
    }
}
