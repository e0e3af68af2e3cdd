package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolls node figures up per cache cluster: hit ratio weighted by traffic (total hits over total
 * reads, never an average of ratios); rates and memory added over the nodes that have figures.
 * The same rule as {@code OverviewBuilder.cacheClusters}, which can delegate here.
 */
public final class CacheRollup {
    private CacheRollup() {
    }

    public static List<CacheClusterSummary> clusters(List<CacheNodeStatus> caches) {
        Map<String, List<CacheNodeStatus>> byCluster = new LinkedHashMap<>();
        for (CacheNodeStatus c : caches) {
            byCluster.computeIfAbsent(c.node().pod().namespace() + "/" + c.node().cluster(), k -> new ArrayList<>())
                    .add(c);
        }
        List<CacheClusterSummary> out = new ArrayList<>();
        byCluster.forEach((key, nodes) -> out.add(cluster(nodes)));
        return out;
    }

    private static CacheClusterSummary cluster(List<CacheNodeStatus> nodes) {
        double hits = 0;
        double reads = 0;
        double ops = 0;
        double evictions = 0;
        long memory = 0;
        int withData = 0;
        for (CacheNodeStatus n : nodes) {
            CacheStats s = n.stats();
            if (s.hasError() || Double.isNaN(s.opsPerSec())) {
                continue;
            }
            withData++;
            if (s.hasTraffic()) {
                hits += s.hitsPerSec();
                reads += s.readsPerSec();
            }
            ops += s.opsPerSec();
            evictions += Double.isNaN(s.evictionsPerSec()) ? 0 : s.evictionsPerSec();
            memory += Math.max(0, s.memoryUsedBytes());
        }
        CacheNode first = nodes.get(0).node();
        return new CacheClusterSummary(first.pod().namespace(), first.cluster(), first.kind(), nodes.size(), withData,
                reads > 0 ? hits / reads : Double.NaN, withData > 0 ? ops : Double.NaN, withData > 0 ? memory : -1,
                withData > 0 ? evictions : Double.NaN);
    }
}
