package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheKind;

/**
 * Reads a cache server's own statistics over its protocol, for nodes no exporter covers. One call,
 * one short-lived connection, short timeouts; blocking, so call it off the FX thread.
 */
public interface DirectCacheStatsReader {

    CacheKind kind();

    /**
     * @throws CacheReadException with a sentence naming {@code target}'s host:port and what to do
     */
    CacheCounters read(CacheTarget target) throws CacheReadException;
}
