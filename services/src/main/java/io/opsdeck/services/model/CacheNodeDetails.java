package io.opsdeck.services.model;


import java.time.Duration;
import java.time.Instant;

/**
 * What the cache view shows about a node beyond {@link io.opsdeck.services.model.CacheStats}: kept
 * beside it (in a {@link CacheStatsBook}) so that CacheStats and its many callers stay as they are.
 * Unknown numbers are {@code NaN} (rates) or {@code -1}.
 *
 * @param source        where these figures came from: {@code prometheus} or {@code direct}
 * @param state         how to read the node's figures (no traffic, collecting, unavailable)
 * @param role          {@code primary}/{@code replica} as the server says, else as its labels say, else empty
 * @param replication   null when not known (Memcached; Prometheus without replication series)
 * @param window        the span the rates cover: up to the configured window, shorter while a direct
 *                      reader is still filling it; {@code Duration.ZERO} when there are no rates
 * @param transport     how Opsdeck's own connection to the node is protected (TLS, a port-forward, …)
 */
public record CacheNodeDetails(
        PodKey pod,
        String source,
        CacheNodeState state,
        String role,
        double expiredPerSec,
        long uptimeSeconds,
        ReplicationState replication,
        Duration window,
        Instant sampledAt,
        CacheTransport transport) {

    public CacheNodeDetails {
        role = role == null ? "" : role;
        window = window == null ? Duration.ZERO : window;
        transport = transport == null ? CacheTransport.UNKNOWN : transport;
    }

    public CacheNodeDetails(PodKey pod, String source, CacheNodeState state, String role, double expiredPerSec,
                            long uptimeSeconds, ReplicationState replication, Duration window, Instant sampledAt) {
        this(pod, source, state, role, expiredPerSec, uptimeSeconds, replication, window, sampledAt,
                CacheTransport.UNKNOWN);
    }

    public static CacheNodeDetails unknown(PodKey pod, String source, CacheNodeState state, String role,
                                           Instant at) {
        return new CacheNodeDetails(pod, source, state, role, Double.NaN, -1, null, Duration.ZERO, at);
    }

    public CacheNodeDetails withState(CacheNodeState value) {
        return new CacheNodeDetails(pod, source, value, role, expiredPerSec, uptimeSeconds, replication, window, sampledAt, transport);
    }

    public CacheNodeDetails withReplication(ReplicationState value) {
        return new CacheNodeDetails(pod, source, state, role, expiredPerSec, uptimeSeconds, value, window, sampledAt, transport);
    }

    public CacheNodeDetails withTransport(CacheTransport value) {
        return new CacheNodeDetails(pod, source, state, role, expiredPerSec, uptimeSeconds, replication, window, sampledAt,
                value);
    }
}
