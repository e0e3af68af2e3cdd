package io.opsdeck.services.cache;

import io.opsdeck.services.model.ReplicationState;
import java.time.Instant;

/**
 * What one read of a cache server's own statistics (Redis {@code INFO}, Memcached {@code stats})
 * returned: lifetime counters and gauges. Never shown as they are: {@link CacheRateTracker} turns
 * successive reads into rates. Unknown values are {@code -1}.
 *
 * @param instance     identifies the server process (Redis run_id, Memcached pid): when it changes the
 *                     counters started again
 * @param commands     commands processed, minus {@code ownCommands} per read is traffic
 * @param ownCommands  how many commands each read itself adds to {@code commands} (INFO, AUTH)
 * @param role         {@code primary}, {@code replica}, or empty when the server does not say
 * @param replication  null when the server has no replication (Memcached)
 */
public record CacheCounters(
        Instant at,
        String instance,
        long uptimeSeconds,
        long hits,
        long misses,
        long commands,
        int ownCommands,
        long evictions,
        long expired,
        long memoryUsedBytes,
        long memoryMaxBytes,
        long connectedClients,
        long keys,
        String role,
        ReplicationState replication) {

    public CacheCounters {
        instance = instance == null ? "" : instance;
        role = role == null ? "" : role;
    }
}
