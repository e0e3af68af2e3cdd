package io.opsdeck.services.live;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.prom.PrometheusClient;
import io.opsdeck.services.prom.PrometheusConfig;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.prom.PrometheusMetricsSource;
import io.opsdeck.services.source.MetricsNotConfiguredException;
import io.opsdeck.services.source.MetricsSource;
import io.opsdeck.services.source.MetricsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Metrics for a context with no Prometheus URL configured: finds the usual Prometheus installs among
 * the cluster's Services and reaches the first that answers through the API server's service proxy.
 * Looks again every {@link #RETRY_DISCOVERY} while nothing is found, and when the found one stops
 * answering.
 */
public final class DiscoveringMetricsSource implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveringMetricsSource.class);
    static final Duration RETRY_DISCOVERY = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final Duration timeout;
    private final Clock clock;
    private volatile PrometheusMetricsSource found;
    private volatile String foundAt = "";
    private Instant nextLook = Instant.EPOCH;
    private String lastNotFound = "";
    private volatile String tie = "";
    private volatile String foundNote = "";

    public DiscoveringMetricsSource(KubernetesClient client, Duration timeout, Clock clock) {
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public String endpoint() {
        return found == null ? "looking for Prometheus in the cluster" : foundAt;
    }

    /** How the endpoint was found, for the Settings page. */
    public String origin() {
        if (found != null) {
            return "found in the cluster: " + foundAt + foundNote;
        }
        return tie.isEmpty() ? "none found yet" : tie;
    }

    @Override
    public synchronized MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches)
            throws MetricsUnavailableException {
        if (found == null) {
            discover(cluster);
        }
        try {
            return found.poll(cluster, caches);
        } catch (MetricsUnavailableException e) {
            // look again on the next poll: the install may have moved
            found = null;
            nextLook = Instant.EPOCH;
            throw e;
        }
    }

    private void discover(ClusterSnapshot cluster) throws MetricsUnavailableException {
        Instant now = clock.instant();
        if (now.isBefore(nextLook)) {
            throw new MetricsNotConfiguredException(lastNotFound);
        }
        List<PrometheusLocator.Candidate> candidates = PrometheusLocator.candidates(cluster.services());
        StringBuilder tried = new StringBuilder();
        for (int i = 0; i < candidates.size(); ) {
            // probe every candidate as good as the best left; more than one answering is a tie
            List<PrometheusLocator.Candidate> group = PrometheusLocator.ties(candidates, i);
            i += group.size();
            List<PrometheusLocator.Candidate> answering = new ArrayList<>();
            PrometheusClient chosen = null;
            for (PrometheusLocator.Candidate c : group) {
                PrometheusClient prom = new PrometheusClient(new ServiceProxyTransport(client, c, timeout));
                try {
                    prom.queryVector("vector(1)");
                    answering.add(c);
                    chosen = prom;
                } catch (PrometheusException e) {
                    tried.append(tried.length() == 0 ? "" : "; ").append(c).append(": ").append(e.getMessage());
                    LOG.debug("Prometheus candidate {} did not answer: {}", c, e.getMessage());
                }
            }
            if (answering.size() == 1) {
                PrometheusLocator.Candidate c = answering.get(0);
                found = new PrometheusMetricsSource(chosen, PrometheusConfig.of(chosen.endpoint()));
                foundAt = c + " via the API server";
                foundNote = c.inMonitoringNamespace() ? "" : ", outside the usual monitoring namespaces; set the"
                        + " Prometheus URL here if this is not the cluster's Prometheus";
                tie = "";
                LOG.info("Found Prometheus at {} through the API server's service proxy", foundAt);
                return;
            }
            if (answering.size() > 1) {
                nextLook = now.plus(RETRY_DISCOVERY);
                tie = "not chosen: " + answering.stream().map(Object::toString).collect(Collectors.joining(" and "))
                        + " all answer and none is a better match; set the Prometheus URL here";
                lastNotFound = "Found more than one Prometheus in the cluster, equally likely: "
                        + answering.stream().map(Object::toString).collect(Collectors.joining(" and "))
                        + "; Opsdeck does not choose between them: set the Prometheus URL in Settings or with"
                        + " --prometheus-url";
                LOG.warn(lastNotFound);
                throw new MetricsNotConfiguredException(lastNotFound);
            }
        }
        tie = "";
        nextLook = now.plus(RETRY_DISCOVERY);
        lastNotFound = candidates.isEmpty()
                ? "No Prometheus found in the cluster (looked for the Services of prometheus-operator, kube-prometheus, "
                + "kube-prometheus-stack, the prometheus chart and Thanos Query"
                + (cluster.unavailable().isEmpty() ? "" : " in the namespaces this user can read")
                + "); set its URL in Settings or with --prometheus-url"
                : "Found " + candidates.stream().map(Object::toString).collect(Collectors.joining(", "))
                + " but none answered through the API server (" + tried + "); set the Prometheus URL in Settings";
        throw new MetricsNotConfiguredException(lastNotFound);
    }
}
