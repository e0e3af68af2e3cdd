package io.opsdeck.services.source;

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

    @Override
    default void close() {
    }
}
