package io.opsdeck.services.action;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cordon (or uncordon) a node: set {@code spec.unschedulable} as kubectl does. The pods on it keep
 * running; only new pods are kept off it.
 */
public record CordonRequest(String node, boolean cordon) implements ActionRequest {

    public CordonRequest {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("Name the node to " + (cordon ? "cordon" : "uncordon"));
        }
    }

    @Override
    public String action() {
        return cordon ? "cordon" : "uncordon";
    }

    @Override
    public String target() {
        return node;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of();
    }

    @Override
    public String commandLine() {
        return action() + " " + node;
    }

    @Override
    public ActionPlan plan(PlanContext context) throws ActionException {
        ClusterOps.NodeState state = context.cluster().readNode(node);
        List<String> changes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<DrainPod> running = state.pods().stream().filter(p -> !p.phase().terminal()).toList();
        if (cordon) {
            changes.add("spec.unschedulable of node " + node + ": " + state.unschedulable() + " → true: the scheduler"
                    + " places no new pod on it");
            changes.add("the " + running.size() + " pod" + (running.size() == 1 ? "" : "s") + " on it keep running;"
                    + " drain the node to move them");
            if (state.unschedulable()) {
                warnings.add("Node " + node + " is already cordoned: nothing changes.");
            }
        } else {
            changes.add("spec.unschedulable of node " + node + ": " + state.unschedulable() + " → false: the scheduler"
                    + " may place new pods on it again");
            if (!state.unschedulable()) {
                warnings.add("Node " + node + " is not cordoned: nothing changes.");
            }
            if (!state.ready()) {
                warnings.add("Node " + node + " is not Ready: pods scheduled on it will not start until it is.");
            }
        }
        List<ActionItem> items = running.stream()
                .map(p -> ActionItem.of(p.namespace(), p.name(), "stays", p.workload()))
                .toList();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("unschedulableBefore", state.unschedulable());
        facts.put("podsOnNode", running.size());
        return new ActionPlan(this, (cordon ? "Cordon" : "Uncordon") + " node " + node, "Node", "", node,
                changes, warnings, false, "",
                List.of(Permission.cluster("patch", "", "nodes")),
                cordon ? "Undo uncordons the node." : "Undo cordons the node again.",
                facts, items,
                run -> {
                    run.progress().progress(ActionProgress.of(-1, (cordon ? "Cordoning " : "Uncordoning ") + node + "…"));
                    run.cluster().setUnschedulable(node, cordon, false);
                    ClusterOps.NodeState after;
                    try {
                        after = run.cluster().readNode(node);
                    } catch (ActionException e) {
                        // the patch was accepted; only the read-back failed: the change stands, with its undo
                        return ActionOutcome.of(ActionResult.DONE, (cordon ? "Cordoned " : "Uncordoned ") + node
                                + "; reading it back failed (" + e.getMessage() + ")", facts)
                                .withUndo(new CordonRequest(node, !cordon));
                    }
                    Map<String, Object> done = new LinkedHashMap<>(facts);
                    done.put("unschedulable", after.unschedulable());
                    if (after.unschedulable() != cordon) {
                        throw new ActionException(ActionException.Kind.FAILED, "The API server accepted the change but node "
                                + node + " reads unschedulable=" + after.unschedulable() + " afterwards; something set it back");
                    }
                    return ActionOutcome.of(ActionResult.DONE, (cordon ? "Cordoned " : "Uncordoned ") + node
                            + (cordon ? "; its " + running.size() + " pods keep running." : "."), done)
                            .withUndo(new CordonRequest(node, !cordon));
                },
                run -> {
                    run.cluster().setUnschedulable(node, cordon, true);
                    return ActionOutcome.of(ActionResult.PLANNED, "The API server accepts the "
                            + action() + " of " + node + " (dry run).", facts);
                });
    }
}
