package io.opsdeck.services.overview;

import io.opsdeck.services.cache.CacheDiscovery;
import io.opsdeck.services.cache.CacheRollup;
import io.opsdeck.services.cache.CacheStatsBook;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        List<CacheNode> cacheNodes = CacheDiscovery.withExternal(CacheDiscovery.find(cluster), externalCaches);
        List<CacheNodeStatus> caches = new ArrayList<>(cacheNodes.size());
        for (CacheNode n : cacheNodes) {
            CacheStats stats = metrics.caches().get(n.pod());
            caches.add(new CacheNodeStatus(n, stats != null ? stats
                    : CacheStats.unavailable("", metricsStatus.usable() ? "no figures for this pod in the metrics source"
                    : "metrics are not available")));
        }
        return new Overview(cluster, metrics, clusterStatus, metricsStatus, zones(cluster), caches,
                cacheClusters(caches), services(cluster, metrics), now, cacheBook);
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

    static List<ServiceHealth> services(ClusterSnapshot cluster, MetricsSnapshot metrics) {
        PodIndex index = new PodIndex(cluster.pods());
        Map<String, WorkloadInfo> workloads = new HashMap<>();
        for (WorkloadInfo w : cluster.workloads()) {
            workloads.put(w.namespace() + "/" + w.kind().kubernetesName() + "/" + w.name(), w);
        }
        List<ServiceHealth> out = new ArrayList<>(cluster.services().size());
        for (ServiceInfo svc : cluster.services()) {
            List<PodInfo> pods = index.select(svc.namespace(), svc.selector());
            Set<WorkloadInfo> backing = new LinkedHashSet<>();
            for (PodInfo p : pods) {
                WorkloadInfo w = workloads.get(p.namespace() + "/" + p.owner().kind() + "/" + p.owner().name());
                if (w != null) {
                    backing.add(w);
                }
            }
            ServiceMetrics m = metrics.services().getOrDefault(svc.key(), ServiceMetrics.UNKNOWN);
            out.add(ServiceHealthRules.evaluate(svc, pods, List.copyOf(backing), m));
        }
        out.sort(Comparator.comparing((ServiceHealth h) -> h.health()).reversed()
                .thenComparing(h -> h.service().key()));
        return out;
    }
}
