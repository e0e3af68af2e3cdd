package io.opsdeck.services.prom;

/**
 * Prometheus could not answer a request. The message is a sentence a person can act on; it names
 * the endpoint and never contains a credential.
 */
public class PrometheusException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely: enough to decide whether the other queries are worth sending. */
    public enum Kind {
        /** Connection refused, host unknown, network unreachable. */
        UNREACHABLE,
        /** No answer within the configured timeout. */
        TIMEOUT,
        /** The server's certificate could not be verified. */
        TLS,
        /** 401 or 403. */
        UNAUTHORIZED,
        /** The endpoint does not exist here (404): a wrong path prefix, or an engine without it. */
        NOT_FOUND,
        /** The server answered, but not in the Prometheus API's format (a login page, say). */
        BAD_RESPONSE,
        /** A 5xx or 429 that is not a Prometheus query error: the server or a proxy in front of it. */
        SERVER_ERROR,
        /** Prometheus rejected the query itself ({@code bad_data}). */
        BAD_QUERY,
        /** Prometheus accepted the query but could not evaluate it ({@code execution}, {@code timeout}, …). */
        QUERY_FAILED,
        /** The request was cancelled, e.g. the thread was interrupted. */
        CANCELLED,
        /** The configuration cannot work, e.g. an unreadable CA certificate file. */
        CONFIG,
        /** The answer was larger than Opsdeck reads ({@link BodyLimit}): not a Prometheus, or a query too wide. */
        TOO_LARGE
    }

    private final Kind kind;
    private final String endpoint;
    private final int httpStatus;
    private final String errorType;

    public PrometheusException(Kind kind, String endpoint, int httpStatus, String errorType, String message,
                               Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.endpoint = endpoint;
        this.httpStatus = httpStatus;
        this.errorType = errorType == null ? "" : errorType;
    }

    public PrometheusException(Kind kind, String endpoint, String message, Throwable cause) {
        this(kind, endpoint, 0, "", message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The base URL of the Prometheus that failed, without credentials. */
    public String endpoint() {
        return endpoint;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Prometheus' {@code errorType} ({@code bad_data}, {@code execution}, …), or empty. */
    public String errorType() {
        return errorType;
    }

    /**
     * True when only this query failed and other queries to the same server may still succeed; false
     * when the server as a whole cannot be used (unreachable, refused credentials, not Prometheus).
     */
    public boolean queryOnly() {
        return kind == Kind.BAD_QUERY || kind == Kind.QUERY_FAILED;
    }
}
