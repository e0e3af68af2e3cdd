package io.opsdeck.services.prom;

import java.util.Locale;

/**
 * Carries requests to one Prometheus HTTP API and brings back whatever it answered. Directly over
 * OkHttp ({@link OkHttpPrometheusTransport}) or, later, through the Kubernetes API server's service
 * proxy. A transport only moves bytes: any HTTP status is a {@link Response}; it throws only when no
 * response arrived, with a sentence naming the endpoint.
 */
public interface PrometheusTransport {

    /** Where requests go, for messages: a URL without credentials. */
    String endpoint();

    /**
     * @param pathAndQuery path below the endpoint, starting with {@code /}, with an already
     *                     URL-encoded query, e.g. {@code /api/v1/query?query=up}
     */
    Response get(String pathAndQuery) throws PrometheusException;

    /**
     * @param path           path below the endpoint, starting with {@code /}
     * @param urlEncodedForm body sent as {@code application/x-www-form-urlencoded}
     */
    Response postForm(String path, String urlEncodedForm) throws PrometheusException;

    /** What came back: status, the body as text, and its content type (empty when not given). */
    record Response(int status, String body, String contentType) {
        public Response {
            body = body == null ? "" : body;
            contentType = contentType == null ? "" : contentType;
        }

        public boolean successful() {
            return status >= 200 && status < 300;
        }

        public boolean looksLikeJson() {
            return contentType.toLowerCase(Locale.ROOT).contains("json") || body.stripLeading().startsWith("{");
        }
    }
}
