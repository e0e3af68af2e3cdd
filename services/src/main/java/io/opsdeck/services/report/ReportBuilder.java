package io.opsdeck.services.report;

import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.UnknownFigures;

import java.util.ArrayList;
import java.util.List;

/** Turns an {@link Overview} into the {@link Report} document. Pure. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    public static Report build(Overview o) {
        ClusterSnapshot c = o.cluster();
        ConnectionStatus cs = o.clusterStatus();
        boolean reachable = cs.usable();
        // what could not be listed is unknown (null), never 0
        boolean nodes = c.nodesScope().everywhere();
        boolean pods = c.podsScope().everywhere();
        Report.Cluster cluster = new Report.Cluster(reachable, c.serverVersion(), nodes ? c.nodes().size() : null,
                nodes ? (int) c.nodesReady() : null, nodes ? (int) c.nodesCordoned() : null,
                pods ? c.pods().size() : null, pods ? (int) c.podsRunning() : null,
                emptyToNull(cs.lastError()), unavailable(c, o.services()), cs.tlsVerify());
        List<Report.Zone> zones = o.zones().stream()
                .map(z -> new Report.Zone(z.zone(), emptyToNull(z.region()), z.nodes(), z.nodesReady(),
                        pods ? Integer.valueOf(z.pods()) : null))
                .toList();
        ConnectionStatus ms = o.metricsStatus();
        Report.Prometheus prometheus = new Report.Prometheus(emptyToNull(ms.endpoint()),
                ms.state() == ConnectionState.CONNECTED || ms.state() == ConnectionState.DEGRADED,
                emptyToNull(ms.lastError()), ms.lastData() == null ? null : ms.lastData().toString());
        List<Report.Cache> caches = o.caches().stream().map(n -> cache(n, o.cacheBook().details(n.node().pod())
                .map(CacheNodeDetails::transport).orElse(CacheTransport.UNKNOWN))).toList();
        List<Report.CacheCluster> cacheClusters = o.cacheClusters().stream().map(ReportBuilder::cacheCluster).toList();
        List<Report.Service> services = o.services().stream().map(ReportBuilder::service).toList();
        List<Report.Alert> alerts = o.metrics().alerts().stream()
                .map(a -> new Report.Alert(a.name(), a.severity(), a.state(), a.summary())).toList();
        return new Report(c.context(), o.refreshedAt().toString(), cluster, zones, prometheus, caches, cacheClusters,
                services, alerts);
    }

    /**
     * The snapshot's sentences, then, when figures of some Services are unknown because of them, which
     * namespaces that touches, so that a script can tell a partial answer from a whole one.
     */
    private static List<String> unavailable(ClusterSnapshot c, List<ServiceHealth> services) {
        List<String> out = new ArrayList<>(c.unavailable());
        out.addAll(UnknownFigures.of(c, services));
        return out;
    }

    private static Report.Cache cache(CacheNodeStatus n, CacheTransport transport) {
        CacheStats s = n.stats();
        return new Report.Cache(n.node().pod().namespace(), n.node().pod().name(), n.node().kind().id(),
                n.node().cluster(), emptyToNull(n.node().role()), num(s.hitRatio()), num(s.opsPerSec()),
                s.memoryUsedBytes() < 0 ? null : s.memoryUsedBytes(), num(s.evictionsPerSec()),
                emptyToNull(s.source()), emptyToNull(s.error()), transport.reportValue());
    }

    private static Report.CacheCluster cacheCluster(CacheClusterSummary c) {
        return new Report.CacheCluster(c.namespace(), c.name(), c.kind().id(), c.nodes(), num(c.hitRatio()),
                num(c.opsPerSec()));
    }

    private static Report.Service service(ServiceHealth h) {
        boolean known = h.service().endpointsKnown();
        return new Report.Service(h.service().namespace(), h.service().name(),
                known ? h.service().endpointsReady() : null, known ? h.service().endpointsTotal() : null, h.health().id(), h.reasons(), num(h.metrics().requestsPerSec()),
                num(h.metrics().errorRatio()), num(h.metrics().latencyP99Ms()));
    }

    private static Double num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
