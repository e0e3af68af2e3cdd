package io.opsdeck.services.k8s;

import com.fasterxml.jackson.core.JacksonException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.opsdeck.services.k8s.config.ReadLimitException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Turns fabric8 and HTTP failures into an HTTP code, a verdict (retry or not) and a sentence a person can act on. */
final class KubeProblems {
    private KubeProblems() {
    }

    /** The HTTP status behind a failure, looking through wrappers; 0 when there was no HTTP answer. */
    static int httpCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return 0;
    }

    /**
     * Whether retrying cannot help: forbidden (403), not served (404, 405), an answer that does not
     * decode, or one over a size cap ({@link ReadLimitException}: the same would come again). Everything
     * else (no connection, 401, 429, 5xx) is retried with fabric8's back-off.
     */
    static boolean permanent(Throwable t) {
        int code = httpCode(t);
        return code == 403 || code == 404 || code == 405 || ExceptionHandler.isDeserializationException(t)
                || ReadLimitException.in(t) != null;
    }

    static boolean forbidden(Throwable t) {
        return httpCode(t) == 403;
    }

    /** The API server's own message (a {@code Status}), e.g. {@code pods is forbidden: User "x" cannot list …}. */
    static String statusMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k) {
                Status s = k.getStatus();
                if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
                    return s.getMessage();
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return "";
    }

    /**
     * Why {@code resource} may not be listed: the API server's RBAC message without its "X is
     * forbidden:" prefix, e.g. {@code User "jane" cannot list resource "pods" in API group "" at the
     * cluster scope}.
     */
    static String forbiddenReason(Throwable t, String resource, String namespace) {
        String msg = statusMessage(t);
        int i = msg.indexOf("forbidden:");
        if (i >= 0) {
            return msg.substring(i + "forbidden:".length()).trim();
        }
        if (!msg.isEmpty()) {
            return msg;
        }
        return "the user of this context may not list " + resource
                + (namespace == null ? " at the cluster scope" : " in namespace \"" + namespace + "\"");
    }

    /** A sentence for a failed request to {@code server}, without a trailing period. */
    static String describe(Throwable t, String server) {
        int code = httpCode(t);
        if (code == 401) {
            return "the API server at " + server + " rejected the credentials (401 Unauthorized); "
                    + "log in again or refresh the kubeconfig";
        }
        if (code == 403) {
            String msg = statusMessage(t);
            return "forbidden" + (msg.isEmpty() ? "" : ": " + msg);
        }
        if (code > 0) {
            String msg = statusMessage(t);
            return "the API server at " + server + " answered " + code + reasonPhrase(code)
                    + (msg.isEmpty() ? "" : ": " + msg);
        }
        ReadLimitException limit = ReadLimitException.in(t);
        if (limit != null) {
            return limit.getMessage();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return "cannot reach the API server at " + server + ": " + lowerFirst(message(c, "connection refused"));
            }
            if (c instanceof UnknownHostException) {
                return "cannot resolve the host name of the API server at " + server;
            }
            if (c instanceof InterruptedIOException || c instanceof TimeoutException) {
                return "the API server at " + server + " did not answer in time";
            }
            if (c instanceof SSLException) {
                return "the TLS handshake with the API server at " + server + " failed: " + message(c, "");
            }
            if (c instanceof JacksonException) {
                return "the API server at " + server + " sent an answer that cannot be decoded: " + message(c, "");
            }
            if (c instanceof IOException) {
                return "lost the connection to the API server at " + server + ": " + message(c, c.getClass().getSimpleName());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t.getClass().getSimpleName() + ": " + message(t, "no message");
    }

    private static String reasonPhrase(int code) {
        return switch (code) {
            case 400 -> " (Bad Request)";
            case 404 -> " (Not Found)";
            case 405 -> " (Method Not Allowed)";
            case 429 -> " (Too Many Requests)";
            case 500 -> " (Internal Server Error)";
            case 502 -> " (Bad Gateway)";
            case 503 -> " (Service Unavailable)";
            case 504 -> " (Gateway Timeout)";
            default -> "";
        };
    }

    private static String message(Throwable t, String fallback) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? fallback : m;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
