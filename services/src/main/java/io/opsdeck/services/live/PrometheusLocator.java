package io.opsdeck.services.live;

import io.opsdeck.services.model.ServiceInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the Prometheus of the usual installs among a cluster's Services, best first, so most users
 * configure nothing: prometheus-operator's {@code prometheus-operated}, kube-prometheus's
 * {@code prometheus-k8s}, kube-prometheus-stack's {@code RELEASE-kube-prometheus-prometheus}
 * (or the shortened {@code -kube-prom-prometheus}), the prometheus chart's {@code prometheus-server},
 * and Thanos Query. Pure; reaching a candidate is the caller's job (through the API server's
 * service proxy).
 */
public final class PrometheusLocator {

    /** A Service that may be Prometheus, and the path through the API server's service proxy. */
    public record Candidate(String namespace, String service, int port, String install, int rank) {
        /** {@code /api/v1/namespaces/NS/services/NAME:PORT/proxy} — append the Prometheus API path to it. */
        public String proxyPath() {
            return "/api/v1/namespaces/" + namespace + "/services/" + service + ":" + port + "/proxy";
        }

        @Override
        public String toString() {
            return namespace + "/" + service + ":" + port + " (" + install + ")";
        }
    }

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
        // the usual namespaces first, then by how specific the match was
        out.sort(Comparator.comparingInt(Candidate::rank)
                .thenComparing(c -> !(c.namespace().equals("monitoring") || c.namespace().contains("prometheus")))
                .thenComparing(Candidate::namespace).thenComparing(Candidate::service));
        return out;
    }

    private static void add(List<Candidate> out, ServiceInfo s, int preferredPort, String install, int rank) {
        int port = s.ports().contains(preferredPort) || s.ports().isEmpty() ? preferredPort : s.ports().get(0);
        out.add(new Candidate(s.namespace(), s.name(), port, install, rank));
    }
}
