package io.opsdeck.app.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
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
     * @param cacheTls         TLS of the cluster's caches, keyed like {@code cacheAuthRefs}; a cache not
     *                         listed is reached without TLS (through its port-forward)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"prometheusUrl", "readOnly", "protectedContext", "externalCaches", "cacheAuthRefs", "cacheTls"})
    public record ContextSettings(String prometheusUrl, boolean readOnly, boolean protectedContext,
                                  List<ExternalCache> externalCaches, Map<String, String> cacheAuthRefs,
                                  Map<String, TlsSettings> cacheTls) {

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
            TreeMap<String, TlsSettings> tls = new TreeMap<>();
            if (cacheTls != null) {
                cacheTls.forEach((k, v) -> {
                    if (k != null && v != null) {
                        tls.put(k.trim(), v);
                    }
                });
            }
            cacheTls = Collections.unmodifiableMap(tls);
            if (prometheusUrl != null) {
                prometheusUrl = prometheusUrl.isBlank() ? null : prometheusUrl.trim();
            }
            if (prometheusUrl != null && hasUserInfo(prometheusUrl)) {
                // Deliberately does not echo the URL: it contains a password.
                throw new IllegalArgumentException(
                        "A Prometheus URL must not contain a user name or password");
            }
        }

        public ContextSettings(String prometheusUrl, boolean readOnly, boolean protectedContext,
                               List<ExternalCache> externalCaches, Map<String, String> cacheAuthRefs) {
            this(prometheusUrl, readOnly, protectedContext, externalCaches, cacheAuthRefs, Map.of());
        }

        public ContextSettings(String prometheusUrl, boolean readOnly, boolean protectedContext) {
            this(prometheusUrl, readOnly, protectedContext, List.of(), Map.of());
        }

        public static ContextSettings defaults() {
            return new ContextSettings(null, false, false);
        }

        public ContextSettings withPrometheusUrl(String url) {
            return new ContextSettings(url, readOnly, protectedContext, externalCaches, cacheAuthRefs, cacheTls);
        }

        public ContextSettings withReadOnly(boolean value) {
            return new ContextSettings(prometheusUrl, value, protectedContext, externalCaches, cacheAuthRefs, cacheTls);
        }

        public ContextSettings withProtectedContext(boolean value) {
            return new ContextSettings(prometheusUrl, readOnly, value, externalCaches, cacheAuthRefs, cacheTls);
        }

        public ContextSettings withExternalCaches(List<ExternalCache> value) {
            return new ContextSettings(prometheusUrl, readOnly, protectedContext, value, cacheAuthRefs, cacheTls);
        }

        public ContextSettings withCacheAuthRefs(Map<String, String> value) {
            return new ContextSettings(prometheusUrl, readOnly, protectedContext, externalCaches, value, cacheTls);
        }

        public ContextSettings withCacheTls(Map<String, TlsSettings> value) {
            return new ContextSettings(prometheusUrl, readOnly, protectedContext, externalCaches, cacheAuthRefs, value);
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
     * @param address     {@code host:port} ({@code [v6]:port}); {@code rediss://host:port} turns TLS on with
     *                    the defaults of {@link TlsSettings}, {@code redis://host:port} is the same as none
     * @param authRef     where its password is ({@code env:VAR}, {@code secret:ns/name#key}), or empty;
     *                    never the password
     * @param tls         TLS settings; null for none (then the address's {@code rediss://} decides). In the
     *                    file also {@code "tls": true} for TLS with the defaults
     * @param allowCleartextPassword the user allowed the password to go to this address without TLS;
     *                    without it Opsdeck does not send it unencrypted
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "kind", "address", "authRef", "tls", "allowCleartextPassword"})
    public record ExternalCache(String name, String kind, String address, String authRef,
                                @JsonInclude(JsonInclude.Include.NON_NULL) TlsSettings tls,
                                @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean allowCleartextPassword) {
        public ExternalCache {
            name = name == null ? "" : name.trim();
            kind = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
            address = address == null ? "" : address.trim();
            authRef = authRef == null ? "" : authRef.trim();
            if (!authRef.isEmpty()) {
                requireReference(authRef, "the external cache " + name);
            }
        }

        public ExternalCache(String name, String kind, String address, String authRef) {
            this(name, kind, address, authRef, null, false);
        }
    }

    /**
     * TLS to a cache: the server's certificate checked against the system's trust store or {@code caFile},
     * and its name against {@code serverName} (else the host connected to), unless {@code verify} is false.
     * Files are paths; a client key stays in its file and is never copied here.
     *
     * @param verify         false turns every check off ("TLS (not verified)", shown as a weakening)
     * @param caFile         PEM file of the CA(s) to trust; empty for the system's trust store
     * @param serverName     the name the certificate holds when it is not the host connected to (a pod
     *                       reached through a port-forward on 127.0.0.1: the Service's DNS name)
     * @param clientCertFile PEM client certificate for mutual TLS, with {@code clientKeyFile}; empty for none
     * @param clientKeyFile  the path of its PEM key file (not encrypted); never the key itself
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"verify", "caFile", "serverName", "clientCertFile", "clientKeyFile"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TlsSettings(boolean verify, String caFile, String serverName, String clientCertFile,
                              String clientKeyFile) {
        /** TLS, the certificate checked against the system's trust store and the host's name. */
        public static final TlsSettings DEFAULTS = new TlsSettings(true, "", "", "", "");

        public TlsSettings {
            caFile = path(caFile, "the TLS CA file");
            serverName = serverName == null ? "" : serverName.trim();
            clientCertFile = path(clientCertFile, "the TLS client certificate");
            clientKeyFile = path(clientKeyFile, "the TLS client key");
            if (clientCertFile.isEmpty() != clientKeyFile.isEmpty()) {
                throw new IllegalArgumentException("A TLS client certificate needs its key file and a key file its"
                        + " certificate: set clientCertFile and clientKeyFile both, or neither");
            }
        }

        /** {@code "tls": {…}}: missing fields take the defaults ({@code verify} true). */
        @JsonCreator
        static TlsSettings read(@JsonProperty("verify") Boolean verify, @JsonProperty("caFile") String caFile,
                                @JsonProperty("serverName") String serverName,
                                @JsonProperty("clientCertFile") String clientCertFile,
                                @JsonProperty("clientKeyFile") String clientKeyFile) {
            return new TlsSettings(verify == null || verify, caFile, serverName, clientCertFile, clientKeyFile);
        }

        /** {@code "tls": true} is TLS with the defaults; {@code "tls": false} none. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static TlsSettings of(boolean on) {
            return on ? DEFAULTS : null;
        }

        // Deliberately never echoes the value: it may be a key pasted where its file's path belongs.
        private static String path(String value, String what) {
            String v = value == null ? "" : value.trim();
            if (v.contains("-----BEGIN") || v.contains("\n")) {
                throw new IllegalArgumentException("Give " + what + " as the path of its PEM file, never its content");
            }
            return v;
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
