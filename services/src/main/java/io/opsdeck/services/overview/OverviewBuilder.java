package io.opsdeck.services.overview;

import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.cache.CacheRollup;
import io.opsdeck.services.model.CacheStatsBook;
import io.opsdeck.services.health.ServiceHealthRules;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.ZoneSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Joins a cluster snapshot and a metrics snapshot into an {@link Overview}. Pure; no I/O. */
public final class OverviewBuilder {

    private OverviewBuilder() {
    }

    public static Overview build(ClusterSnapshot cluster, MetricsSnapshot metrics, ConnectionStatus clusterStatus,
                                 ConnectionStatus metricsStatus, Instant now) {
        return build(cluster, metrics, List.of(), CacheStatsBook.EMPTY, clusterStatus, metricsStatus, now);
    }

    /**
     * @param externalCaches caches outside the cluster (from settings), listed after the discovered ones
     * @param cacheBook      the metrics source's cache details and history as of its latest poll
     */
    public static Overview build(ClusterSnapshot cluster, MetricsSnapshot metrics, List<CacheNode> externalCaches,
                                 CacheStatsBook cacheBook, ConnectionStatus clusterStatus,
                                 ConnectionStatus metricsStatus, Instant now) {
        return assemble(cluster, metrics, CacheDiscovery.find(cluster), zones(cluster),
                ServiceSelections.of(cluster, new PodIndex(cluster.pods())), externalCaches, cacheBook, clusterStatus,
                metricsStatus, now);
    }

    private static Overview assemble(ClusterSnapshot cluster, MetricsSnapshot metrics, List<CacheNode> discovered,
                                     List<ZoneSummary> zones, ServiceSelections selections,
                                     List<CacheNode> externalCaches,
                                     CacheStatsBook cacheBook, ConnectionStatus clusterStatus,
                                     ConnectionStatus metricsStatus, Instant now) {
        List<CacheNode> cacheNodes = CacheDiscovery.withExternal(discovered, externalCaches);
        List<CacheNodeStatus> caches = new ArrayList<>(cacheNodes.size());
        for (CacheNode n : cacheNodes) {
            CacheStats stats = metrics.caches().get(n.pod());
            caches.add(new CacheNodeStatus(n, stats != null ? stats
                    : CacheStats.unavailable("", metricsStatus.usable() ? "no figures for this pod in the metrics source"
                    : "metrics are not available")));
        }
        return new Overview(cluster, metrics, clusterStatus, metricsStatus, zones, caches,
                cacheClusters(caches), selections.health(cluster, metrics), now, cacheBook);
    }

    /**
     * Builds overview after overview of one cluster, redoing only what changed. When a snapshot has
     * as many pods as the one before and only some of them changed (new states, as informers deliver
     * them), the label index of the pods, the zones and the caches found are carried over from the
     * previous build and patched with the changed pods, instead of being worked out again from all
     * of them. The overviews are the same as {@link OverviewBuilder#build}'s. Safe to share between threads.
     */
    public static final class Incremental {
        private ClusterSnapshot last;
        private PodIndex index;
        private ServiceSelections selections;
        private List<ZoneSummary> zones;
        /** The caches found, by position in {@code last.pods()}. */
        private Map<Integer, CacheNode> cachesAt;
        private List<CacheNode> discovered;

        public synchronized Overview build(ClusterSnapshot cluster, MetricsSnapshot metrics,
                                           List<CacheNode> externalCaches, CacheStatsBook cacheBook,
                                           ConnectionStatus clusterStatus, ConnectionStatus metricsStatus,
                                           Instant now) {
            List<PodInfo> pods = cluster.pods();
            int[] changed = last == null ? null : changedPositions(last.pods(), pods);
            if (changed == null) {
                index = new PodIndex(pods);
                selections = ServiceSelections.of(cluster, index);
                zones = zones(cluster);
                cachesAt = new HashMap<>();
                findCaches(cluster, null);
            } else if (changed.length > 0 || !last.nodes().equals(cluster.nodes())
                    || !last.services().equals(cluster.services())) {
                patch(cluster, changed);
            }
            last = cluster;
            return assemble(cluster, metrics, discovered, zones, selections, externalCaches, cacheBook, clusterStatus,
                    metricsStatus, now);
        }

        /** Moves on from {@code last} to {@code cluster}, whose pods differ at {@code changed} only. */
        private void patch(ClusterSnapshot cluster, int[] changed) {
            List<PodInfo> before = last.pods();
            List<PodInfo> pods = cluster.pods();
            boolean sameLabels = true;
            boolean samePlaces = last.nodes().equals(cluster.nodes());
            for (int i : changed) {
                PodInfo a = before.get(i);
                PodInfo b = pods.get(i);
                sameLabels &= a.namespace().equals(b.namespace()) && a.labels().equals(b.labels());
                samePlaces &= Objects.equals(a.nodeName(), b.nodeName());
            }
            index = sameLabels ? index.over(pods) : new PodIndex(pods);
            // the same selectors over the same labels select the same positions
            selections = sameLabels && selections.sameServices(cluster) ? selections.over(cluster, changed)
                    : ServiceSelections.of(cluster, index);
            if (!samePlaces) {
                zones = zones(cluster);
            }
            // a cache's cluster can be named after the Service that selects it
            findCaches(cluster, last.services().equals(cluster.services()) ? changed : null);
        }

        /** Looks for caches among the pods at {@code positions}, or among all pods when null. */
        private void findCaches(ClusterSnapshot cluster, int[] positions) {
            List<PodInfo> pods = cluster.pods();
            int n = positions == null ? pods.size() : positions.length;
            for (int k = 0; k < n; k++) {
                int i = positions == null ? k : positions[k];
                CacheNode found = CacheDiscovery.node(pods.get(i), cluster.services()).orElse(null);
                if (found != null) {
                    cachesAt.put(i, found);
                } else {
                    cachesAt.remove(i);
                }
            }
            discovered = List.copyOf(CacheDiscovery.inOrder(cachesAt.values()));
        }

        /** Where the pods of two lists of the same length differ, ascending; null when the lengths differ. */
        private static int[] changedPositions(List<PodInfo> a, List<PodInfo> b) {
            if (a.size() != b.size()) {
                return null;
            }
            int[] out = new int[16];
            int n = 0;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i)) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = i;
                }
            }
            return Arrays.copyOf(out, n);
        }
    }

    static List<ZoneSummary> zones(ClusterSnapshot cluster) {
        Map<String, int[]> podsPerNode = new HashMap<>();
        for (PodInfo p : cluster.pods()) {
            if (p.scheduled()) {
                podsPerNode.computeIfAbsent(p.nodeName(), k -> new int[1])[0]++;
            }
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> regions = new HashMap<>();
        // real zones in name order, the unzoned group last
        cluster.nodes().stream().sorted(Comparator.comparing((NodeInfo n) -> n.zoneOrUnzoned().equals(NodeInfo.UNZONED))
                .thenComparing(NodeInfo::zoneOrUnzoned)).forEach(n -> {
            int[] c = counts.computeIfAbsent(n.zoneOrUnzoned(), k -> new int[4]);
            regions.putIfAbsent(n.zoneOrUnzoned(), n.region() == null ? "" : n.region());
            c[0]++;
            if (n.ready()) {
                c[1]++;
            }
            if (n.unschedulable()) {
                c[2]++;
            }
            int[] pods = podsPerNode.get(n.name());
            c[3] += pods == null ? 0 : pods[0];
        });
        List<ZoneSummary> zones = new ArrayList<>();
        counts.forEach((zone, c) -> zones.add(new ZoneSummary(regions.get(zone), zone, c[0], c[1], c[2], c[3])));
        return zones;
    }

    static List<CacheClusterSummary> cacheClusters(List<CacheNodeStatus> caches) {
        return CacheRollup.clusters(caches);
    }
}
