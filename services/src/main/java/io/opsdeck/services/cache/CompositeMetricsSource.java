package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheStatsBook;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceKey;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.source.MetricsNotConfiguredException;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.MetricsUnavailableException;
import io.opsdeck.services.source.PartialMetricsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cache figures from Prometheus where an exporter provides them, and from the caches' own statistics
 * (Redis INFO, Memcached stats) for the nodes it does not cover: no exporter series, a stale or
 * failing exporter, or no Prometheus at all. Alerts and service metrics come from Prometheus when
 * there is one. External caches from settings are polled like pods of namespace
 * {@value CacheAddress#NAMESPACE}. Each node's {@code source} says where its figures came from;
 * {@link #book()} holds the details and sparklines the cache view shows beside them.
 *
 * <p>When Prometheus is down or not found, {@link #poll} still reads every cache directly but ends in
 * a {@link PartialMetricsException} carrying those figures, so that the metrics connection is shown
 * as it is (down, or not configured) while the cache figures stay fresh.
 */
public final class CompositeMetricsSource implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeMetricsSource.class);

    /** Resolution of the hour read from Prometheus for the sparklines: 240 points. */
    static final Duration BACKFILL_STEP = Duration.ofSeconds(15);

    private final MetricsSource prometheus;
    private final PrometheusCacheDetails prometheusDetails;
    private final DirectCachePoller direct;
    private final CacheHistory history;
    private final Clock clock;
    private volatile CacheStatsBook book = CacheStatsBook.EMPTY;
    /** Nodes whose hour before Opsdeck started was asked of Prometheus (once each, failed or not). */
    private final Set<PodKey> backfilled = new HashSet<>();
    private String reportedPrometheus = "";
    private String reportedDetails = "";

    /**
     * @param prometheus        the Prometheus source (given, or discovering), or null when there is none
     * @param prometheusDetails extra figures from the same Prometheus, or null (a discovering source
     *                          hides its client; those nodes then show no expired/s, uptime or role)
     */
    public CompositeMetricsSource(MetricsSource prometheus, PrometheusCacheDetails prometheusDetails,
                                  DirectCachePoller direct, CacheHistory history, Clock clock) {
        this.prometheus = prometheus;
        this.prometheusDetails = prometheusDetails;
        this.direct = direct;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public String endpoint() {
        return prometheus == null ? "cache statistics read directly" : prometheus.endpoint();
    }

    /** The details of the latest poll; {@link CacheStatsBook#EMPTY} before the first. */
    public CacheStatsBook book() {
        return book;
    }

    /** The external caches from settings, to add to the discovered ones (see {@link CacheDiscovery}). */
    public List<CacheNode> externalNodes() {
        return direct.endpoints().externalNodes();
    }

    @Override
    public List<CacheNode> externalCaches() {
        return externalNodes();
    }

    @Override
    public io.opsdeck.services.source.CacheApprovals cacheApprovals() {
        return direct.endpoints().approvals();
    }

    @Override
    public CacheStatsBook cacheBook() {
        return book;
    }

    @Override
    public synchronized MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> discovered)
            throws MetricsUnavailableException {
        List<CacheNode> nodes = CacheDiscovery.withExternal(discovered, externalNodes());
        MetricsSnapshot fromPrometheus = null;
        String prometheusProblem = "";
        boolean notConfigured = prometheus == null;
        if (prometheus != null) {
            try {
                fromPrometheus = prometheus.poll(cluster, nodes);
            } catch (MetricsUnavailableException e) {
                // not configured, not found, or down: the caches are read directly meanwhile
                prometheusProblem = e.getMessage();
                notConfigured = e instanceof MetricsNotConfiguredException;
            }
            reportPrometheus(prometheusProblem);
        }
        Instant now = fromPrometheus != null ? fromPrometheus.takenAt() : clock.instant();
        Map<PodKey, CacheStats> stats = new LinkedHashMap<>();
        Map<PodKey, String> whyNotPrometheus = new HashMap<>();
        List<CacheNode> fromExporter = new ArrayList<>();
        List<CacheNode> toRead = new ArrayList<>();
        for (CacheNode n : nodes) {
            CacheStats s = fromPrometheus == null ? null : fromPrometheus.caches().get(n.pod());
            if (s != null && CacheNodeState.of(s) != CacheNodeState.UNAVAILABLE) {
                stats.put(n.pod(), s);
                fromExporter.add(n);
            } else {
                toRead.add(n);
                if (s != null) {
                    whyNotPrometheus.put(n.pod(), s.error());
                }
            }
        }
        Map<PodKey, CacheNodeDetails> details = new HashMap<>(prometheusDetails(fromExporter, now));
        Map<PodKey, DirectReading> readings = direct.read(toRead);
        for (CacheNode n : toRead) {
            DirectReading r = readings.get(n.pod());
            CacheStats s = r.stats();
            String prom = whyNotPrometheus.get(n.pod());
            if (CacheNodeState.of(s) == CacheNodeState.UNAVAILABLE && prom != null && !prom.isEmpty()) {
                s = CacheStats.unavailable(s.source(), s.error() + " (Prometheus: " + prom + ")");
            }
            stats.put(n.pod(), s);
            details.put(n.pod(), r.details());
        }
        for (CacheNode n : fromExporter) {
            CacheStats s = stats.get(n.pod());
            CacheNodeDetails d = details.get(n.pod());
            details.put(n.pod(), d == null ? CacheNodeDetails.unknown(n.pod(), s.source(), CacheNodeState.of(s),
                    n.role(), now) : d.withState(CacheNodeState.of(s)));
        }
        for (CacheNode n : nodes) {
            // how Opsdeck's own connection is protected, whichever source the figures came from
            details.computeIfPresent(n.pod(), (k, d) -> d.withTransport(direct.endpoints().transport(n)));
        }
        joinReplication(cluster, details);
        backfill(fromExporter, now);
        record(nodes, stats, now);
        book = new CacheStatsBook(now, details, prometheusProblem, history.snapshot(now));
        Map<ServiceKey, ServiceMetrics> services = fromPrometheus == null ? Map.of() : fromPrometheus.services();
        List<Alert> alerts = fromPrometheus == null ? List.of() : fromPrometheus.alerts();
        MetricsSnapshot snapshot = new MetricsSnapshot(now, stats, services, alerts);
        if (fromPrometheus == null) {
            String what = prometheus == null ? "No Prometheus is configured" : prometheusProblem;
            throw new PartialMetricsException(what + (nodes.isEmpty() ? ""
                    : "; cache figures are read directly from the caches"), snapshot, notConfigured);
        }
        return snapshot;
    }

    /**
     * The first time nodes come from an exporter, their last hour (and their clusters') is read with
     * range queries, so that sparklines do not start empty when Prometheus has the history.
     */
    private void backfill(List<CacheNode> fromExporter, Instant now) {
        if (prometheusDetails == null) {
            return;
        }
        List<CacheNode> fresh = fromExporter.stream().filter(n -> !backfilled.contains(n.pod())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        fresh.forEach(n -> backfilled.add(n.pod()));
        Map<PodKey, PrometheusCacheDetails.NodeSeries> rates;
        try {
            rates = prometheusDetails.rates(fresh, now.minus(CacheHistory.DEFAULT_SPAN), now, BACKFILL_STEP);
        } catch (PrometheusException e) {
            LOG.info("No hit ratio history from Prometheus for the sparklines ({}); they fill as Opsdeck polls",
                    e.getMessage());
            return;
        }
        Map<String, TreeMap<Long, double[]>> clusters = new HashMap<>();
        for (CacheNode n : fresh) {
            PrometheusCacheDetails.NodeSeries s = rates.get(n.pod());
            if (s == null) {
                continue;
            }
            history.backfill(n.pod(), s.samples());
            TreeMap<Long, double[]> sum = clusters.computeIfAbsent(n.pod().namespace() + "/" + n.cluster(),
                    k -> new TreeMap<>());
            s.points().forEach((t, v) -> {
                double[] acc = sum.computeIfAbsent(t, x -> new double[3]);
                for (int i = 0; i < 3; i++) {
                    acc[i] += Double.isNaN(v[i]) ? 0 : v[i];
                }
            });
        }
        clusters.forEach((key, points) -> {
            int slash = key.indexOf('/');
            history.backfillCluster(key.substring(0, slash), key.substring(slash + 1),
                    new PrometheusCacheDetails.NodeSeries(points).samples());
        });
    }

    private Map<PodKey, CacheNodeDetails> prometheusDetails(List<CacheNode> nodes, Instant now) {
        if (prometheusDetails == null || nodes.isEmpty()) {
            return Map.of();
        }
        try {
            Map<PodKey, CacheNodeDetails> d = prometheusDetails.read(nodes, now);
            reportDetails("");
            return d;
        } catch (PrometheusException e) {
            reportDetails(e.getMessage());
            return Map.of();
        }
    }

    /**
     * A primary lists its replicas by IP with their offsets and lag: give each replica read in the
     * same poll its lag in bytes and seconds.
     */
    private static void joinReplication(ClusterSnapshot cluster, Map<PodKey, CacheNodeDetails> details) {
        Map<String, PodKey> byIp = new HashMap<>();
        for (PodInfo p : cluster.pods()) {
            if (p.podIp() != null && !p.podIp().isEmpty() && details.containsKey(p.key())) {
                byIp.put(p.podIp(), p.key());
            }
        }
        for (CacheNodeDetails primary : List.copyOf(details.values())) {
            ReplicationState r = primary.replication();
            if (r == null || r.replicas().isEmpty() || r.offset() < 0) {
                continue;
            }
            for (ReplicationState.ReplicaLink link : r.replicas()) {
                PodKey replica = byIp.get(link.ip());
                CacheNodeDetails d = replica == null ? null : details.get(replica);
                if (d != null && d.replication() != null) {
                    long bytes = link.offset() < 0 ? -1 : Math.max(0, r.offset() - link.offset());
                    details.put(replica, d.withReplication(d.replication().withLag(bytes, link.lagSeconds())));
                }
            }
        }
    }

    private void record(List<CacheNode> nodes, Map<PodKey, CacheStats> stats, Instant now) {
        List<CacheNodeStatus> statuses = new ArrayList<>(nodes.size());
        for (CacheNode n : nodes) {
            CacheStats s = stats.get(n.pod());
            statuses.add(new CacheNodeStatus(n, s));
            if (CacheNodeState.of(s) != CacheNodeState.UNAVAILABLE) {
                history.record(n.pod(), now, s);
            }
        }
        for (CacheClusterSummary c : CacheRollup.clusters(statuses)) {
            history.record(c, now);
        }
        history.prune(now);
    }

    private void reportPrometheus(String problem) {
        if (!problem.equals(reportedPrometheus)) {
            if (problem.isEmpty()) {
                LOG.info("Cache figures come from Prometheus again where exporters provide them");
            } else {
                LOG.warn("Cache figures are read directly from the caches: {}", problem);
            }
            reportedPrometheus = problem;
        }
    }

    private void reportDetails(String problem) {
        if (!problem.equals(reportedDetails)) {
            if (!problem.isEmpty()) {
                LOG.warn("Cache details (expired keys, uptime, role) from Prometheus: {}", problem);
            }
            reportedDetails = problem;
        }
    }

    @Override
    public void close() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            direct.close();
        }
    }
}
