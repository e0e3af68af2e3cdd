package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionOutcome;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionProgress;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.Cancellation;
import io.opsdeck.views.common.Fx;
import io.opsdeck.views.common.FxPublisher;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The actions' view model, shared by every page: the current session's pipeline, the one action on
 * screen ({@link ActionFlow}), and the last notification. Plan, check and run go to the backend's
 * executors (they wait on the network); each result comes back to the FX thread in one
 * {@code Platform.runLater}. Every method here runs on the FX thread.
 */
public final class ActionModel {
    private static final Logger LOG = LoggerFactory.getLogger(ActionModel.class);

    private final ObjectProperty<ActionBackend> backend = new SimpleObjectProperty<>(ActionBackend.NONE);
    private final ReadOnlyObjectWrapper<ActionFlow> flow = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ActionNotice> notice = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper finished = new ReadOnlyIntegerWrapper();
    private Consumer<String> recorder = text -> { };
    /** Bumped whenever the flow on screen is replaced or closed, so a late plan is dropped. */
    private long generation;
    private long serial;
    private Cancellation running;
    /** Confirm as soon as the plan being made arrives, when it warns of nothing new (Enter on a changed count). */
    private Set<String> confirmWhenReady;

    public ActionModel() {
        backend.addListener((obs, o, n) -> {
            if (running == null && flow.get() != null) {
                close();
            }
            // an undo is planned in the current session: after a switch it would act on another cluster
            ActionNotice shown = notice.get();
            if (shown != null && (shown.undo() != null || shown.escalate() != null) && running == null) {
                notice.set(shown.inert(shown.text() + " (Undo is in Activity, from its own context.)", ++serial));
            }
        });
    }

    /** The current session's actions; the app sets it when a session opens or fails. */
    public ObjectProperty<ActionBackend> backendProperty() {
        return backend;
    }

    public ReadOnlyObjectProperty<ActionFlow> flowProperty() {
        return flow.getReadOnlyProperty();
    }

    public ActionFlow flow() {
        return flow.get();
    }

    public ReadOnlyObjectProperty<ActionNotice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Counts actions that ended (done, failed or refused), so lists of the audit trail know to read it again. */
    public ReadOnlyIntegerProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** Where a line about each action goes (the session's activity list). */
    public void setRecorder(Consumer<String> recorder) {
        this.recorder = recorder;
    }

    /** Why actions are off, in a sentence; empty when they are on. */
    public String unavailableReason() {
        ActionBackend b = backend.get();
        return b.available() ? "" : "Actions are off: " + b.unavailable() + ".";
    }

    /** Plans and checks {@code request} off the FX thread, then shows the confirmation dialog. */
    public void start(ActionRequest request) {
        start(request, false);
    }

    /** Same as {@link #start}, for the undo of an earlier action: planned, checked and confirmed anew. */
    public void undo(ActionRequest request) {
        start(request, true);
    }

    private void start(ActionRequest request, boolean undo) {
        Fx.assertFxThread();
        if (request == null) {
            return; // whoever could not make it said why (see refuse)
        }
        if (running != null) {
            flow.set(flow.get().hidden(false));
            say("An action is running: wait for it to end, or cancel it, before starting another.");
            return;
        }
        ActionBackend b = backend.get();
        if (!b.available()) {
            say(unavailableReason());
            return;
        }
        confirmWhenReady = null;
        flow.set(ActionFlow.planning(request, undo));
        plan(b, request);
    }

    /**
     * Plans the request again (the user changed the replica count); Confirm waits for the new plan.
     * A request that asks for what is already planned changes nothing.
     */
    public void replan(ActionRequest request) {
        Fx.assertFxThread();
        ActionFlow f = flow.get();
        if (f == null || f.phase() == ActionFlow.Phase.RUNNING || request.equals(f.request())) {
            return;
        }
        flow.set(f.replanning(request));
        plan(backend.get(), request);
    }

    private void plan(ActionBackend b, ActionRequest request) {
        long gen = ++generation;
        ActionPipeline pipeline = b.pipeline();
        submit(b.planner(), () -> {
            ActionPlan plan = null;
            ActionCheck check = null;
            String error = "";
            try {
                plan = pipeline.plan(request);
                check = pipeline.check(plan);
            } catch (ActionException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                LOG.warn("Planning {} failed", request.commandLine(), e);
                error = "Opsdeck could not plan '" + request.commandLine() + "': " + e.getMessage();
            }
            ActionPlan p = plan;
            ActionCheck c = check;
            String why = error;
            var identity = pipeline.identity();
            var policy = pipeline.policy();
            Platform.runLater(() -> planned(gen, b, request, identity, policy, p, c, why));
        }, () -> {
            close();
            say("The session was closed meanwhile: nothing was planned or changed. Try again.");
        });
    }

    private void planned(long gen, ActionBackend b, ActionRequest request, io.opsdeck.services.action.Identity identity,
                         io.opsdeck.services.action.ContextPolicy policy, ActionPlan plan, ActionCheck check, String error) {
        ActionFlow f = flow.get();
        if (gen != generation || f == null || backend.get() != b) {
            return;
        }
        ActionFlow next = ActionFlow.confirm(request, identity, policy, plan, check, f.undo());
        if (plan == null || check == null) {
            next = next.failed(error);
        }
        flow.set(next);
        Set<String> shown = confirmWhenReady;
        confirmWhenReady = null;
        if (shown != null && next.confirmable() && !check.typedConfirmation() && shown.containsAll(plan.warnings())) {
            confirm("");
        }
    }

    /**
     * Confirms the action on screen: Enter or the Confirm button. When the plan is being made again
     * (the count was just changed) it confirms once the plan arrives, unless the new plan warns of
     * something the user has not seen or asks for a name typed.
     *
     * @param typed what the user typed; ignored when nothing must be typed
     */
    public void confirm(String typed) {
        Fx.assertFxThread();
        ActionFlow f = flow.get();
        if (f == null || f.phase() != ActionFlow.Phase.CONFIRM) {
            return;
        }
        if (f.stale()) {
            confirmWhenReady = new HashSet<>(f.plan() == null ? List.of() : f.plan().warnings());
            return;
        }
        if (!f.confirmable() || f.check().typedConfirmation() && !f.check().confirmText().equals(typed.trim())) {
            return;
        }
        ActionBackend b = backend.get();
        Cancellation cancellation = new Cancellation();
        running = cancellation;
        generation++;
        flow.set(f.running(ActionProgress.of(-1, f.plan().title() + "…")));
        FxPublisher<ActionProgress> progress = new FxPublisher<>(p -> {
            ActionFlow now = flow.get();
            if (running == cancellation && now != null && now.phase() == ActionFlow.Phase.RUNNING) {
                flow.set(now.running(p));
            }
        });
        recorder.accept("Started: " + f.plan().title());
        submit(b.runner(), () -> {
            ActionOutcome outcome;
            try {
                outcome = b.pipeline().run(f.plan(), f.check(), typed, progress::accept, cancellation);
            } catch (RuntimeException e) {
                LOG.error("Action {} failed", f.plan().title(), e);
                outcome = ActionOutcome.of(io.opsdeck.services.action.ActionResult.FAILED,
                        f.plan().title() + " failed: " + e.getMessage());
            }
            ActionOutcome o = outcome;
            Platform.runLater(() -> ended(cancellation, o, b));
        }, () -> ended(cancellation, ActionOutcome.of(io.opsdeck.services.action.ActionResult.FAILED,
                "The session was closed before " + f.plan().title() + " could start: nothing was changed."), b));
    }

    private void ended(Cancellation cancellation, ActionOutcome outcome, ActionBackend b) {
        if (running != cancellation) {
            return;
        }
        running = null;
        generation++;
        flow.set(null);
        ActionNotice n = ActionNotice.of(outcome, ++serial);
        // the session changed while it ran: Undo here would act on the new one
        notice.set(backend.get() == b ? n : n.inert(n.text(), n.serial()));
        recorder.accept(outcome.result().word() + ": " + outcome.message());
        finished.set(finished.get() + 1);
    }

    /** Cancel: stops a running action (it ends at its next step), or closes the dialog. */
    public void cancel() {
        Fx.assertFxThread();
        if (running != null) {
            running.cancel();
            ActionFlow f = flow.get();
            flow.set(f.running(new io.opsdeck.services.action.ActionProgress(f.progress() == null ? -1
                    : f.progress().fraction(), "Cancelling: stopping at the next step…",
                    f.progress() == null ? List.of() : f.progress().items())));
            return;
        }
        close();
    }

    /** Hides the progress pane of a running action; the notification comes when it ends. */
    public void hide() {
        Fx.assertFxThread();
        ActionFlow f = flow.get();
        if (f != null && f.phase() == ActionFlow.Phase.RUNNING) {
            flow.set(f.hidden(true));
        }
    }

    /** Shows a plan without planning it (for {@code snapshot --action}, which planned it already). */
    public void show(ActionFlow f) {
        Fx.assertFxThread();
        generation++;
        flow.set(f);
    }

    public void dismissNotice() {
        Fx.assertFxThread();
        notice.set(null);
    }

    public boolean isRunning() {
        return running != null;
    }

    private void close() {
        generation++;
        confirmWhenReady = null;
        flow.set(null);
    }

    /** Runs {@code work} on {@code executor}; {@code refused} (on the FX thread) when the session closed it. */
    private static void submit(java.util.concurrent.Executor executor, Runnable work, Runnable refused) {
        try {
            executor.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.info("The session's action executor is closed: {}", e.toString());
            refused.run();
        }
    }

    /** Says in the window why an action was not started. */
    public void refuse(String text) {
        say(text);
    }

    private void say(String text) {
        notice.set(ActionNotice.info(text, ++serial));
    }
}
