package io.opsdeck.app.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.opsdeck.services.cache.CachePasswords;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * @param caches   how the Caches view judges hit ratios
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"theme", "lastView", "caches", "contexts"})
public record Settings(String theme, String lastView, Map<String, ContextSettings> contexts, CacheThresholds caches) {

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
        caches = caches == null ? CacheThresholds.DEFAULTS : caches;
    }

    public Settings(String theme, String lastView, Map<String, ContextSettings> contexts) {
        this(theme, lastView, contexts, CacheThresholds.DEFAULTS);
    }

    public static Settings defaults() {
        return new Settings(LIGHT, DEFAULT_VIEW, Map.of());
    }

    public Settings withCacheThresholds(CacheThresholds value) {
        return new Settings(theme, lastView, contexts, value);
    }

    /** @throws IllegalArgumentException unless {@code theme} is {@value #LIGHT} or {@value #DARK} */
    public Settings withTheme(String theme) {
        if (!THEMES.contains(theme)) {
            throw new IllegalArgumentException("Unknown theme '" + theme + "'; expected one of " + THEMES);
        }
        return new Settings(theme, lastView, contexts, caches);
    }

    public Settings withLastView(String lastView) {
        Objects.requireNonNull(lastView, "lastView");
        return new Settings(theme, lastView, contexts, caches);
    }

    public Settings withContext(String name, ContextSettings context) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        TreeMap<String, ContextSettings> copy = new TreeMap<>(contexts);
        copy.put(name, context);
        return new Settings(theme, lastView, copy, caches);
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
     * @param externalCaches   caches outside the cluster (managed Redis, say) shown with this context's
     * @param cacheAuthRefs    where the passwords of the cluster's caches are, keyed by
     *                         {@code namespace/cluster} or {@code namespace/pod}: references
     *                         ({@code env:VAR}, {@code secret:ns/name#key}), never passwords
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"prometheusUrl", "readOnly", "protectedContext", "externalCaches", "cacheAuthRefs"})
    public record ContextSettings(String prometheusUrl, boolean readOnly, boolean protectedContext,
                                  List<ExternalCache> externalCaches, Map<String, String> cacheAuthRefs) {

        public ContextSettings {
            externalCaches = externalCaches == null ? List.of()
                    : List.copyOf(externalCaches.stream().filter(Objects::nonNull).toList());
            TreeMap<String, String> refs = new TreeMap<>();
            if (cacheAuthRefs != null) {
                cacheAuthRefs.forEach((k, v) -> {
                    if (k != null && v != null && !v.isBlank()) {
                        refs.put(k.trim(), requireReference(v.trim(), "the caches of " + k.trim()));
                    }
                });
            }
            cacheAuthRefs = Collections.unmodifiableMap(refs);
            if (prometheusUrl != null) {
                prometheusUrl = prometheusUrl.isBlank() ? null : prometheusUrl.trim();
            }
            if (prometheusUrl != null && hasUserInfo(prometheusUrl)) {
                // Deliberately does not echo the URL: it contains a password.
                throw new IllegalArgumentException(
                        "A Prometheus URL must not contain a user name or password");
            }
        }

        public ContextSettings(String prometheusUrl, boolean readOnly, boolean protectedContext) {
            this(prometheusUrl, readOnly, protectedContext, List.of(), Map.of());
        }

        public static ContextSettings defaults() {
            return new ContextSettings(null, false, false);
        }

        public ContextSettings withPrometheusUrl(String url) {
            return new ContextSettings(url, readOnly, protectedContext, externalCaches, cacheAuthRefs);
        }

        public ContextSettings withReadOnly(boolean value) {
            return new ContextSettings(prometheusUrl, value, protectedContext, externalCaches, cacheAuthRefs);
        }

        public ContextSettings withProtectedContext(boolean value) {
            return new ContextSettings(prometheusUrl, readOnly, value, externalCaches, cacheAuthRefs);
        }

        public ContextSettings withExternalCaches(List<ExternalCache> value) {
            return new ContextSettings(prometheusUrl, readOnly, protectedContext, value, cacheAuthRefs);
        }

        public ContextSettings withCacheAuthRefs(Map<String, String> value) {
            return new ContextSettings(prometheusUrl, readOnly, protectedContext, externalCaches, value);
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

    /**
     * A cache outside the cluster, by address.
     *
     * @param kind        {@code redis} or {@code memcached}
     * @param address     {@code host:port} ({@code [v6]:port})
     * @param authRef     where its password is ({@code env:VAR}, {@code secret:ns/name#key}), or empty;
     *                    never the password
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "kind", "address", "authRef"})
    public record ExternalCache(String name, String kind, String address, String authRef) {
        public ExternalCache {
            name = name == null ? "" : name.trim();
            kind = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
            address = address == null ? "" : address.trim();
            authRef = authRef == null ? "" : authRef.trim();
            if (!authRef.isEmpty()) {
                requireReference(authRef, "the external cache " + name);
            }
        }
    }

    /**
     * Hit ratio thresholds of the Caches view (and the colour bands in Topology).
     *
     * @param warnBelow     a hit ratio below this is a warning (default 0.90)
     * @param criticalBelow a hit ratio below this is critical (default 0.75)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"warnBelow", "criticalBelow"})
    public record CacheThresholds(double warnBelow, double criticalBelow) {
        public static final CacheThresholds DEFAULTS = new CacheThresholds(0.90, 0.75);

        /** Reading is forgiving: thresholds missing or out of order in the file give the defaults. */
        @JsonCreator
        static CacheThresholds read(@JsonProperty("warnBelow") Double warn,
                                    @JsonProperty("criticalBelow") Double critical) {
            double w = warn == null ? DEFAULTS.warnBelow : warn;
            double c = critical == null ? DEFAULTS.criticalBelow : critical;
            return c >= 0 && c <= w && w <= 1 ? new CacheThresholds(w, c) : DEFAULTS;
        }

        /** @throws IllegalArgumentException unless 0 ≤ critical ≤ warn ≤ 1 */
        public CacheThresholds {
            if (!(criticalBelow >= 0 && criticalBelow <= warnBelow && warnBelow <= 1)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "Hit ratio thresholds must satisfy 0 ≤ critical (%.2f) ≤ warning (%.2f) ≤ 1",
                        criticalBelow, warnBelow));
            }
        }
    }

    // Deliberately never echoes the value: it may be the password itself, typed in the wrong field.
    private static String requireReference(String ref, String what) {
        if (!CachePasswords.isValidReference(ref)) {
            throw new IllegalArgumentException("The password of " + what + " must be given as a reference, "
                    + "env:VARIABLE or secret:namespace/name#key, never as the password itself");
        }
        return ref;
    }
}
