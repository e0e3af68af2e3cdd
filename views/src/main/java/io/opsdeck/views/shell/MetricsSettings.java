package io.opsdeck.views.shell;

/**
 * What the Settings page shows about metrics for the current context.
 *
 * @param endpoint  the Prometheus in use (a URL, "sandbox", or empty when none)
 * @param origin    how it was chosen, in words: "--prometheus-url", "settings", "found in the cluster: …", "none found"
 * @param override  the URL saved in settings for this context; empty when none
 */
public record MetricsSettings(String endpoint, String origin, String override) {
    public static final MetricsSettings NONE = new MetricsSettings("", "", "");
}
