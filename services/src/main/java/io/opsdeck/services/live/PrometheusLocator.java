package io.opsdeck.services.live;

import io.opsdeck.services.model.ServiceInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the Prometheus of the usual installs among a cluster's Services, best first, so most users
 * configure nothing: prometheus-operator's {@code prometheus-operated}, kube-prometheus's
 * {@code prometheus-k8s}, kube-prometheus-stack's {@code RELEASE-kube-prometheus-prometheus}
 * (or the shortened {@code -kube-prom-prometheus}), the prometheus chart's {@code prometheus-server},
 * and Thanos Query. Pure; reaching a candidate is the caller's job (through the API server's
 * service proxy).
 *
 * <p>Anyone who may create a Service in some namespace can call it {@code prometheus}, so the
 * monitoring namespaces of the usual installs ({@link #MONITORING_NAMESPACES}) come first, whatever
 * the name matched elsewhere; only then how specific the name is. Candidates equal on both are a
 * {@linkplain #ties tie} the caller must not break by itself.
 */
public final class PrometheusLocator {

    /** A Service that may be Prometheus, and the path through the API server's service proxy. */
    public record Candidate(String namespace, String service, int port, String install, int rank) {
        /** In one of {@link #MONITORING_NAMESPACES}, where tenants do not create Services. */
        public boolean inMonitoringNamespace() {
            return MONITORING_NAMESPACES.contains(namespace);
        }

        /** Whether {@code other} is as good a match as this one: same kind of namespace, same rank. */
        public boolean tiesWith(Candidate other) {
            return rank == other.rank && inMonitoringNamespace() == other.inMonitoringNamespace();
        }

        /** {@code /api/v1/namespaces/NS/services/NAME:PORT/proxy} — append the Prometheus API path to it. */
        public String proxyPath() {
            return "/api/v1/namespaces/" + namespace + "/services/" + service + ":" + port + "/proxy";
        }

        @Override
        public String toString() {
            return namespace + "/" + service + ":" + port + " (" + install + ")";
        }
    }

    /** Where the usual installs put Prometheus; namespaces a cluster's administrators own. */
    public static final Set<String> MONITORING_NAMESPACES = Set.of("monitoring", "prometheus", "observability",
            "kube-prometheus", "kube-prometheus-stack", "prometheus-operator", "kube-monitoring",
            "openshift-monitoring", "cattle-monitoring-system", "thanos", "kube-system");

    private PrometheusLocator() {
    }

    public static List<Candidate> candidates(List<ServiceInfo> services) {
        List<Candidate> out = new ArrayList<>();
        for (ServiceInfo s : services) {
            String name = s.name().toLowerCase(Locale.ROOT);
            if (name.equals("prometheus-operated")) {
                add(out, s, 9090, "prometheus-operator", 1);
            } else if (name.equals("prometheus-k8s")) {
                add(out, s, 9090, "kube-prometheus", 0);
            } else if (name.endsWith("-kube-prometheus-prometheus") || name.endsWith("-kube-prom-prometheus")) {
                add(out, s, 9090, "kube-prometheus-stack", 0);
            } else if (name.equals("prometheus-server") || name.endsWith("-prometheus-server")) {
                add(out, s, s.ports().contains(80) ? 80 : 9090, "prometheus chart", 2);
            } else if (name.equals("prometheus") || name.endsWith("-prometheus")) {
                add(out, s, 9090, "prometheus", 3);
            } else if (name.equals("thanos-query") || name.endsWith("-thanos-query") || name.endsWith("-thanos-querier")) {
                add(out, s, s.ports().contains(9090) ? 9090 : 10902, "thanos query", 4);
            }
        }
        // the monitoring namespaces first, then by how specific the match was; names only make the order stable
        out.sort(Comparator.comparing((Candidate c) -> !c.inMonitoringNamespace()).thenComparingInt(Candidate::rank)
                .thenComparing(Candidate::namespace).thenComparing(Candidate::service));
        return out;
    }

    /** The candidates that tie with the first of {@code sorted} (the first included), in order. */
    public static List<Candidate> ties(List<Candidate> sorted, int from) {
        List<Candidate> group = new ArrayList<>();
        for (int i = from; i < sorted.size() && sorted.get(i).tiesWith(sorted.get(from)); i++) {
            group.add(sorted.get(i));
        }
        return group;
    }

    private static void add(List<Candidate> out, ServiceInfo s, int preferredPort, String install, int rank) {
        int port = s.ports().contains(preferredPort) || s.ports().isEmpty() ? preferredPort : s.ports().get(0);
        out.add(new Candidate(s.namespace(), s.name(), port, install, rank));
    }
}
