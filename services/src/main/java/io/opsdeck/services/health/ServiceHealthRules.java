package io.opsdeck.services.health;

import io.opsdeck.services.model.Health;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.services.model.ServiceHealth;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.model.WorkloadInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pure rules that turn a Service, the pods it selects, their workloads and its golden signals into
 * a verdict with reasons a person can read. No I/O.
 */
public final class ServiceHealthRules {
    /** Error ratio above which a service is degraded. */
    public static final double ERROR_RATIO_DEGRADED = 0.05;
    /** Error ratio above which a service counts as down. */
    public static final double ERROR_RATIO_DOWN = 0.5;
    /** Container restarts across a service's pods above which it is flagged. */
    public static final int RESTARTS_FLAGGED = 5;

    private ServiceHealthRules() {
    }

    public static ServiceHealth evaluate(ServiceInfo svc, List<PodInfo> selectedPods, List<WorkloadInfo> workloads,
                                         ServiceMetrics metrics) {
        return evaluate(svc, selectedPods, workloads, metrics, ReadScope.EVERYWHERE);
    }

    /**
     * @param podsScope where pods could be read: outside it the selected pods and their restarts are
     *                  unknown (-1), not none
     */
    public static ServiceHealth evaluate(ServiceInfo svc, List<PodInfo> selectedPods, List<WorkloadInfo> workloads,
                                         ServiceMetrics metrics, ReadScope podsScope) {
        List<String> reasons = new ArrayList<>();
        Health health = Health.HEALTHY;
        boolean podsKnown = podsScope.covers(svc.namespace());
        int restarts = podsKnown ? selectedPods.stream().mapToInt(PodInfo::restarts).sum() : -1;

        if (!svc.endpointsKnown()) {
            // what could not be read is unknown, never down; what else is known is said beside it
            reasons.add("endpoints unknown: " + svc.endpointsUnknown());
            health = Health.UNKNOWN;
            if (podsKnown && !svc.selector().isEmpty()) {
                long ready = selectedPods.stream().filter(PodInfo::ready).count();
                reasons.add(selectedPods.isEmpty() ? "no pods match the selector " + selectorText(svc)
                        : ready + " of " + selectedPods.size() + " selected pods ready");
            }
        } else if (svc.endpointsTotal() == 0) {
            if (svc.selector().isEmpty()) {
                reasons.add("no endpoints: its Endpoints (no selector: managed outside Kubernetes) list no address");
            } else if (!podsKnown) {
                reasons.add("no endpoints (its pods are unknown: " + podsScope.whyNot(svc.namespace()) + ")");
            } else {
                reasons.add(selectedPods.isEmpty() ? "no pods match the selector " + selectorText(svc)
                        : "no endpoints: none of the " + selectedPods.size() + " selected pods is serving");
            }
            health = Health.DOWN;
        } else if (svc.endpointsReady() == 0) {
            reasons.add("0 of " + svc.endpointsTotal() + " endpoints ready");
            health = Health.DOWN;
        } else if (svc.endpointsReady() < svc.endpointsTotal()) {
            reasons.add(svc.endpointsReady() + " of " + svc.endpointsTotal() + " endpoints ready");
            health = worse(health, Health.DEGRADED);
        }

        for (WorkloadInfo w : workloads) {
            if (w.available() < w.desired()) {
                reasons.add(w.kind().kubernetesName() + " " + w.name() + ": " + w.available() + " of "
                        + w.desired() + " replicas available");
                health = worse(health, w.available() == 0 ? Health.DOWN : Health.DEGRADED);
            }
        }

        if (!podsKnown) {
            reasons.add("pods and restarts unknown: " + podsScope.whyNot(svc.namespace()));
        } else if (restarts > RESTARTS_FLAGGED) {
            reasons.add(restarts + " container restarts across its pods");
            health = worse(health, Health.DEGRADED);
        }

        if (!Double.isNaN(metrics.errorRatio())) {
            if (metrics.errorRatio() >= ERROR_RATIO_DOWN) {
                reasons.add(percent(metrics.errorRatio()) + " of requests fail");
                health = worse(health, Health.DOWN);
            } else if (metrics.errorRatio() >= ERROR_RATIO_DEGRADED) {
                reasons.add(percent(metrics.errorRatio()) + " of requests fail");
                health = worse(health, Health.DEGRADED);
            }
        }
        Set<OwnerRef> owners = new LinkedHashSet<>();
        for (PodInfo p : selectedPods) {
            if (!p.owner().isNone()) {
                owners.add(p.owner());
            }
        }
        return new ServiceHealth(svc, health, reasons, metrics, restarts, List.copyOf(owners));
    }

    private static Health worse(Health a, Health b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String selectorText(ServiceInfo svc) {
        StringBuilder sb = new StringBuilder();
        svc.selector().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        });
        return sb.toString();
    }
}
