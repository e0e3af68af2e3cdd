package io.opsdeck.app.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The user's preferences, as stored in {@code settings.json}.
 *
 * <p><strong>Settings never hold a secret.</strong> There is no field for a token, password, client
 * key or kubeconfig credential, and none may be added: the file is plain JSON in the user's config
 * directory, gets copied around when it is corrupt, and its content may end up in bug reports.
 * Credentials stay in the kubeconfig or the OS keychain. A Prometheus URL carrying
 * {@code user:password@} is rejected for the same reason.
 *
 * <p>Reading is forgiving so that files written by older or newer Opsdeck versions load: unknown
 * properties are ignored, missing ones take their defaults, and an unknown theme falls back to
 * {@value #LIGHT}.
 *
 * @param theme    {@value #LIGHT} or {@value #DARK}
 * @param lastView the navigation id of the view shown when Opsdeck last closed
 * @param contexts per kube-context settings, keyed by context name (sorted, unmodifiable)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"theme", "lastView", "contexts"})
public record Settings(String theme, String lastView, Map<String, ContextSettings> contexts) {

    public static final String LIGHT = "light";
    public static final String DARK = "dark";
    public static final Set<String> THEMES = Set.of(LIGHT, DARK);
    public static final String DEFAULT_VIEW = "topology";

    public Settings {
        theme = theme == null ? LIGHT : theme.trim().toLowerCase(Locale.ROOT);
        if (!THEMES.contains(theme)) {
            theme = LIGHT;
        }
        lastView = lastView == null || lastView.isBlank() ? DEFAULT_VIEW : lastView.trim();
        TreeMap<String, ContextSettings> copy = new TreeMap<>();
        if (contexts != null) {
            contexts.forEach((name, context) -> {
                if (name != null) {
                    copy.put(name, context == null ? ContextSettings.defaults() : context);
                }
            });
        }
        contexts = Collections.unmodifiableMap(copy);
    }

    public static Settings defaults() {
        return new Settings(LIGHT, DEFAULT_VIEW, Map.of());
    }

    /** @throws IllegalArgumentException unless {@code theme} is {@value #LIGHT} or {@value #DARK} */
    public Settings withTheme(String theme) {
        if (!THEMES.contains(theme)) {
            throw new IllegalArgumentException("Unknown theme '" + theme + "'; expected one of " + THEMES);
        }
        return new Settings(theme, lastView, contexts);
    }

    public Settings withLastView(String lastView) {
        Objects.requireNonNull(lastView, "lastView");
        return new Settings(theme, lastView, contexts);
    }

    public Settings withContext(String name, ContextSettings context) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        TreeMap<String, ContextSettings> copy = new TreeMap<>(contexts);
        copy.put(name, context);
        return new Settings(theme, lastView, copy);
    }

    /** The settings for {@code name}, or {@link ContextSettings#defaults()} if it has none. */
    public ContextSettings context(String name) {
        return contexts.getOrDefault(name, ContextSettings.defaults());
    }

    /**
     * Settings for one kube context.
     *
     * @param prometheusUrl    where this context's Prometheus answers, or {@code null} to discover
     *                         it; must not contain credentials
     * @param readOnly         hide every action that changes the cluster
     * @param protectedContext ask for the context name to be typed before a dangerous action
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"prometheusUrl", "readOnly", "protectedContext"})
    public record ContextSettings(String prometheusUrl, boolean readOnly, boolean protectedContext) {

        public ContextSettings {
            if (prometheusUrl != null) {
                prometheusUrl = prometheusUrl.isBlank() ? null : prometheusUrl.trim();
            }
            if (prometheusUrl != null && hasUserInfo(prometheusUrl)) {
                // Deliberately does not echo the URL: it contains a password.
                throw new IllegalArgumentException(
                        "A Prometheus URL must not contain a user name or password");
            }
        }

        public static ContextSettings defaults() {
            return new ContextSettings(null, false, false);
        }

        public ContextSettings withPrometheusUrl(String url) {
            return new ContextSettings(url, readOnly, protectedContext);
        }

        public ContextSettings withReadOnly(boolean value) {
            return new ContextSettings(prometheusUrl, value, protectedContext);
        }

        public ContextSettings withProtectedContext(boolean value) {
            return new ContextSettings(prometheusUrl, readOnly, value);
        }

        // Scans the authority as text rather than with java.net.URI, which throws on some malformed
        // URLs and would let them through unchecked. Per RFC 3986 user info cannot hold a raw / ? #.
        private static boolean hasUserInfo(String url) {
            int scheme = url.indexOf("://");
            String rest = scheme < 0 ? url : url.substring(scheme + 3);
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            return rest.substring(0, end).contains("@");
        }
    }
}
