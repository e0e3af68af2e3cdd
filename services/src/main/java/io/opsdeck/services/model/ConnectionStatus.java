package io.opsdeck.services.model;

import java.time.Instant;

/**
 * State of one connection, with when it entered that state, the last error as a sentence a
 * person can act on (empty when none) and when the last good data arrived ({@code null} if never).
 *
 * @param tlsVerify whether the server's TLS certificate is verified: {@code false} when the
 *                  configuration turned verification off (a kubeconfig's {@code insecure-skip-tls-verify}),
 *                  {@code null} when unknown or not applicable (the sandbox, a context that did not open)
 */
public record ConnectionStatus(
        ConnectionState state,
        Instant since,
        String lastError,
        Instant lastData,
        String endpoint,
        Boolean tlsVerify) {

    public ConnectionStatus {
        lastError = lastError == null ? "" : lastError;
        endpoint = endpoint == null ? "" : endpoint;
    }

    /** A status whose TLS verification is unknown or does not apply. */
    public ConnectionStatus(ConnectionState state, Instant since, String lastError, Instant lastData, String endpoint) {
        this(state, since, lastError, lastData, endpoint, null);
    }

    public static ConnectionStatus connecting(String endpoint, Instant now) {
        return new ConnectionStatus(ConnectionState.CONNECTING, now, "", null, endpoint);
    }

    /** Moves to {@code next}, keeping {@code since} when the state does not change. */
    public ConnectionStatus to(ConnectionState next, Instant now, String error, Instant dataAt) {
        Instant newSince = next == state ? since : now;
        return new ConnectionStatus(next, newSince, error, dataAt != null ? dataAt : lastData, endpoint, tlsVerify);
    }

    public ConnectionStatus withEndpoint(String newEndpoint) {
        return new ConnectionStatus(state, since, lastError, lastData, newEndpoint, tlsVerify);
    }

    public ConnectionStatus withTlsVerify(Boolean verified) {
        return new ConnectionStatus(state, since, lastError, lastData, endpoint, verified);
    }

    /** True only when TLS verification is known to be off: worth showing wherever the connection is. */
    public boolean tlsVerificationOff() {
        return Boolean.FALSE.equals(tlsVerify);
    }

    public boolean usable() {
        return state == ConnectionState.CONNECTED || state == ConnectionState.DEGRADED;
    }
}
