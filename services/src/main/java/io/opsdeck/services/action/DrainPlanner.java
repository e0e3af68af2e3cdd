package io.opsdeck.services.action;

import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.Sentences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drain's plan as pure functions over fresh reads, in kubectl's order: the filters (DaemonSet,
 * mirror, emptyDir, no controller), then the budgets each pod to evict meets, then whether its
 * replacement can be placed elsewhere.
 */
final class DrainPlanner {
    static final String EVICT = "evict";
    static final String SKIP = "skip";
    static final String BLOCKED = "blocked";
    static final String NEEDS_FLAG = "needs-flag";

    private DrainPlanner() {
    }

    /** One pod's verdict: a state word of the plan, the sentence why, and the budget in the way. */
    /** The {@code pdb} of a row whose namespace's budgets could not be read: not none, unknown. */
    static final String UNKNOWN_BUDGET = "unknown";

    record Row(DrainPod pod, String state, String reason, String pdb) {
        Row with(String newState, String newReason, String newPdb) {
            return new Row(pod, newState, newReason, newPdb);
        }
    }

    /** kubectl's filters, in its order: what happens to the pod whatever the budgets say. */
    static Row classify(DrainPod p, DrainOptions o) {
        boolean finished = p.phase().terminal();
        if (p.controllerKind().equals("DaemonSet") && !finished) {
            return new Row(p, SKIP, "managed by DaemonSet " + p.controllerName()
                    + ": its controller would put it back on this node, so drains leave it", "");
        }
        if (p.mirror()) {
            return new Row(p, SKIP, "mirror pod of a static pod: the kubelet runs it from a file on the node;"
                    + " the API cannot evict it", "");
        }
        List<String> flags = new ArrayList<>();
        List<String> why = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!p.emptyDirVolumes().isEmpty() && !finished) {
            boolean one = p.emptyDirVolumes().size() == 1;
            String vols = "emptyDir volume" + (one ? " " : "s ") + String.join(", ", p.emptyDirVolumes());
            if (o.deleteEmptyDirData()) {
                notes.add("the data in its " + vols + " is lost");
            } else {
                flags.add("--delete-emptydir-data");
                why.add("its " + vols + " would lose " + (one ? "its" : "their") + " data");
            }
        }
        if (!p.hasController() && !finished) {
            if (o.force()) {
                notes.add("no controller manages it: it will not come back");
            } else {
                flags.add("--force");
                why.add("no controller manages it, so nothing would recreate it");
            }
        }
        if (!flags.isEmpty()) {
            return new Row(p, NEEDS_FLAG, Sentences.capitalised(String.join(" and ", why)) + ": drain with "
                    + String.join(" and ", flags) + " to evict it anyway", "");
        }
        if (finished) {
            notes.add("it has finished (" + p.phase().kubernetesName() + ")");
        } else if (p.deleting()) {
            notes.add("it is terminating already");
        }
        return new Row(p, EVICT, notes.isEmpty() ? "" : Sentences.capitalised(String.join("; ", notes)), "");
    }

    /**
     * The filters, then the budgets: a pod to evict is blocked when a budget that selects it allows
     * no disruption now, or fewer than the pods of it this node holds (the first ones go, the rest
     * wait for replacements to become Ready). Pods the API server evicts without asking the budget
     * (finished, Pending, terminating; not Ready while the budget is healthy) are not counted.
     */
    static List<Row> plan(List<DrainPod> pods, List<Budget> budgets, DrainOptions o) {
        return plan(pods, budgets, Map.of(), o);
    }

    /**
     * @param unreadable the namespaces whose budgets could not be read, with why: their pods to evict
     *                   say that a budget may hold them ({@link #UNKNOWN_BUDGET}), never that none does
     */
    static List<Row> plan(List<DrainPod> pods, List<Budget> budgets, Map<String, String> unreadable, DrainOptions o) {
        Map<String, Integer> left = new HashMap<>();
        for (Budget b : budgets) {
            left.put(b.key(), b.disruptionsAllowed());
        }
        Map<String, Integer> onNode = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (DrainPod p : pods) {
            Row r = classify(p, o);
            if (r.state().equals(EVICT)) {
                for (Budget b : selecting(p, budgets)) {
                    onNode.merge(b.key(), 1, Integer::sum);
                }
            }
            rows.add(r);
        }
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Row b = r.state().equals(EVICT) ? budgeted(r, selecting(r.pod(), budgets), left, onNode) : r;
            String why = unreadable.get(r.pod().namespace());
            if (b.state().equals(EVICT) && b.pdb().isEmpty() && why != null) {
                b = b.with(EVICT, "Its budget is unknown (" + why + "): a PodDisruptionBudget may hold it, and the API"
                        + " server still enforces it." + (r.reason().isEmpty() ? "" : " " + r.reason() + "."), UNKNOWN_BUDGET);
            }
            out.add(b);
        }
        return out;
    }

    private static Row budgeted(Row r, List<Budget> mine, Map<String, Integer> left, Map<String, Integer> onNode) {
        DrainPod p = r.pod();
        if (mine.isEmpty()) {
            return r;
        }
        if (mine.size() > 1) {
            return r.with(BLOCKED, "More than one PodDisruptionBudget selects it (" + String.join(", ",
                    mine.stream().map(Budget::key).toList()) + "): the Eviction API refuses such pods; fix the budgets"
                    + " or delete it explicitly", mine.get(0).key());
        }
        Budget b = mine.get(0);
        String note = r.reason().isEmpty() ? "" : " " + r.reason() + ".";
        if (p.phase() == PodPhase.PENDING || p.phase().terminal() || p.deleting()) {
            return r.with(EVICT, "Budget " + b.key() + " does not hold it (" + p.phase().kubernetesName()
                    + (p.deleting() ? ", terminating" : "") + ")." + note, b.key());
        }
        if (!p.ready() && (b.alwaysAllowUnhealthy() || (b.desiredHealthy() > 0 && b.currentHealthy() >= b.desiredHealthy()))) {
            return r.with(EVICT, "Not Ready: budget " + b.key() + " (" + b.state() + ") lets unhealthy pods go." + note,
                    b.key());
        }
        int allowed = left.getOrDefault(b.key(), 0);
        if (allowed > 0) {
            left.put(b.key(), allowed - 1);
            return r.with(EVICT, "Budget " + b.key() + ": " + b.state() + "." + note, b.key());
        }
        if (b.disruptionsAllowed() == 0) {
            return r.with(BLOCKED, "Budget " + b.key() + " allows no disruption now (" + b.state() + "): its eviction waits"
                    + " until more of its pods are Ready." + note, b.key());
        }
        int held = onNode.getOrDefault(b.key(), 0);
        return r.with(BLOCKED, "Budget " + b.key() + " allows " + b.disruptionsAllowed() + " disruption"
                + (b.disruptionsAllowed() == 1 ? "" : "s") + " now and this node holds " + held + " of its pods: this one"
                + " waits until a replacement of an evicted one is Ready." + note, b.key());
    }

    static List<Budget> selecting(DrainPod p, List<Budget> budgets) {
        return budgets.stream().filter(b -> b.selects(p.namespace(), p.labels())).toList();
    }

    /**
     * Best effort: the pods to evict whose replacement no other node fits, each with the
     * scheduler's summary. Replacements are placed greedily (largest requests first), each taking
     * its requests from the node it lands on.
     */
    static Map<String, String> staysPending(List<Row> rows, List<NodeFit.Node> nodes, String drained) {
        List<NodeFit.Node> others = new ArrayList<>(nodes.stream().filter(n -> !n.name().equals(drained)).toList());
        List<Row> moving = new ArrayList<>(rows.stream()
                .filter(r -> !r.state().equals(SKIP) && !r.state().equals(NEEDS_FLAG))
                .filter(r -> r.pod().hasController() && !r.pod().phase().terminal()).toList());
        moving.sort((a, b) -> Long.compare(b.pod().needs().cpuMilli() + b.pod().needs().memoryBytes() / (1 << 20),
                a.pod().needs().cpuMilli() + a.pod().needs().memoryBytes() / (1 << 20)));
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : moving) {
            NodeFit.Needs needs = r.pod().needs();
            int best = -1;
            for (int i = 0; i < others.size(); i++) {
                if (NodeFit.whyNot(needs, others.get(i)).isEmpty()
                        && (best < 0 || others.get(i).memoryFreeBytes() > others.get(best).memoryFreeBytes())) {
                    best = i;
                }
            }
            if (best < 0) {
                out.put(r.pod().key(), NodeFit.summary(needs, others));
            } else {
                others.set(best, others.get(best).minus(needs));
            }
        }
        return out;
    }
}
