package io.opsdeck.services.prom;

import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceKey;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.prom.CacheQueries.Figure;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.MetricsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Cache figures, alerts and (when configured) service golden signals from Prometheus. Each poll
 * sends one query per figure for all cache nodes at once and joins the vectors to pods by the
 * configured namespace and pod labels. A query that fails on its own (bad PromQL, say) leaves its
 * figure unknown and its error on the nodes; a server that cannot be used at all fails the poll.
 */
public final class PrometheusMetricsSource implements MetricsSource {
    public static final String SOURCE = "prometheus";
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetricsSource.class);

    private final PrometheusClient client;
    private final PrometheusConfig config;
    private final ServiceQueries serviceQueries;
    private final CacheQueries cacheQueries;
    private final Clock clock;
    /** What was last logged per query, so a problem that lasts is logged once, not on every poll. */
    private final Map<String, String> reported = new HashMap<>();

    public PrometheusMetricsSource(PrometheusClient client, PrometheusConfig config, ServiceQueries serviceQueries,
                                   Clock clock) {
        this.client = client;
        this.config = config;
        this.serviceQueries = serviceQueries;
        this.clock = clock;
        this.cacheQueries = new CacheQueries(config.namespaceLabel(), config.podLabel(), config.window());
    }

    public PrometheusMetricsSource(PrometheusClient client, PrometheusConfig config) {
        this(client, config, ServiceQueries.NONE, Clock.systemUTC());
    }

    @Override
    public String endpoint() {
        return client.endpoint();
    }

    @Override
    public synchronized MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches)
            throws MetricsUnavailableException {
        Instant now = clock.instant();
        try {
            Map<PodKey, CacheStats> stats = caches.isEmpty() ? Map.of() : cacheStats(caches);
            List<Alert> alerts = alerts(now);
            Map<ServiceKey, ServiceMetrics> services = serviceMetrics(cluster);
            return new MetricsSnapshot(now, stats, services, alerts);
        } catch (PrometheusException e) {
            // logged by whoever polls, with its retry; see Monitor
            throw new MetricsUnavailableException(e.getMessage(), e);
        }
    }

    private Map<PodKey, CacheStats> cacheStats(List<CacheNode> caches) throws PrometheusException {
        Set<CacheKind> kinds = EnumSet.noneOf(CacheKind.class);
        Set<String> namespaces = new TreeSet<>();
        for (CacheNode c : caches) {
            kinds.add(c.kind());
            namespaces.add(c.pod().namespace());
        }
        Map<Figure, Map<PodKey, Double>> values = new EnumMap<>(Figure.class);
        Map<Figure, String> failed = new EnumMap<>(Figure.class);
        for (Figure f : Figure.values()) {
            String promql = cacheQueries.promql(f, kinds, namespaces);
            try {
                values.put(f, byKey(vector("cache " + f.label(), promql),
                        s -> podKey(s, config.namespaceLabel(), config.podLabel())));
            } catch (PrometheusException e) {
                if (!e.queryOnly()) {
                    throw e;
                }
                failed.put(f, e.getMessage());
                report("cache " + f.label(), e.getMessage() + " — query: " + promql);
            }
        }
        String failures = describe(failed);
        Map<PodKey, CacheStats> out = new HashMap<>();
        for (CacheNode c : caches) {
            out.put(c.pod(), stats(c, values, failed, failures));
        }
        return out;
    }

    private CacheStats stats(CacheNode node, Map<Figure, Map<PodKey, Double>> values, Map<Figure, String> failed,
                             String failures) {
        PodKey k = node.pod();
        String exporter = CacheQueries.exporter(node.kind());
        boolean present = values.values().stream().anyMatch(m -> m.containsKey(k));
        if (!present) {
            return CacheStats.unavailable(SOURCE, "no " + exporter + " series for " + k + " in Prometheus; is the"
                    + " exporter scraped with " + config.namespaceLabel() + "/" + config.podLabel() + " labels?"
                    + (failures.isEmpty() ? "" : " (" + failures + ")"));
        }
        if (!failed.containsKey(Figure.EXPORTER_UP)) {
            Double up = values.get(Figure.EXPORTER_UP).get(k);
            if (up == null) {
                // Rates outlive a dead exporter by up to one window; its gauges go stale at once.
                return CacheStats.unavailable(SOURCE, "the " + exporter + " for " + k + " is no longer scraped"
                        + " (its series went stale in Prometheus); check the exporter and its scrape target");
            }
            if (!(up >= 1)) {
                return CacheStats.unavailable(SOURCE, "the " + exporter + " for " + k + " cannot reach "
                        + (node.kind() == CacheKind.REDIS ? "Redis" : "Memcached") + " ("
                        + CacheQueries.upMetric(node.kind()) + " is 0); check the cache and the exporter's"
                        + " address and password");
            }
        }
        long memoryMax = count(values, Figure.MEMORY_MAX, k);
        return new CacheStats(
                rate(values, Figure.HITS, k),
                rate(values, Figure.MISSES, k),
                rate(values, Figure.OPS, k),
                count(values, Figure.MEMORY_USED, k),
                memoryMax > 0 ? memoryMax : -1, // Redis says 0 for "no maxmemory": unlimited is not a size
                rate(values, Figure.EVICTIONS, k),
                count(values, Figure.CLIENTS, k),
                count(values, Figure.KEYS, k),
                SOURCE,
                failures);
    }

    private List<Alert> alerts(Instant now) throws PrometheusException {
        List<PrometheusAlert> raw;
        try {
            raw = client.alerts();
            report("alerts", null);
        } catch (PrometheusException e) {
            if (!e.queryOnly()) {
                throw e;
            }
            // MetricsSnapshot has no place for this; the log keeps it, once.
            report("alerts", e.getMessage());
            return List.of();
        }
        List<Alert> out = new ArrayList<>(raw.size());
        for (PrometheusAlert a : raw) {
            String summary = a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description", ""));
            out.add(new Alert(a.name(), a.labels().getOrDefault("severity", ""), a.state(), summary,
                    a.activeAt() == null ? now : a.activeAt(), a.labels()));
        }
        return out;
    }

    private Map<ServiceKey, ServiceMetrics> serviceMetrics(ClusterSnapshot cluster) throws PrometheusException {
        if (serviceQueries.isEmpty() || cluster.services().isEmpty()) {
            return Map.of(); // readers default to ServiceMetrics.UNKNOWN
        }
        Map<ServiceKey, Double> rps = serviceFigure("requests per second", serviceQueries.requestsPerSec());
        Map<ServiceKey, Double> errors = serviceFigure("error ratio", serviceQueries.errorRatio());
        Map<ServiceKey, Double> p99 = serviceFigure("p99 latency", serviceQueries.latencyP99Seconds());
        Map<ServiceKey, ServiceMetrics> out = new HashMap<>();
        for (ServiceInfo svc : cluster.services()) {
            ServiceKey k = svc.key();
            if (rps.containsKey(k) || errors.containsKey(k) || p99.containsKey(k)) {
                out.put(k, new ServiceMetrics(rps.getOrDefault(k, Double.NaN), errors.getOrDefault(k, Double.NaN),
                        p99.getOrDefault(k, Double.NaN) * 1000));
            }
        }
        return out;
    }

    private Map<ServiceKey, Double> serviceFigure(String what, String template) throws PrometheusException {
        if (template == null) {
            return Map.of();
        }
        try {
            return byKey(vector("service " + what, ServiceQueries.render(template, config.window())),
                    s -> serviceKey(s, serviceQueries.namespaceLabel(), serviceQueries.serviceLabel()));
        } catch (PrometheusException e) {
            if (!e.queryOnly()) {
                throw e;
            }
            report("service " + what, e.getMessage());
            return Map.of();
        }
    }

    private QueryResult.Vector vector(String what, String promql) throws PrometheusException {
        QueryResult.Vector v = client.queryVector(promql);
        report(what, null);
        report(what + " warnings", v.warnings().isEmpty() ? null
                : "Prometheus warns that " + what + " may be incomplete: " + v.warnings());
        return v;
    }

    private static <K> Map<K, Double> byKey(QueryResult.Vector v, Function<Sample, K> key) {
        Map<K, Double> m = new HashMap<>();
        for (Sample s : v.samples()) {
            K k = key.apply(s);
            if (k != null && !Double.isNaN(s.value())) {
                m.put(k, s.value());
            }
        }
        return m;
    }

    private static PodKey podKey(Sample s, String namespaceLabel, String podLabel) {
        String ns = s.label(namespaceLabel);
        String pod = s.label(podLabel);
        return ns.isEmpty() || pod.isEmpty() ? null : new PodKey(ns, pod);
    }

    private static ServiceKey serviceKey(Sample s, String namespaceLabel, String serviceLabel) {
        String ns = s.label(namespaceLabel);
        String svc = s.label(serviceLabel);
        return ns.isEmpty() || svc.isEmpty() ? null : new ServiceKey(ns, svc);
    }

    private static double rate(Map<Figure, Map<PodKey, Double>> values, Figure f, PodKey k) {
        Double v = values.getOrDefault(f, Map.of()).get(k);
        return v == null ? Double.NaN : v;
    }

    private static long count(Map<Figure, Map<PodKey, Double>> values, Figure f, PodKey k) {
        Double v = values.getOrDefault(f, Map.of()).get(k);
        return v == null || !Double.isFinite(v) ? -1 : Math.round(v);
    }

    /** "hits per second, misses per second: Prometheus at … rejected the query: … (bad_data)". */
    private static String describe(Map<Figure, String> failed) {
        Map<String, List<String>> byMessage = new LinkedHashMap<>();
        failed.forEach((f, msg) -> byMessage.computeIfAbsent(msg, m -> new ArrayList<>()).add(f.label()));
        List<String> parts = new ArrayList<>();
        byMessage.forEach((msg, figures) -> parts.add(String.join(", ", figures) + ": " + msg));
        return String.join("; ", parts);
    }

    /** Logs a problem when it starts or changes, and its end; {@code problem == null} means all is well. */
    private void report(String what, String problem) {
        String before = problem == null ? reported.remove(what) : reported.put(what, problem);
        if (problem != null && !problem.equals(before)) {
            LOG.warn("Prometheus {}: {}", what, problem);
        } else if (problem == null && before != null) {
            LOG.info("Prometheus {} works again", what);
        }
    }
}
