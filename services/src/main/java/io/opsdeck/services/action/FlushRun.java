package io.opsdeck.services.action;

import io.opsdeck.services.model.CacheKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a flush plan node by node: sends each node exactly the planned command, reads its keys again,
 * and says in a sentence what happened to each. A connection that drops during the flush is answered
 * by reading the node again: its key count says whether the flush happened.
 */
final class FlushRun {
    /** Memcached counts flushed items until its crawler reclaims them (about a second): read again this often. */
    static final long SETTLE_MILLIS = 250;
    static final int SETTLE_TRIES = 20;

    private final FlushRequest request;
    private final List<FlushStep> steps;
    private final Map<String, Object> planFacts;
    private final boolean oneNode;

    FlushRun(FlushRequest request, List<FlushStep> steps, Map<String, Object> planFacts, boolean oneNode) {
        this.request = request;
        this.steps = steps;
        this.planFacts = planFacts;
        this.oneNode = oneNode;
    }

    /** One node's end: its item, keys after (-1 unknown), and how it went. */
    private record Done(FlushStep step, String state, String reason, long keysAfter, ActionException.Kind failure) {
        ActionItem item() {
            return ActionItem.of(step.node().namespace(), step.node().name(), state, reason);
        }
    }

    ActionOutcome run(RunContext run) {
        CacheOps caches = run.plan().caches();
        List<Done> done = new ArrayList<>();
        int total = (int) steps.stream().filter(FlushStep::flushes).count();
        int sent = 0;
        for (FlushStep step : steps) {
            if (!step.flushes()) {
                done.add(new Done(step, step.state(), step.reason(), -1, null));
                continue;
            }
            if (run.cancellation().isCancelled()) {
                done.add(new Done(step, "cancelled", "Not flushed: the action was cancelled before its turn.", -1, null));
                continue;
            }
            run.progress().progress(new ActionProgress(total == 0 ? -1 : sent / (double) total, "Flushing "
                    + step.node().label() + " (" + step.flush().text() + ")…", items(done)));
            done.add(flushOne(caches, step, run.cancellation()));
            sent++;
        }
        run.progress().progress(new ActionProgress(1, "Sent to " + sent + " of " + total + " node" + (total == 1 ? "" : "s")
                + ".", items(done)));
        return outcome(done);
    }

    private Done flushOne(CacheOps caches, FlushStep step, Cancellation cancellation) {
        CacheOps.Node node = step.node();
        long before = step.keysBefore(request.db());
        String unit = node.kind() == CacheKind.MEMCACHED ? "items" : "keys";
        try {
            caches.flush(node, step.flush());
        } catch (ActionException e) {
            if (e.kind() == ActionException.Kind.FORBIDDEN) {
                return new Done(step, "refused", e.getMessage(), before, e.kind());
            }
            if (e.kind() == ActionException.Kind.UNREACHABLE) {
                return new Done(step, "failed", e.getMessage() + " The flush was not sent.", before, e.kind());
            }
            return dropped(caches, step, e, cancellation);
        }
        if (step.flush().delaySeconds() > 0) {
            long now = keys(caches, step, false, cancellation);
            return new Done(step, "scheduled", "flush_all takes effect " + step.flush().delaySeconds()
                    + " s after it was sent; " + (now < 0 ? "the item count could not be read again"
                    : FlushStep.count(now) + " " + unit + " until then") + ".", now, null);
        }
        long after = keys(caches, step, true, cancellation);
        String counts = FlushStep.count(before) + " → " + (after < 0 ? "unknown (it could not be read again)"
                : FlushStep.count(after)) + " " + unit;
        String lazy = after > 0 && node.kind() == CacheKind.MEMCACHED
                ? "; Memcached still counts flushed items until it reclaims them, but none can be read any more" : "";
        return new Done(step, "flushed", step.flush().text() + ": " + counts + lazy, after, null);
    }

    /** The connection broke after the flush may have been sent: the node's key count says whether it happened. */
    private Done dropped(CacheOps caches, FlushStep step, ActionException e, Cancellation cancellation) {
        long before = step.keysBefore(request.db());
        long now = keys(caches, step, true, cancellation);
        String unit = step.node().kind() == CacheKind.MEMCACHED ? "items" : "keys";
        if (now < 0) {
            return new Done(step, "unknown", e.getMessage() + " Whether the flush happened is not known: reading "
                    + step.node().label() + " again failed too; look at its key count before flushing again.", -1,
                    ActionException.Kind.FAILED);
        }
        if (before < 0) {
            return new Done(step, now == 0 ? "flushed" : "unknown", e.getMessage() + " Read again, it holds "
                    + FlushStep.count(now) + " " + unit + "; its count before could not be read, so whether this flush"
                    + " emptied it is not known" + (now == 0 ? " (it is empty now)." : ": look before flushing again."),
                    now, now == 0 ? null : ActionException.Kind.FAILED);
        }
        if (now == 0 && before > 0) {
            return new Done(step, "flushed", e.getMessage() + " Read again, it holds 0 " + unit + " (" + FlushStep.count(before)
                    + " before): the flush happened.", 0, null);
        }
        return new Done(step, "failed", e.getMessage() + " Read again, it holds " + FlushStep.count(now) + " " + unit
                + " (" + FlushStep.count(before) + " before): the flush did not happen; flush it again.", now,
                ActionException.Kind.FAILED);
    }

    /** The keys the flush covers, read again; waits for Memcached's lazy count to settle when asked. -1 when unreadable. */
    private long keys(CacheOps caches, FlushStep step, boolean settle, Cancellation cancellation) {
        boolean memcached = step.node().kind() == CacheKind.MEMCACHED;
        long keys = -1;
        for (int i = 0; i < (settle && memcached ? SETTLE_TRIES : 1); i++) {
            try {
                keys = caches.read(step.node()).keys(request.db());
            } catch (ActionException e) {
                return -1;
            }
            if (keys == 0 || cancellation.await(SETTLE_MILLIS)) {
                break;
            }
        }
        return keys;
    }

    private ActionOutcome outcome(List<Done> done) {
        List<Done> ran = done.stream().filter(d -> d.step().flushes()).toList();
        long keysBefore = ran.stream().anyMatch(d -> d.step().keysBefore(request.db()) < 0) ? -1
                : ran.stream().mapToLong(d -> d.step().keysBefore(request.db())).sum();
        boolean afterKnown = ran.stream().allMatch(d -> d.keysAfter() >= 0);
        long keysAfter = ran.stream().mapToLong(d -> Math.max(0, d.keysAfter())).sum();
        Map<String, Object> facts = new LinkedHashMap<>(planFacts);
        facts.put("keysBefore", keysBefore < 0 ? null : keysBefore);
        facts.put("keysAfter", afterKnown ? keysAfter : null);
        if (!oneNode) {
            facts.put("nodes", done.stream().map(this::nodeJson).toList());
        }
        List<ActionItem> items = items(done);
        Done refused = first(ran, d -> d.failure() == ActionException.Kind.FORBIDDEN);
        Done failed = first(ran, d -> d.failure() != null && d.failure() != ActionException.Kind.FORBIDDEN);
        long flushed = ran.stream().filter(d -> d.state().equals("flushed") || d.state().equals("scheduled")).count();
        CacheOps.Node first = steps.get(0).node();
        String what = oneNode ? first.label() : (first.namespace().isEmpty() ? "" : first.namespace() + "/") + first.cluster();
        String counts = FlushStep.count(keysBefore) + " → " + (afterKnown ? FlushStep.count(keysAfter) : "unknown");
        ActionResult result;
        int exit;
        String message;
        if (refused != null || failed != null) {
            Done bad = refused != null ? refused : failed;
            result = refused != null ? ActionResult.REFUSED : ActionResult.FAILED;
            exit = refused != null ? 4 : bad.failure().exitCode();
            message = oneNode ? bad.reason() : "Flushed " + flushed + " of " + ran.size() + " nodes of " + what + ". "
                    + bad.step().node().label() + ": " + bad.reason();
        } else if (done.stream().anyMatch(d -> d.state().equals("cancelled"))) {
            result = ActionResult.CANCELLED;
            exit = result.exitCode();
            message = "Cancelled: flushed " + flushed + " of " + ran.size() + " nodes of " + what + " (" + counts
                    + "); the others keep their keys.";
        } else {
            result = ActionResult.DONE;
            exit = 0;
            List<Done> later = ran.stream().filter(d -> d.state().equals("scheduled")).toList();
            message = oneNode ? (later.isEmpty() ? "Flushed " : "Scheduled the flush of ") + what + " ("
                    + steps.get(0).flush().text() + "): " + counts + "."
                    : "Flushed " + flushed + " node" + (flushed == 1 ? "" : "s") + " of " + what + ": " + counts
                    + (later.isEmpty() ? "" : "; " + later.size() + " of them flush later (flush_all's delay, up to "
                    + later.get(later.size() - 1).step().flush().delaySeconds() + " s), and count their items until then")
                    + (ran.size() < done.size() ? " (" + (done.size() - ran.size()) + " not flushed: see each node)" : "")
                    + ".";
        }
        return new ActionOutcome(result, message, facts, items, null, exit, "", Duration.ZERO);
    }

    private Map<String, Object> nodeJson(Done d) {
        Map<String, Object> m = d.step().json(request.db());
        if (d.step().flushes()) {
            m.put("keysAfter", d.keysAfter() >= 0 ? d.keysAfter() : null);
        }
        m.put("result", d.state());
        if (!d.reason().isEmpty()) {
            m.put("message", d.reason());
        }
        return m;
    }

    private static Done first(List<Done> done, java.util.function.Predicate<Done> p) {
        return done.stream().filter(p).findFirst().orElse(null);
    }

    private static List<ActionItem> items(List<Done> done) {
        return done.stream().map(Done::item).toList();
    }
}
