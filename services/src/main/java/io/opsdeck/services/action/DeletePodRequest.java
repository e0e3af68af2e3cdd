package io.opsdeck.services.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit escalation of a drain: "Delete anyway: bypasses the budget". A DELETE of one pod
 * that a disruption budget holds, with its UID as precondition, the pod's name typed to confirm,
 * offered only where RBAC allows {@code delete} on pods. Its own request kind, so the audit trail
 * records the escalation apart from the drain.
 *
 * @param pdb the budget it bypasses ({@code namespace/name}); empty when none is known
 */
public record DeletePodRequest(String namespace, String name, String pdb) implements ActionRequest {

    public DeletePodRequest {
        if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("Write 'delete-pod NAMESPACE/NAME'");
        }
        pdb = pdb == null ? "" : pdb;
    }

    /** The escalation for a blocked row of a drain. */
    public static DeletePodRequest forBlocked(ActionItem item) {
        return new DeletePodRequest(item.namespace(), item.name(), item.pdb());
    }

    @Override
    public String action() {
        return "delete-pod";
    }

    @Override
    public String target() {
        return namespace + "/" + name;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (!pdb.isEmpty()) {
            p.put("bypassesBudget", pdb);
        }
        return p;
    }

    @Override
    public String itemsKey() {
        return "pods";
    }

    @Override
    public String commandLine() {
        return "delete-pod " + target() + (pdb.isEmpty() ? "" : " --bypassing " + pdb);
    }

    @Override
    public ActionPlan plan(PlanContext context) throws ActionException {
        DrainPod pod = context.cluster().readPod(namespace, name).orElseThrow(() -> new ActionException(
                ActionException.Kind.BAD_REQUEST, "No pod " + target() + " (404 Not Found): it is gone already"));
        String budget = pdb.isEmpty() ? "its disruption budget" : "the budget " + pdb;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("uid", pod.uid());
        facts.put("node", pod.nodeName());
        return new ActionPlan(this, "Delete anyway: " + target() + ", bypassing " + budget, "Pod", namespace, name,
                List.of("DELETE pod " + target() + " (UID " + pod.uid() + ") with its own grace period, instead of an eviction"),
                List.of("This bypasses " + budget + ": the service it protects may lose more pods than it allows"
                        + " and go down. Use it only when waiting is worse.",
                        pod.hasController() ? "Its controller " + pod.controller() + " starts a replacement."
                                : "No controller manages it: it does not come back."),
                true, "", List.of(Permission.namespaced("delete", "", "pods", "", namespace)),
                "No undo: a deleted pod does not come back (its controller makes a new one).", facts, List.of(),
                run -> {
                    run.cluster().deletePod(namespace, name, pod.uid(), -1, false);
                    return ActionOutcome.of(ActionResult.DONE, "Deleted " + target() + ", bypassing " + budget + ".", facts);
                },
                run -> {
                    run.cluster().deletePod(namespace, name, pod.uid(), -1, true);
                    return ActionOutcome.of(ActionResult.PLANNED, "The API server accepts the deletion of " + target()
                            + " (dry run).", facts);
                });
    }
}
