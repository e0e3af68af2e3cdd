package io.opsdeck.services.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The words and figures of a drain's plan: the confirmation dialog, {@code --json} and the audit line. */
final class DrainPlans {
    private DrainPlans() {
    }

    static ActionPlan build(DrainRequest request, ClusterOps.NodeState state, List<DrainPlanner.Row> rows,
                            Map<String, String> pending, String evictionApi, DrainRequest.DryRunTally tally,
                            List<String> readWarnings) {
        String node = request.node();
        DrainOptions o = request.options();
        int evict = count(rows, DrainPlanner.EVICT);
        int skip = count(rows, DrainPlanner.SKIP);
        int blocked = count(rows, DrainPlanner.BLOCKED);
        int needsFlag = count(rows, DrainPlanner.NEEDS_FLAG);
        List<String> changes = new ArrayList<>();
        changes.add(state.unschedulable() ? "node " + node + " is cordoned already; it stays cordoned"
                : "spec.unschedulable of node " + node + ": false → true (cordon first: no new pod lands on it)");
        changes.add("evict " + (evict + blocked) + " pod" + (evict + blocked == 1 ? "" : "s") + " through the Eviction API ("
                + evictionApi + "), every PodDisruptionBudget honoured, with "
                + (o.gracePeriodSeconds() < 0 ? "each pod's own grace period" : "a grace period of " + o.gracePeriodSeconds() + " s")
                + "; their controllers start replacements on other nodes");
        if (skip > 0) {
            changes.add("leave " + skip + " pod" + (skip == 1 ? "" : "s") + " (DaemonSet-managed, mirror pods) where "
                    + (skip == 1 ? "it is" : "they are"));
        }
        changes.add("wait " + (o.timeout().isZero() ? "without a limit" : "up to " + Durations.format(o.timeout()))
                + " for them to be gone; a budget in the way is asked again every "
                + Durations.format(request.pace().retry()));
        List<String> warnings = new ArrayList<>(readWarnings);
        if (blocked > 0) {
            warnings.add(blocked + " pod" + (blocked == 1 ? " is" : "s are") + " held by a disruption budget now ("
                    + names(rows, DrainPlanner.BLOCKED) + "): the drain waits for them and ends as blocked if they are"
                    + " still held after " + (o.timeout().isZero() ? "— never: it waits until cancelled" : Durations.format(o.timeout())) + ".");
        }
        if (!pending.isEmpty()) {
            warnings.add(pending.size() + " replacement" + (pending.size() == 1 ? "" : "s") + " will likely stay Pending: "
                    + String.join("; ", pending.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList())
                    + ". Judged from taints, nodeSelector, required node affinity and requests only.");
        }
        boolean dataLoss = rows.stream().anyMatch(r -> r.state().equals(DrainPlanner.EVICT)
                && (!r.pod().emptyDirVolumes().isEmpty() || !r.pod().hasController()) && !r.pod().phase().terminal());
        if (dataLoss) {
            warnings.add("Some pods lose data or do not come back (emptyDir volumes, no controller): type the node's name"
                    + " to confirm.");
        }
        warnings.add("Evicted pods do not come back when the node is uncordoned: their controllers replace them elsewhere.");
        String blocker = "";
        if (needsFlag > 0) {
            blocker = needsFlag + " pod" + (needsFlag == 1 ? " needs" : "s need") + " a flag before the node can be drained ("
                    + names(rows, DrainPlanner.NEEDS_FLAG) + "): " + flagsNeeded(rows)
                    + ". Nothing was changed, as kubectl drain does.";
        }
        TreeSet<String> namespaces = new TreeSet<>();
        for (DrainPlanner.Row r : rows) {
            if (r.state().equals(DrainPlanner.EVICT) || r.state().equals(DrainPlanner.BLOCKED)) {
                namespaces.add(r.pod().namespace());
            }
        }
        List<Permission> permissions = new ArrayList<>();
        permissions.add(Permission.cluster("patch", "", "nodes"));
        for (String ns : namespaces) {
            permissions.add(Permission.namespaced("create", "", "pods", "eviction", ns));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("node", node);
        facts.put("cordonedBefore", state.unschedulable());
        facts.put("evictionApi", evictionApi);
        facts.put("evict", evict);
        facts.put("skip", skip);
        facts.put("blocked", blocked);
        facts.put("needsFlag", needsFlag);
        facts.put("pendingReplacements", pending.size());
        if (tally != null) {
            facts.put("dryRunAccepted", tally.accepted());
            facts.put("dryRunRefusedByBudget", tally.refusedByBudget());
        }
        List<ActionItem> items = rows.stream().map(r -> new ActionItem(r.pod().namespace(), r.pod().name(), r.state(),
                pending.containsKey(r.pod().key()) ? join(r.reason(), "Its replacement will likely stay Pending: "
                        + pending.get(r.pod().key()) + ".") : r.reason(), r.pdb(), "", java.time.Duration.ZERO)).toList();
        List<DrainPod> toEvict = rows.stream().filter(r -> r.state().equals(DrainPlanner.EVICT)
                || r.state().equals(DrainPlanner.BLOCKED)).map(DrainPlanner.Row::pod).toList();
        Map<String, String> budgets = new LinkedHashMap<>();
        rows.stream().filter(r -> !r.pdb().isEmpty()).forEach(r -> budgets.put(r.pod().key(), r.pdb()));
        String undo = state.unschedulable()
                ? "No undo: the node was cordoned before the drain, and evicted pods do not come back."
                : "Undo uncordons the node. The evicted pods do not come back: their replacements stay where they went.";
        String dryRunNote = tally == null ? "" : "The API server's dry run, asked pod by pod, accepts " + tally.accepted()
                + " eviction" + (tally.accepted() == 1 ? "" : "s") + " now" + (tally.refusedByBudget() == 0 ? ""
                : "; " + tally.refusedByBudget() + " would wait for a budget") + (tally.note().isEmpty() ? "" : "; " + tally.note())
                + (blocked > 0 ? "; together, " + blocked + " wait for replacements first (the plan's count per budget)" : "") + ".";
        return new ActionPlan(request, "Drain node " + node + ": evict " + (evict + blocked) + " pod"
                + (evict + blocked == 1 ? "" : "s") + (skip > 0 ? ", skip " + skip : ""), "Node", "", node,
                changes, warnings, dataLoss, blocker, permissions, undo, facts, items,
                run -> new DrainRun(request, state.unschedulable(), toEvict, budgets, run).run(),
                run -> {
                    run.cluster().setUnschedulable(node, true, true);
                    return ActionOutcome.of(ActionResult.PLANNED, "The API server accepts the cordon of " + node
                            + " (dry run). " + dryRunNote, facts);
                });
    }

    private static String flagsNeeded(List<DrainPlanner.Row> rows) {
        List<String> flags = new ArrayList<>();
        for (String f : List.of("--delete-emptydir-data", "--force")) {
            if (rows.stream().anyMatch(r -> r.state().equals(DrainPlanner.NEEDS_FLAG) && r.reason().contains(f))) {
                flags.add(f);
            }
        }
        return "drain with " + String.join(" and ", flags) + " to evict "
                + (DrainPlans.count(rows, DrainPlanner.NEEDS_FLAG) == 1 ? "it" : "them") + " anyway";
    }

    static int count(List<DrainPlanner.Row> rows, String state) {
        return (int) rows.stream().filter(r -> r.state().equals(state)).count();
    }

    private static String names(List<DrainPlanner.Row> rows, String state) {
        List<String> n = rows.stream().filter(r -> r.state().equals(state)).map(r -> r.pod().key()).toList();
        return n.size() <= 4 ? String.join(", ", n) : String.join(", ", n.subList(0, 4)) + " and " + (n.size() - 4) + " more";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + (a.endsWith(".") ? " " : ". ") + b;
    }
}
