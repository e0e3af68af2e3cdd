package io.opsdeck.services.model;

import java.time.Instant;

/**
 * State of one connection, with when it entered that state, the last error as a sentence a
 * person can act on (empty when none) and when the last good data arrived ({@code null} if never).
 */
public record ConnectionStatus(
        ConnectionState state,
        Instant since,
        String lastError,
        Instant lastData,
        String endpoint) {

    public ConnectionStatus {
        lastError = lastError == null ? "" : lastError;
        endpoint = endpoint == null ? "" : endpoint;
    }

    public static ConnectionStatus connecting(String endpoint, Instant now) {
        return new ConnectionStatus(ConnectionState.CONNECTING, now, "", null, endpoint);
    }

    /** Moves to {@code next}, keeping {@code since} when the state does not change. */
    public ConnectionStatus to(ConnectionState next, Instant now, String error, Instant dataAt) {
        Instant newSince = next == state ? since : now;
        return new ConnectionStatus(next, newSince, error, dataAt != null ? dataAt : lastData, endpoint);
    }

    public ConnectionStatus withEndpoint(String newEndpoint) {
        return new ConnectionStatus(state, since, lastError, lastData, newEndpoint);
    }

    public boolean usable() {
        return state == ConnectionState.CONNECTED || state == ConnectionState.DEGRADED;
    }
}
