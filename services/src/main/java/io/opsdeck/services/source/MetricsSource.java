package io.opsdeck.services.source;

import io.opsdeck.services.model.CacheStatsBook;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;

import java.util.List;

/** Where figures come from: Prometheus (or a compatible engine), direct cache stats, or the sandbox. */
public interface MetricsSource extends AutoCloseable {

    /** A URL or a name, for the status bar and the report. */
    String endpoint();

    /**
     * Reads all figures for the given cluster at once (one query per figure, not per pod).
     * Blocks; never call it on the FX thread.
     *
     * @throws MetricsUnavailableException with a sentence a person can act on
     */
    MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches) throws MetricsUnavailableException;

    /**
     * Caches outside the cluster (added by address in settings) that this source polls besides the
     * discovered ones; the overview lists them too.
     */
    default List<CacheNode> externalCaches() {
        return List.of();
    }

    /**
     * The cache view's extras (per node details, the last hour of hit ratio and ops/s) as of the
     * latest poll; {@link CacheStatsBook#EMPTY} when this source keeps none.
     */
    default CacheStatsBook cacheBook() {
        return CacheStatsBook.EMPTY;
    }

    /** The approvals this source's external caches wait for; {@link CacheApprovals#NONE} when none can. */
    default CacheApprovals cacheApprovals() {
        return CacheApprovals.NONE;
    }

    @Override
    default void close() {
    }
}
