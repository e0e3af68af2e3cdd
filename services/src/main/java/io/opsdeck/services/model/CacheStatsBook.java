package io.opsdeck.services.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cache view's extras for one poll, beside the {@link MetricsSnapshot} of the same
 * {@link #takenAt()}: per node details (expired/s, uptime, role, replication, source, state) and the
 * sparkline history as of {@link #takenAt()}. Immutable: the FX thread reads it without a lock.
 */
public final class CacheStatsBook {
    public static final CacheStatsBook EMPTY = new CacheStatsBook(Instant.EPOCH, Map.of(), "",
            CacheHistorySnapshot.EMPTY);

    private final Instant takenAt;
    private final Map<PodKey, CacheNodeDetails> details;
    private final String prometheusProblem;
    private final CacheHistorySnapshot history;

    public CacheStatsBook(Instant takenAt, Map<PodKey, CacheNodeDetails> details, String prometheusProblem,
                          CacheHistorySnapshot history) {
        this.takenAt = takenAt;
        this.details = Map.copyOf(details);
        this.prometheusProblem = prometheusProblem == null ? "" : prometheusProblem;
        this.history = history == null ? CacheHistorySnapshot.EMPTY : history;
    }

    /** The poll this book belongs to: the same instant as its MetricsSnapshot's {@code takenAt}. */
    public Instant takenAt() {
        return takenAt;
    }

    public Optional<CacheNodeDetails> details(PodKey pod) {
        return Optional.ofNullable(details.get(pod));
    }

    public Map<PodKey, CacheNodeDetails> allDetails() {
        return details;
    }

    /**
     * Why cache figures were read directly rather than from Prometheus (Prometheus down or not found),
     * or empty; for a line above the cache table.
     */
    public String prometheusProblem() {
        return prometheusProblem;
    }

    /** The node's hit ratio and ops/s over the last hour, oldest first. */
    public List<CacheSample> history(PodKey pod) {
        return history.node(pod);
    }

    /** A cache cluster's hit ratio (weighted by traffic) and ops/s over the last hour, oldest first. */
    public List<CacheSample> clusterHistory(String namespace, String cluster) {
        return history.cluster(namespace, cluster);
    }
}
