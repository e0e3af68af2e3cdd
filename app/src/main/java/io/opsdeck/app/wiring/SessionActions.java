package io.opsdeck.app.wiring;

import io.opsdeck.views.action.ActionBackend;

/**
 * The views' handle on a session's actions: its pipeline, with plan/check and runs on two of the
 * session's own named threads (closed with it), so a long run never holds up the next plan.
 */
final class SessionActions {
    static final String UNOPENED = "the cluster could not be opened";

    private SessionActions() {
    }

    /** Call once per session (each call makes the session two threads). */
    static ActionBackend of(Session session) {
        return session.actions()
                .map(p -> ActionBackend.of(p, session.workers().scheduler("action-plan"),
                        session.workers().scheduler("action-run")))
                .orElse(ActionBackend.off(UNOPENED));
    }
}
