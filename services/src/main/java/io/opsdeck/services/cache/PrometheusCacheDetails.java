package io.opsdeck.services.cache;

import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.prom.PrometheusClient;
import io.opsdeck.services.prom.PrometheusConfig;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.prom.QueryResult;
import io.opsdeck.services.prom.Sample;
import io.opsdeck.services.prom.Series;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the cache view shows beyond {@link io.opsdeck.services.model.CacheStats}, from the exporters'
 * series: expired keys/s, uptime, role and a replica's link to its primary (one query per figure for
 * all nodes at once), and hit ratio / ops/s over a time range for sparklines (range queries).
 */
public final class PrometheusCacheDetails {
    public static final String SOURCE = "prometheus";

    private final PrometheusClient client;
    private final String ns;
    private final String pod;
    private final String window;
    private final Duration windowLength;

    public PrometheusCacheDetails(PrometheusClient client, PrometheusConfig config) {
        this.client = client;
        this.ns = config.namespaceLabel();
        this.pod = config.podLabel();
        this.window = promDuration(config.window());
        this.windowLength = config.window();
    }

    /**
     * The details of every node that has exporter series; nodes without any are left out. A figure
     * whose query fails on its own stays unknown. The state is left {@code OK}: it follows from the
     * node's CacheStats, which the caller has.
     *
     * @throws PrometheusException when the server cannot be used at all
     */
    public Map<PodKey, CacheNodeDetails> read(List<CacheNode> nodes, Instant now) throws PrometheusException {
        if (nodes.isEmpty()) {
            return Map.of();
        }
        Set<CacheKind> kinds = EnumSet.noneOf(CacheKind.class);
        Set<String> namespaces = new TreeSet<>();
        nodes.forEach(n -> {
            kinds.add(n.kind());
            namespaces.add(n.pod().namespace());
        });
        String sel = namespaces.size() == 1 ? ns + "=" + string(namespaces.iterator().next())
                : ns + "=~" + string(namespaces.stream().map(PrometheusCacheDetails::regexLiteral)
                .collect(Collectors.joining("|")));
        List<String> expired = new ArrayList<>();
        List<String> uptime = new ArrayList<>();
        if (kinds.contains(CacheKind.REDIS)) {
            expired.add("sum by (" + ns + ", " + pod + ") (rate(redis_expired_keys_total{" + sel + "}[" + window + "]))");
            uptime.add("max by (" + ns + ", " + pod + ") (redis_uptime_in_seconds{" + sel + "})");
        }
        if (kinds.contains(CacheKind.MEMCACHED)) {
            expired.add("sum by (" + ns + ", " + pod + ") (rate(memcached_items_reclaimed_total{" + sel + "}["
                    + window + "]))");
            uptime.add("max by (" + ns + ", " + pod + ") (memcached_uptime_seconds{" + sel + "})");
        }
        Map<PodKey, Double> expiredPerSec = values(String.join(" or ", expired));
        Map<PodKey, Double> uptimes = values(String.join(" or ", uptime));
        Map<PodKey, String> roles = new HashMap<>();
        Map<PodKey, Double> linkUp = Map.of();
        Map<PodKey, Double> lastIo = Map.of();
        if (kinds.contains(CacheKind.REDIS)) {
            for (Sample s : vector("max by (" + ns + ", " + pod + ", role) (redis_instance_info{" + sel + "})")) {
                PodKey k = key(s);
                if (k != null) {
                    roles.put(k, s.label("role").equals("master") ? "primary"
                            : s.label("role").equals("slave") ? "replica" : "");
                }
            }
            linkUp = values("max by (" + ns + ", " + pod + ") (redis_master_link_up{" + sel + "})");
            lastIo = values("max by (" + ns + ", " + pod + ") (redis_master_last_io_seconds_ago{" + sel + "})");
        }
        Map<PodKey, CacheNodeDetails> out = new HashMap<>();
        for (CacheNode n : nodes) {
            PodKey k = n.pod();
            if (!expiredPerSec.containsKey(k) && !uptimes.containsKey(k) && !roles.containsKey(k)) {
                continue;
            }
            String role = roles.getOrDefault(k, "");
            ReplicationState replication = null;
            if (role.equals("replica") || linkUp.containsKey(k)) {
                Double up = linkUp.get(k);
                replication = new ReplicationState(up == null ? "" : up >= 1 ? "up" : "down",
                        Math.round(lastIo.getOrDefault(k, -1.0)), -1, -1, -1, List.of());
            }
            Double u = uptimes.get(k);
            out.put(k, new CacheNodeDetails(k, SOURCE, CacheNodeState.OK, role.isEmpty() ? n.role() : role,
                    expiredPerSec.getOrDefault(k, Double.NaN), u == null ? -1 : Math.round(u), replication,
                    windowLength, now));
        }
        return out;
    }

    /**
     * Hit ratio and ops/s of one node, or of a cache cluster when given all its nodes (hit ratio
     * weighted by traffic: summed hits over summed reads), from {@code start} to {@code end}. A point
     * without reads has a {@code NaN} hit ratio.
     */
    public List<CacheSample> history(List<CacheNode> nodes, Instant start, Instant end, Duration step)
            throws PrometheusException {
        if (nodes.isEmpty()) {
            return List.of();
        }
        CacheKind kind = nodes.get(0).kind();
        Set<String> namespaces = new TreeSet<>();
        Set<String> pods = new TreeSet<>();
        nodes.forEach(n -> {
            namespaces.add(n.pod().namespace());
            pods.add(n.pod().name());
        });
        if (namespaces.size() != 1 || nodes.stream().anyMatch(n -> n.kind() != kind)) {
            throw new IllegalArgumentException("A cache history covers nodes of one kind in one namespace");
        }
        String sel = ns + "=" + string(namespaces.iterator().next()) + ", " + pod
                + (pods.size() == 1 ? "=" + string(pods.iterator().next())
                : "=~" + string(pods.stream().map(PrometheusCacheDetails::regexLiteral).collect(Collectors.joining("|"))));
        String hits;
        String misses;
        String ops;
        if (kind == CacheKind.REDIS) {
            hits = "sum(rate(redis_keyspace_hits_total{" + sel + "}[" + window + "]))";
            misses = "sum(rate(redis_keyspace_misses_total{" + sel + "}[" + window + "]))";
            ops = "sum(rate(redis_commands_processed_total{" + sel + "}[" + window + "]))";
        } else {
            hits = "sum(rate(memcached_commands_total{" + sel + ", command=\"get\", status=\"hit\"}[" + window + "]))";
            misses = "sum(rate(memcached_commands_total{" + sel + ", command=\"get\", status=\"miss\"}[" + window
                    + "]))";
            ops = "sum(rate(memcached_commands_total{" + sel + "}[" + window + "]))";
        }
        Map<Long, Double> ratio = points(client.queryRange(hits + " / (" + hits + " + " + misses + ")", start, end,
                step));
        Map<Long, Double> opsPoints = points(client.queryRange(ops, start, end, step));
        TreeMap<Long, double[]> merged = new TreeMap<>();
        opsPoints.forEach((t, v) -> merged.computeIfAbsent(t, x -> new double[] {Double.NaN, Double.NaN})[1] = v);
        ratio.forEach((t, v) -> merged.computeIfAbsent(t, x -> new double[] {Double.NaN, Double.NaN})[0] = v);
        List<CacheSample> out = new ArrayList<>(merged.size());
        merged.forEach((t, v) -> out.add(new CacheSample(Instant.ofEpochMilli(t), v[0], v[1])));
        return out;
    }

    /**
     * The last stretch of hits/s, misses/s and ops/s of every given node, three range queries per cache
     * kind for all nodes at once ({@code sum by (namespace, pod)}), so that sparklines have the hour
     * before Opsdeck started. Nodes without series are left out.
     */
    public Map<PodKey, NodeSeries> rates(List<CacheNode> nodes, Instant start, Instant end, Duration step)
            throws PrometheusException {
        Map<PodKey, NodeSeries> out = new HashMap<>();
        for (CacheKind kind : CacheKind.values()) {
            List<CacheNode> ofKind = nodes.stream().filter(n -> n.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            Set<String> namespaces = new TreeSet<>();
            Set<String> pods = new TreeSet<>();
            ofKind.forEach(n -> {
                namespaces.add(regexLiteral(n.pod().namespace()));
                pods.add(regexLiteral(n.pod().name()));
            });
            String sel = ns + "=~" + string(String.join("|", namespaces)) + ", " + pod + "=~"
                    + string(String.join("|", pods));
            String by = " by (" + ns + ", " + pod + ") ";
            String hits;
            String misses;
            String ops;
            if (kind == CacheKind.REDIS) {
                hits = "sum" + by + "(rate(redis_keyspace_hits_total{" + sel + "}[" + window + "]))";
                misses = "sum" + by + "(rate(redis_keyspace_misses_total{" + sel + "}[" + window + "]))";
                ops = "sum" + by + "(rate(redis_commands_processed_total{" + sel + "}[" + window + "]))";
            } else {
                hits = "sum" + by + "(rate(memcached_commands_total{" + sel + ", command=\"get\", status=\"hit\"}["
                        + window + "]))";
                misses = "sum" + by + "(rate(memcached_commands_total{" + sel + ", command=\"get\", status=\"miss\"}["
                        + window + "]))";
                ops = "sum" + by + "(rate(memcached_commands_total{" + sel + "}[" + window + "]))";
            }
            Set<PodKey> wanted = ofKind.stream().map(CacheNode::pod).collect(Collectors.toSet());
            collect(client.queryRange(hits, start, end, step), wanted, out, 0);
            collect(client.queryRange(misses, start, end, step), wanted, out, 1);
            collect(client.queryRange(ops, start, end, step), wanted, out, 2);
        }
        return out;
    }

    /** A node's rates by time (epoch ms): {hits/s, misses/s, ops/s}, NaN where a series had no point. */
    public record NodeSeries(TreeMap<Long, double[]> points) {
        /** Hit ratio and ops/s, oldest first; no reads gives a NaN hit ratio. */
        public List<CacheSample> samples() {
            List<CacheSample> out = new ArrayList<>(points.size());
            points.forEach((t, v) -> {
                double reads = v[0] + v[1];
                out.add(new CacheSample(Instant.ofEpochMilli(t), reads > 0 ? v[0] / reads : Double.NaN, v[2]));
            });
            return out;
        }
    }

    private void collect(QueryResult.Matrix m, Set<PodKey> wanted, Map<PodKey, NodeSeries> out, int slot) {
        for (Series s : m.series()) {
            String n = s.labels().getOrDefault(ns, "");
            String p = s.labels().getOrDefault(pod, "");
            PodKey k = new PodKey(n, p);
            if (!wanted.contains(k)) {
                continue;
            }
            NodeSeries series = out.computeIfAbsent(k, x -> new NodeSeries(new TreeMap<>()));
            for (int i = 0; i < s.size(); i++) {
                series.points().computeIfAbsent(s.timestampsMs()[i],
                        x -> new double[] {Double.NaN, Double.NaN, Double.NaN})[slot] = s.values()[i];
            }
        }
    }

    private static Map<Long, Double> points(QueryResult.Matrix m) {
        Map<Long, Double> out = new HashMap<>();
        for (Series s : m.series()) {
            for (int i = 0; i < s.size(); i++) {
                out.put(s.timestampsMs()[i], s.values()[i]);
            }
        }
        return out;
    }

    private List<Sample> vector(String promql) throws PrometheusException {
        try {
            return client.queryVector(promql).samples();
        } catch (PrometheusException e) {
            if (e.queryOnly()) {
                return List.of();
            }
            throw e;
        }
    }

    private Map<PodKey, Double> values(String promql) throws PrometheusException {
        Map<PodKey, Double> out = new HashMap<>();
        for (Sample s : vector(promql)) {
            PodKey k = key(s);
            if (k != null && !Double.isNaN(s.value())) {
                out.put(k, s.value());
            }
        }
        return out;
    }

    private PodKey key(Sample s) {
        String n = s.label(ns);
        String p = s.label(pod);
        return n.isEmpty() || p.isEmpty() ? null : new PodKey(n, p);
    }

    static String string(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String regexLiteral(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String promDuration(Duration d) {
        long s = Math.max(1, d.toSeconds());
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
