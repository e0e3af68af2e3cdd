package io.opsdeck.services.prom;

import okhttp3.HttpUrl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to reach one Prometheus (or Thanos, Mimir, VictoriaMetrics) and how its series join to pods.
 * TLS verification is always on; {@link #caCertificateFile} adds trust, it never removes any.
 * {@link #toString()} masks the token, the password and secret-looking header values.
 *
 * @param baseUrl           http(s) URL, optionally with a path prefix ({@code /prometheus}, an API-server
 *                          service-proxy path); no user info, query or fragment; a trailing {@code /} or
 *                          {@code /api/v1} is dropped
 * @param bearerToken       sent as {@code Authorization: Bearer …}, or {@code null}
 * @param basicAuthUser     basic-auth user, or {@code null}; needs {@code basicAuthPassword}
 * @param basicAuthPassword basic-auth password, or {@code null}
 * @param caCertificateFile PEM file of CA certificates trusted in addition to the system's, or {@code null}
 * @param headers           extra request headers, e.g. {@code X-Scope-OrgID} for Mimir
 * @param timeout           for a whole request: connect, send, wait, read
 * @param namespaceLabel    the series label holding the pod's namespace
 * @param podLabel          the series label holding the pod's name
 * @param window            the range over which rates are taken, e.g. 5 minutes
 */
public record PrometheusConfig(
        String baseUrl,
        String bearerToken,
        String basicAuthUser,
        String basicAuthPassword,
        Path caCertificateFile,
        Map<String, String> headers,
        Duration timeout,
        String namespaceLabel,
        String podLabel,
        Duration window) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final String MASK = "****";

    public PrometheusConfig {
        baseUrl = normalizeBaseUrl(baseUrl);
        bearerToken = blankToNull(bearerToken);
        basicAuthUser = blankToNull(basicAuthUser);
        basicAuthPassword = basicAuthPassword == null || basicAuthPassword.isEmpty() ? null : basicAuthPassword;
        if ((basicAuthUser == null) != (basicAuthPassword == null)) {
            throw new IllegalArgumentException("Basic auth needs both a user name and a password");
        }
        if (bearerToken != null && basicAuthUser != null) {
            throw new IllegalArgumentException("Choose either a bearer token or basic auth for Prometheus, not both");
        }
        boolean hasAuth = bearerToken != null || basicAuthUser != null;
        LinkedHashMap<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : (headers == null ? Map.<String, String>of() : headers).entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
            }
            if (value == null || value.isEmpty() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                // the value is not echoed: it may be a secret
                throw new IllegalArgumentException("The value of header " + name + " is empty or spans lines");
            }
            if (name.equalsIgnoreCase("Authorization") && hasAuth) {
                throw new IllegalArgumentException(
                        "An Authorization header cannot be combined with a bearer token or basic auth");
            }
            h.put(name, value);
        }
        headers = Collections.unmodifiableMap(h);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The Prometheus timeout must be positive, not " + timeout);
        }
        namespaceLabel = labelName(namespaceLabel == null ? "namespace" : namespaceLabel);
        podLabel = labelName(podLabel == null ? "pod" : podLabel);
        window = window == null ? DEFAULT_WINDOW : window;
        if (window.toMillis() % 1000 != 0 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("The rate window must be a whole number of seconds, at least 1 s, not "
                    + window);
        }
    }

    /** A configuration with no credentials and the defaults: 10 s timeout, labels namespace/pod, 5 m window. */
    public static PrometheusConfig of(String baseUrl) {
        return new PrometheusConfig(baseUrl, null, null, null, null, Map.of(), null, null, null, null);
    }

    public PrometheusConfig withBearerToken(String token) {
        return new PrometheusConfig(baseUrl, token, null, null, caCertificateFile, headers, timeout,
                namespaceLabel, podLabel, window);
    }

    public PrometheusConfig withBasicAuth(String user, String password) {
        return new PrometheusConfig(baseUrl, null, user, password, caCertificateFile, headers, timeout,
                namespaceLabel, podLabel, window);
    }

    public PrometheusConfig withCaCertificateFile(Path pemFile) {
        return new PrometheusConfig(baseUrl, bearerToken, basicAuthUser, basicAuthPassword, pemFile, headers,
                timeout, namespaceLabel, podLabel, window);
    }

    /** Adds (or replaces) one extra header, e.g. {@code X-Scope-OrgID} for a Mimir tenant. */
    public PrometheusConfig withHeader(String name, String value) {
        LinkedHashMap<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new PrometheusConfig(baseUrl, bearerToken, basicAuthUser, basicAuthPassword, caCertificateFile, h,
                timeout, namespaceLabel, podLabel, window);
    }

    public PrometheusConfig withTimeout(Duration value) {
        return new PrometheusConfig(baseUrl, bearerToken, basicAuthUser, basicAuthPassword, caCertificateFile,
                headers, value, namespaceLabel, podLabel, window);
    }

    /** The labels that carry a series' pod, e.g. {@code kubernetes_namespace}, {@code kubernetes_pod_name}. */
    public PrometheusConfig withJoinLabels(String namespace, String pod) {
        return new PrometheusConfig(baseUrl, bearerToken, basicAuthUser, basicAuthPassword, caCertificateFile,
                headers, timeout, namespace, pod, window);
    }

    public PrometheusConfig withWindow(Duration value) {
        return new PrometheusConfig(baseUrl, bearerToken, basicAuthUser, basicAuthPassword, caCertificateFile,
                headers, timeout, namespaceLabel, podLabel, value);
    }

    public boolean hasBasicAuth() {
        return basicAuthUser != null;
    }

    /** True for headers whose values must never be shown: credentials, cookies, keys. */
    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("auth") || n.contains("cookie") || n.contains("token") || n.contains("secret")
                || n.contains("password") || n.contains("key") || n.contains("session") || n.contains("credential");
    }

    @Override
    public String toString() {
        StringBuilder h = new StringBuilder("{");
        headers.forEach((name, value) -> {
            if (h.length() > 1) {
                h.append(", ");
            }
            h.append(name).append('=').append(isSecretHeader(name) ? MASK : value);
        });
        h.append('}');
        return "PrometheusConfig[baseUrl=" + baseUrl
                + ", bearerToken=" + (bearerToken == null ? "none" : MASK)
                + ", basicAuthUser=" + (basicAuthUser == null ? "none" : basicAuthUser)
                + ", basicAuthPassword=" + (basicAuthPassword == null ? "none" : MASK)
                + ", caCertificateFile=" + (caCertificateFile == null ? "none" : caCertificateFile)
                + ", headers=" + h
                + ", timeout=" + timeout
                + ", namespaceLabel=" + namespaceLabel
                + ", podLabel=" + podLabel
                + ", window=" + window + "]";
    }

    private static String normalizeBaseUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("The Prometheus URL is empty");
        }
        HttpUrl url = HttpUrl.parse(raw.trim());
        if (url == null) {
            // Not echoed: an unparseable URL may still carry a password.
            throw new IllegalArgumentException("The Prometheus URL must be an http:// or https:// URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("The Prometheus URL must not contain a user name or password; "
                    + "use the basic-auth or token settings");
        }
        if (url.query() != null || url.fragment() != null) {
            throw new IllegalArgumentException("The Prometheus URL must not have a query or fragment: "
                    + url.newBuilder().query(null).fragment(null).build());
        }
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        // A common paste: the API root instead of the server's. The client adds /api/v1 itself.
        if (s.endsWith("/api/v1")) {
            s = s.substring(0, s.length() - "/api/v1".length());
        }
        return s;
    }

    private static String labelName(String name) {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus label name");
        }
        return name;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
