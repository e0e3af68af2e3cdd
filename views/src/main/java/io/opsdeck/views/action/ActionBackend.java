package io.opsdeck.views.action;

import io.opsdeck.services.action.ActionPipeline;

import java.util.concurrent.Executor;

/**
 * The current session's actions, as the views see them: the pipeline and where its calls run (they
 * wait on the network), or, when there is none, why actions are off.
 *
 * @param planner     runs plan and check (short; one after another)
 * @param runner      runs the confirmed action (may take minutes: a rollout, a drain)
 * @param unavailable why there are no actions; empty when {@code pipeline} is set
 */
public record ActionBackend(ActionPipeline pipeline, Executor planner, Executor runner, String unavailable) {
    public static final ActionBackend NONE = off("no cluster is open yet");

    public ActionBackend {
        unavailable = unavailable == null ? "" : unavailable;
    }

    public static ActionBackend of(ActionPipeline pipeline, Executor planner, Executor runner) {
        return new ActionBackend(pipeline, planner, runner, "");
    }

    public static ActionBackend off(String why) {
        return new ActionBackend(null, null, null, why);
    }

    public boolean available() {
        return pipeline != null;
    }
}
