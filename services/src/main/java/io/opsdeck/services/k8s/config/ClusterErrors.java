package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.opsdeck.services.k8s.config.ClusterAccessException.Reason;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what fabric8, OkHttp and the JDK throw on the way to an API server into a sentence a
 * person can act on: which server, which user, what probably went wrong, what to check.
 *
 * <p>The sentences name servers, users, clusters and plugins, never credentials; a server URL
 * is shown without any user-info part.
 */
public final class ClusterErrors {
    /** {@code pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "x"}. */
    private static final Pattern FORBIDDEN_RESOURCE = Pattern.compile(
            "User \"([^\"]*)\" cannot (\\S+) resource \"([^\"]+)\"(?: in API group \"([^\"]*)\")?"
                    + "(?: in the namespace \"([^\"]+)\")?");
    /** {@code forbidden: User "system:anonymous" cannot get path "/version"}. */
    private static final Pattern FORBIDDEN_PATH = Pattern.compile(
            "User \"([^\"]*)\" cannot (\\S+) path \"([^\"]+)\"");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");
    private static final int MAX_DETAIL = 200;

    private ClusterErrors() {
    }

    /** The sentence for {@code t}, met while talking to {@code context}'s API server. */
    public static String describe(Throwable t, KubeContext context) {
        return toAccessException(t, context).getMessage();
    }

    /**
     * Wraps {@code t} in a {@link ClusterAccessException} whose message is the sentence and whose
     * reason says what kind of failure it was. Returns {@code t} itself if it already is one.
     */
    public static ClusterAccessException toAccessException(Throwable t, KubeContext context) {
        if (t instanceof ClusterAccessException already) {
            return already;
        }
        String server = context.server() == null ? "(no server address)" : safeUrl(context.server());
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ExecPluginException plugin) {
                return new ClusterAccessException(plugin.reason(), plugin.getMessage(), t);
            }
        }
        KubernetesClientException http = find(t, KubernetesClientException.class, true);
        if (http != null && http.getCode() == 401) {
            return new ClusterAccessException(Reason.UNAUTHORIZED, "The API server at " + server
                    + " refused the credentials for user " + context.userForSentence()
                    + " (401 Unauthorized); the token may have expired — log in again"
                    + " (e.g. re-run your cloud's login) and retry", t);
        }
        if (http != null && http.getCode() == 403) {
            return new ClusterAccessException(Reason.FORBIDDEN, forbidden(http, server, context), t);
        }
        Throwable tls = tlsCause(t);
        if (tls != null) {
            return new ClusterAccessException(Reason.TLS, tlsSentence(tls, server, context), t);
        }
        if (messageContains(t, "response code for CONNECT")) {
            return new ClusterAccessException(Reason.UNREACHABLE, "The proxy between Opsdeck and the API server at "
                    + server + " refused to open a tunnel to it; check proxy-url of the cluster in the kubeconfig"
                    + " (or HTTPS_PROXY / NO_PROXY) and whether the proxy allows that host", t);
        }
        if (find(t, UnknownHostException.class, false) != null) {
            return new ClusterAccessException(Reason.UNREACHABLE, "The API server host " + host(server)
                    + " of context '" + context.name() + "' cannot be found (unknown host); check the server"
                    + " address in the kubeconfig, your DNS, and that any VPN the cluster needs is connected", t);
        }
        if (find(t, ConnectException.class, false) != null) {
            boolean refused = messageContains(t, "refused");
            return new ClusterAccessException(Reason.UNREACHABLE, "The API server at " + server
                    + (refused ? " refused the connection" : " cannot be reached")
                    + "; check that the cluster is running, that the server address in the kubeconfig is right,"
                    + " and that any VPN, tunnel or proxy it needs is up", t);
        }
        if (find(t, NoRouteToHostException.class, false) != null) {
            return new ClusterAccessException(Reason.UNREACHABLE, "The API server at " + server
                    + " cannot be reached (no route to host); check your network and VPN", t);
        }
        if (find(t, SocketTimeoutException.class, false) != null
                || find(t, HttpConnectTimeoutException.class, false) != null
                || find(t, TimeoutException.class, false) != null
                || find(t, InterruptedIOException.class, false) != null && messageContains(t, "timeout")) {
            return new ClusterAccessException(Reason.TIMEOUT, "The API server at " + server
                    + " did not answer in time; check your network, VPN or proxy, and whether the"
                    + " cluster's control plane is overloaded, then retry", t);
        }
        if (http != null && http.getCode() > 0) {
            return new ClusterAccessException(http.getCode() >= 500 ? Reason.SERVER_ERROR : Reason.OTHER,
                    "The API server at " + server + " answered " + http.getCode() + statusDetail(http)
                            + (http.getCode() >= 500 ? "; the cluster may be degraded — retry in a moment" : ""), t);
        }
        Throwable root = rootCause(t);
        return new ClusterAccessException(Reason.OTHER, "Could not talk to the API server at " + server
                + " for context '" + context.name() + "' (" + root.getClass().getSimpleName()
                + detail(root.getMessage()) + ")", t);
    }

    private static String forbidden(KubernetesClientException e, String server, KubeContext context) {
        String message = e.getStatus() == null ? null : e.getStatus().getMessage();
        String who = context.userForSentence();
        if (message != null) {
            Matcher m = FORBIDDEN_RESOURCE.matcher(message);
            if (m.find()) {
                String group = m.group(4) == null || m.group(4).isEmpty() ? "" : " (API group " + m.group(4) + ")";
                String ns = m.group(5) == null ? " cluster-wide" : " in namespace " + m.group(5);
                return "The API server at " + server + " does not allow " + subject(m.group(1), who) + " to "
                        + m.group(2) + " " + m.group(3) + group + ns + " (403 Forbidden)" + forbiddenAdvice(m.group(1));
            }
            m = FORBIDDEN_PATH.matcher(message);
            if (m.find()) {
                return "The API server at " + server + " does not allow " + subject(m.group(1), who) + " to "
                        + m.group(2) + " " + m.group(3) + " (403 Forbidden)" + forbiddenAdvice(m.group(1));
            }
        }
        String resource = e.getResourcePlural() == null ? "" : " on " + e.getFullResourceName();
        return "The API server at " + server + " refused a request" + resource + " by user " + who
                + " (403 Forbidden" + detail(message) + "); ask a cluster admin for the RBAC permission, or use"
                + " a context with more rights";
    }

    private static String subject(String serverSideUser, String kubeconfigUser) {
        return serverSideUser == null || serverSideUser.isEmpty()
                ? "user " + kubeconfigUser
                : "'" + serverSideUser + "' (kubeconfig user " + kubeconfigUser + ")";
    }

    private static String forbiddenAdvice(String serverSideUser) {
        if ("system:anonymous".equals(serverSideUser)) {
            return "; the server did not accept any credentials from the kubeconfig and treated the request as"
                    + " anonymous — check the user's token, certificate or login plugin";
        }
        return "; ask a cluster admin for that RBAC permission, or use a context with more rights";
    }

    private static Throwable tlsCause(Throwable t) {
        SSLPeerUnverifiedException peer = find(t, SSLPeerUnverifiedException.class, false);
        if (peer != null) {
            return peer;
        }
        SSLHandshakeException handshake = find(t, SSLHandshakeException.class, false);
        if (handshake != null) {
            return handshake;
        }
        return find(t, SSLException.class, false);
    }

    private static String tlsSentence(Throwable tls, String server, KubeContext context) {
        String cluster = context.cluster() == null ? "the cluster" : "cluster '" + context.cluster() + "'";
        if (tls instanceof SSLPeerUnverifiedException || messageContains(tls, "No subject alternative")) {
            return "The certificate of the API server at " + server + " does not name the host " + host(server)
                    + " (TLS); check the server address of " + cluster + " in the kubeconfig";
        }
        boolean untrusted = find(tls, CertPathBuilderException.class, false) != null
                || find(tls, CertPathValidatorException.class, false) != null
                || find(tls, CertificateException.class, false) != null
                || messageContains(tls, "PKIX") || messageContains(tls, "certification path");
        if (untrusted) {
            return "The API server at " + server + " presented a certificate that is not trusted (TLS handshake"
                    + " failed); check certificate-authority or certificate-authority-data of " + cluster
                    + " in the kubeconfig, and whether a proxy on your network intercepts TLS";
        }
        return "The TLS handshake with the API server at " + server + " failed"
                + detail(rootCause(tls).getMessage()) + "; check the server address and the TLS settings of "
                + cluster + " in the kubeconfig";
    }

    private static String statusDetail(KubernetesClientException e) {
        Status s = e.getStatus();
        String text = s == null ? null : s.getMessage();
        if (text == null && s != null) {
            text = s.getReason();
        }
        return detail(text);
    }

    private static String detail(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        // belt and braces: no client library should quote a bearer token, but never pass one on
        String t = BEARER.matcher(text.replaceAll("\\s+", " ").strip()).replaceAll("Bearer <redacted>");
        return ": " + (t.length() > MAX_DETAIL ? t.substring(0, MAX_DETAIL) + "…" : t);
    }

    private static boolean messageContains(Throwable t, String word) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code type} in the cause chain; for fabric8 exceptions the one with a code, if any. */
    private static <T extends Throwable> T find(Throwable t, Class<T> type, boolean preferCoded) {
        T first = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                T hit = type.cast(c);
                if (!preferCoded || ((KubernetesClientException) c).getCode() > 0) {
                    return hit;
                }
                if (first == null) {
                    first = hit;
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return first;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** The URL without user-info ({@code https://user:password@host}), for sentences and logs. */
    public static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            int at = url.indexOf('@');
            int scheme = url.indexOf("://");
            return at > 0 && scheme > 0 && at > scheme ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
        }
    }
}
