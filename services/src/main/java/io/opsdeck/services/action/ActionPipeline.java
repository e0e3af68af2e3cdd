package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.Sentences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one way Opsdeck changes a cluster or a cache: plan → check → confirm → run → record → undo.
 * Every method may wait on the network: call it off the UI thread. The window's buttons and the
 * command line's sub-commands both come here.
 */
public final class ActionPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ActionPipeline.class);

    private final ClusterOps cluster;
    private final ContextPolicy policy;
    private final AuditTrail audit;
    private final PlanContext context;

    public ActionPipeline(ClusterOps cluster, ContextPolicy policy, AuditTrail audit, Supplier<ClusterSnapshot> snapshot,
                          Clock clock) {
        this(cluster, CacheOps.NONE, policy, audit, snapshot, clock);
    }

    /** @param caches the port flushes go through ({@link CacheOps#NONE} where caches cannot be reached) */
    public ActionPipeline(ClusterOps cluster, CacheOps caches, ContextPolicy policy, AuditTrail audit,
                          Supplier<ClusterSnapshot> snapshot, Clock clock) {
        this.cluster = cluster;
        this.policy = policy;
        this.audit = audit;
        this.context = new PlanContext(cluster, caches, snapshot, clock);
    }

    public Identity identity() {
        return cluster.identity();
    }

    public ContextPolicy policy() {
        return policy;
    }

    public AuditTrail audit() {
        return audit;
    }

    /** Reads what the action needs and says exactly what will change. Sends no change. */
    public ActionPlan plan(ActionRequest request) throws ActionException {
        return request.plan(context);
    }

    /**
     * May it run here: the context's policy, every permission by SelfSubjectAccessReview, what the
     * plan itself says, and the server's dry run of the exact requests where there is one.
     */
    public ActionCheck check(ActionPlan plan) {
        String confirm = policy.protectedContext() ? identity().context() : plan.destructive() ? plan.objectName() : "";
        if (policy.readOnly()) {
            return new ActionCheck(false, ActionResult.REFUSED, "The context " + identity().context() + " is read-only"
                    + (policy.readOnlyWhy().isEmpty() ? "" : " (" + policy.readOnlyWhy() + ")")
                    + ": Opsdeck changes nothing there. " + ("--read-only".equals(policy.readOnlyWhy())
                    ? "Run without --read-only to act." : "Turn read-only off for this context in Settings to act."),
                    List.of(), "", confirm);
        }
        List<AccessVerdict> access = new ArrayList<>();
        List<AccessVerdict> refused = new ArrayList<>();
        for (Permission p : plan.permissions()) {
            AccessVerdict v = cluster.access(p);
            access.add(v);
            if (!v.allowed()) {
                refused.add(v);
            }
        }
        if (!refused.isEmpty()) {
            return new ActionCheck(false, ActionResult.FORBIDDEN, AccessVerdict.sentence(refused), access, "", confirm);
        }
        if (!plan.blocker().isEmpty()) {
            return new ActionCheck(false, ActionResult.REFUSED, plan.blocker(), access, "", confirm);
        }
        String dryRun = "";
        if (plan.dryRunner() != null && cluster.supportsDryRun()) {
            try {
                dryRun = plan.dryRunner().run(new RunContext(context, ActionProgress.Listener.NONE, new Cancellation())).message();
            } catch (ActionException e) {
                ActionResult r = e.kind() == ActionException.Kind.FORBIDDEN ? ActionResult.FORBIDDEN : ActionResult.FAILED;
                return new ActionCheck(false, r, "The API server's dry run of this change failed: " + e.getMessage(),
                        access, e.getMessage(), confirm);
            }
        }
        return new ActionCheck(true, null, "", access, dryRun, confirm);
    }

    /**
     * Runs a checked plan: refuses what the check refused or a wrong typed confirmation, writes the
     * intent to the audit trail (and does not act when it cannot), runs, writes the outcome, and
     * records a Kubernetes Event on the object where the user may. Blocks until the action ends.
     *
     * @param typed what the user typed to confirm; ignored when the check asks for nothing typed
     */
    public ActionOutcome run(ActionPlan plan, ActionCheck check, String typed, ActionProgress.Listener progress,
                             Cancellation cancellation) {
        Instant start = context.clock().instant();
        String id = UUID.randomUUID().toString();
        if (!check.allowed()) {
            return record(id, plan, start, ActionOutcome.of(check.refusal(), check.reason()));
        }
        if (check.typedConfirmation() && !check.confirmText().equals(typed == null ? "" : typed.trim())) {
            return record(id, plan, start, ActionOutcome.of(ActionResult.REFUSED, "Not confirmed: type '"
                    + check.confirmText() + "' to " + plan.request().action() + "; nothing was changed."));
        }
        try {
            audit.append(entry(id, start, AuditEntry.INTENT, plan, null, null, null));
        } catch (IOException e) {
            LOG.error("Audit trail {} cannot be written: {}; the action was not run", audit.file(), e.toString());
            return ActionOutcome.of(ActionResult.FAILED, "The audit trail (" + audit.file() + ") cannot be written ("
                    + e.getMessage() + "): Opsdeck does not act without a record. Nothing was changed.");
        }
        LOG.info("Action {} started: {} in context {}", id, plan.title(), identity().context());
        ActionOutcome outcome;
        try {
            outcome = plan.runner().run(new RunContext(context, progress, cancellation));
        } catch (ActionException e) {
            outcome = ActionOutcome.failed(e);
        } catch (RuntimeException e) {
            LOG.error("Action {} failed unexpectedly", id, e);
            outcome = ActionOutcome.of(ActionResult.FAILED, plan.title() + " failed: " + e);
        }
        Duration took = Duration.between(start, context.clock().instant());
        outcome = outcome.recorded(id, took);
        try {
            audit.append(entry(id, start, AuditEntry.OUTCOME, plan, outcome, took, outcome.undo()));
        } catch (IOException e) {
            LOG.error("The outcome of action {} could not be written to the audit trail {}: {}", id, audit.file(), e.toString());
        }
        LOG.info("Action {} ended {}: {}", id, outcome.result().word(), outcome.message());
        if (outcome.result() == ActionResult.DONE && !plan.objectKind().isEmpty()) {
            boolean recorded = cluster.recordEvent(plan.objectKind(), plan.namespace(), plan.objectName(), "Opsdeck"
                    + Sentences.capitalised(plan.request().action()), outcome.message() + " (by " + identity().userOrUnknown()
                    + " with Opsdeck)");
            LOG.debug("Event on {} recorded: {}", plan.objectPath(), recorded);
        }
        return outcome;
    }

    /** Plans, checks and reports without changing anything: {@code --dry-run}. */
    public ActionOutcome dryRun(ActionPlan plan, ActionCheck check) {
        if (!check.allowed()) {
            return ActionOutcome.of(check.refusal(), check.reason(), plan.facts()).withItems(plan.items());
        }
        String verdict = check.dryRun().isEmpty() ? (cluster.supportsDryRun() ? "" : " (this server has no dry run;"
                + " the plan is Opsdeck's own)") : " " + check.dryRun();
        return ActionOutcome.of(ActionResult.PLANNED, plan.title() + ": planned, nothing changed." + verdict, plan.facts())
                .withItems(plan.items());
    }

    /** The trail, newest first, at most {@code limit} entries (all when limit ≤ 0). */
    public List<AuditEntry> history(int limit) {
        List<AuditEntry> all = audit.read();
        return limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
    }

    /** The undo an entry of the trail offers, if any, as a request to plan, check and confirm anew. */
    public static java.util.Optional<ActionRequest> undoOf(AuditEntry entry) {
        if (entry.undo() == null || entry.undo().isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(ActionRequests.parse(entry.undo()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private ActionOutcome record(String id, ActionPlan plan, Instant start, ActionOutcome outcome) {
        try {
            audit.append(entry(id, start, AuditEntry.OUTCOME, plan, outcome, Duration.ZERO, null));
        } catch (IOException e) {
            LOG.warn("A refused action could not be written to the audit trail {}: {}", audit.file(), e.toString());
        }
        LOG.info("Action {} refused: {}", plan.title(), outcome.message());
        return outcome.recorded(id, Duration.ZERO);
    }

    private AuditEntry entry(String id, Instant start, String phase, ActionPlan plan, ActionOutcome outcome,
                             Duration took, ActionRequest undo) {
        Identity who = identity();
        Map<String, Object> details = new LinkedHashMap<>(plan.facts());
        if (outcome != null) {
            details.putAll(outcome.facts());
        }
        // both lines carry the action's start: they are merged by id, and the outcome has the duration
        return new AuditEntry(id, start.toString(), phase, who.context(), who.server(),
                who.user(), plan.request().action(), plan.request().target(), plan.request().parameters(), plan.title(),
                outcome == null ? null : outcome.result().word(), outcome == null ? null : outcome.message(),
                took == null ? null : took.toMillis(), undo == null ? null : undo.commandLine(), details);
    }
}
