package io.opsdeck.services.cache;

import io.opsdeck.services.model.PodKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cache view's extras for one poll, beside the {@link io.opsdeck.services.model.MetricsSnapshot}
 * of the same {@link #takenAt()}: per node details (expired/s, uptime, role, replication, source,
 * state) and the sparkline history. Immutable but for the history, which is read as of
 * {@link #takenAt()}.
 */
public final class CacheStatsBook {
    public static final CacheStatsBook EMPTY = new CacheStatsBook(Instant.EPOCH, Map.of(), "", new CacheHistory());

    private final Instant takenAt;
    private final Map<PodKey, CacheNodeDetails> details;
    private final String prometheusProblem;
    private final CacheHistory history;

    public CacheStatsBook(Instant takenAt, Map<PodKey, CacheNodeDetails> details, String prometheusProblem,
                          CacheHistory history) {
        this.takenAt = takenAt;
        this.details = Map.copyOf(details);
        this.prometheusProblem = prometheusProblem == null ? "" : prometheusProblem;
        this.history = history;
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
        return history.node(pod, takenAt);
    }

    /** A cache cluster's hit ratio (weighted by traffic) and ops/s over the last hour, oldest first. */
    public List<CacheSample> clusterHistory(String namespace, String cluster) {
        return history.cluster(namespace, cluster, takenAt);
    }
}
