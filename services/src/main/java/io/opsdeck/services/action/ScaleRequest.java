package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.WorkloadKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scale a Deployment or StatefulSet through its {@code scale} subresource: GET, then PUT with the
 * resourceVersion read at planning, so a change made meanwhile is reported instead of overwritten;
 * then, when asked to wait, follow the rollout until the target is ready or the wait is over.
 *
 * @param waitFor how long to follow the rollout; {@code null} to return once the scale is accepted
 */
public record ScaleRequest(WorkloadRef ref, int replicas, Duration waitFor) implements ActionRequest {
    /** A jump larger than this factor (and more than {@link #BIG_JUMP_MIN} pods) is called out. */
    static final int BIG_JUMP_FACTOR = 4;
    static final int BIG_JUMP_MIN = 10;
    /** The rollout is called stalled when the ready count has not moved for this long. */
    static final Duration STALL = Duration.ofSeconds(20);
    static final long POLL_MILLIS = 1000;

    public ScaleRequest {
        if (replicas < 0) {
            throw new IllegalArgumentException("Invalid replica count " + replicas + ": it must be 0 or more");
        }
    }

    @Override
    public String action() {
        return "scale";
    }

    @Override
    public String target() {
        return ref.toString();
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("replicas", replicas);
        if (waitFor != null) {
            p.put("wait", Durations.format(waitFor));
        }
        return p;
    }

    @Override
    public String commandLine() {
        return "scale " + ref + " --replicas " + replicas;
    }

    @Override
    public ActionPlan plan(PlanContext context) throws ActionException {
        ClusterOps.ScaleState state = context.cluster().readScale(ref);
        int from = state.replicas();
        String what = ref.toString();
        List<String> changes = new ArrayList<>();
        changes.add("spec.replicas of " + what + ": " + from + " → " + replicas
                + " (scale subresource, resourceVersion " + state.resourceVersion() + ")");
        if (waitFor != null) {
            changes.add("then Opsdeck follows the rollout for up to " + Durations.format(waitFor)
                    + " until " + replicas + " replica" + (replicas == 1 ? " is" : "s are") + " ready");
        }
        List<String> warnings = new ArrayList<>();
        if (replicas == 0) {
            warnings.add("Scaling to 0 stops every pod of " + what + ": whatever it serves is down until it is scaled up again.");
        }
        if (from == replicas) {
            warnings.add("It already has " + from + " replicas: the scale changes nothing.");
        }
        if (from > 0 && replicas > from * BIG_JUMP_FACTOR && replicas - from > BIG_JUMP_MIN) {
            warnings.add("A jump from " + from + " to " + replicas + " (×" + (replicas / from)
                    + "): check that the nodes and the backing services can take it.");
        }
        if (!state.hpa().isEmpty()) {
            warnings.add("The HorizontalPodAutoscaler " + state.hpa() + " targets this workload and will set the replicas"
                    + " back at its next sync; change the autoscaler's bounds instead for a lasting change.");
        }
        warnings.addAll(state.ownerWarnings());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("from", from);
        facts.put("to", replicas);
        String kind = ref.kind().kubernetesName();
        String rv = state.resourceVersion();
        ScaleRequest back = new ScaleRequest(ref, from, waitFor);
        return new ActionPlan(this, "Scale " + what + " from " + from + " to " + replicas + " replica" + (replicas == 1 ? "" : "s"),
                kind, ref.namespace(), ref.name(), changes, warnings, replicas == 0, "",
                List.of(Permission.namespaced("get", "apps", ref.resource(), "scale", ref.namespace()),
                        Permission.namespaced("update", "apps", ref.resource(), "scale", ref.namespace())),
                "Undo scales it back to " + from + " replica" + (from == 1 ? "" : "s") + ".",
                facts, List.of(),
                run -> run(run, from, rv, back),
                run -> {
                    run.cluster().writeScale(ref, replicas, rv, true);
                    return ActionOutcome.of(ActionResult.PLANNED, "The API server accepts the scale of " + what
                            + " to " + replicas + " (dry run).", facts);
                });
    }

    private ActionOutcome run(RunContext run, int from, String resourceVersion, ScaleRequest back) throws ActionException {
        String what = ref.toString();
        run.progress().progress(ActionProgress.of(-1, "Scaling " + what + " to " + replicas + "…"));
        try {
            run.cluster().writeScale(ref, replicas, resourceVersion, false);
        } catch (ActionException e) {
            if (e.kind() == ActionException.Kind.CONFLICT) {
                throw new ActionException(ActionException.Kind.CONFLICT, what + " changed after it was planned (someone or"
                        + " something else scaled or edited it); nothing was changed. Plan the scale again.", e);
            }
            throw e;
        }
        Instant started = run.clock().instant();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("from", from);
        facts.put("to", replicas);
        ClusterOps.WorkloadStatus status;
        try {
            status = run.cluster().readStatus(ref);
        } catch (ActionException e) {
            return afterUnreadable(from, facts, back, e);
        }
        if (waitFor == null) {
            facts.put("readyReplicas", status.ready());
            return ActionOutcome.of(ActionResult.DONE, "Scaled " + what + " from " + from + " to " + replicas
                    + " (" + status.ready() + " ready now).", facts).withUndo(back);
        }
        int lastReady = status.ready();
        Instant lastMove = started;
        while (true) {
            facts.put("readyReplicas", status.ready());
            if (rolledOut(status)) {
                return ActionOutcome.of(ActionResult.DONE, "Scaled " + what + " from " + from + " to " + replicas
                        + "; " + status.ready() + " of " + replicas + " ready.", facts).withUndo(back);
            }
            Instant now = run.clock().instant();
            if (status.ready() != lastReady) {
                lastReady = status.ready();
                lastMove = now;
            }
            String stall = Duration.between(lastMove, now).compareTo(STALL) >= 0 ? stallReason(run, started) : "";
            run.progress().progress(ActionProgress.of(fraction(from, status),
                    status.ready() + " of " + replicas + " ready, " + status.current() + " running" + (stall.isEmpty() ? "" : " — " + stall)));
            if (Duration.between(started, now).compareTo(waitFor) >= 0) {
                String why = stall.isEmpty() ? stallReason(run, started) : stall;
                return ActionOutcome.of(ActionResult.TIMEOUT, "Scaled " + what + " to " + replicas + ", but only "
                        + status.ready() + " of " + replicas + " were ready after " + Durations.format(waitFor)
                        + (why.isEmpty() ? "." : ": " + why), facts).withUndo(back);
            }
            if (run.cancellation().await(POLL_MILLIS)) {
                return ActionOutcome.of(ActionResult.CANCELLED, "Stopped following the rollout of " + what
                        + "; the scale to " + replicas + " was sent and stands (" + status.ready() + " ready).", facts)
                        .withUndo(back);
            }
            try {
                status = run.cluster().readStatus(ref);
            } catch (ActionException e) {
                return afterUnreadable(from, facts, back, e);
            }
        }
    }

    /** The scale was accepted; only reading the workload afterwards failed: the change stands, with its undo. */
    private ActionOutcome afterUnreadable(int from, Map<String, Object> facts, ScaleRequest back, ActionException e) {
        facts.put("readyReplicas", null);
        return ActionOutcome.of(waitFor == null ? ActionResult.DONE : ActionResult.TIMEOUT, "Scaled " + ref + " from "
                + from + " to " + replicas + ", but its status could not be read afterwards (" + e.getMessage()
                + "): how many are ready is unknown.", facts).withUndo(back);
    }

    private boolean rolledOut(ClusterOps.WorkloadStatus s) {
        boolean observed = s.observedGeneration() >= s.generation();
        return observed && s.desired() == replicas && s.current() == replicas && s.ready() == replicas
                && (ref.kind() != WorkloadKind.DEPLOYMENT || s.updated() == replicas);
    }

    private double fraction(int from, ClusterOps.WorkloadStatus s) {
        if (replicas >= from) {
            return replicas == 0 ? 1 : Math.min(1, s.ready() / (double) replicas);
        }
        int gone = from - s.current();
        return Math.max(0, Math.min(1, gone / (double) (from - replicas)));
    }

    /** Why a rollout does not move, from the Warning events of the workload's pods since it started. */
    private String stallReason(RunContext run, Instant since) {
        List<ClusterEvent> warnings;
        try {
            warnings = run.cluster().recentWarnings(ref.namespace(), ref.name() + "-");
        } catch (ActionException e) {
            return "";
        }
        return warnings.stream()
                .filter(e -> !e.lastSeen().isBefore(since.minusSeconds(60)))
                .max(java.util.Comparator.comparing(ClusterEvent::lastSeen))
                .map(e -> e.reason() + " on " + e.objectName() + ": " + e.message())
                .orElse("");
    }
}
