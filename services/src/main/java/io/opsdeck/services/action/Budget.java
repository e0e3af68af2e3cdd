package io.opsdeck.services.action;

import java.util.List;
import java.util.Map;

/**
 * A PodDisruptionBudget read fresh (policy/v1, else policy/v1beta1) with the status the API
 * server's eviction check uses.
 *
 * @param matchLabels          the selector's matchLabels
 * @param matchExpressions     the selector's matchExpressions
 * @param emptySelectsAll      policy/v1: an empty selector selects every pod of the namespace;
 *                             policy/v1beta1: none
 * @param alwaysAllowUnhealthy {@code unhealthyPodEvictionPolicy: AlwaysAllow}: a pod that is not
 *                             Ready may always be evicted
 */
public record Budget(String namespace, String name, Map<String, String> matchLabels,
                     List<NodeFit.Requirement> matchExpressions, boolean emptySelectsAll, String minAvailable,
                     String maxUnavailable, int currentHealthy, int desiredHealthy, int expectedPods,
                     int disruptionsAllowed, boolean alwaysAllowUnhealthy) {
    public Budget {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
        minAvailable = minAvailable == null ? "" : minAvailable;
        maxUnavailable = maxUnavailable == null ? "" : maxUnavailable;
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean selects(String podNamespace, Map<String, String> labels) {
        if (!namespace.equals(podNamespace)) {
            return false;
        }
        if (matchLabels.isEmpty() && matchExpressions.isEmpty()) {
            return emptySelectsAll;
        }
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(r -> r.matches(labels));
    }

    /** Its state in words: "min available 2; 2 of 3 healthy, needs 2; allows 0 disruptions now". */
    public String state() {
        String rule = !minAvailable.isEmpty() ? "min available " + minAvailable
                : !maxUnavailable.isEmpty() ? "max unavailable " + maxUnavailable : "no rule";
        return rule + "; " + currentHealthy + " of " + expectedPods + " healthy, needs " + desiredHealthy
                + "; allows " + disruptionsAllowed + " disruption" + (disruptionsAllowed == 1 ? "" : "s") + " now";
    }
}
