package io.opsdeck.services.action;

import java.time.Clock;

/** What a running action may use: the plan's context, where to report progress, and the cancel button. */
public record RunContext(PlanContext plan, ActionProgress.Listener progress, Cancellation cancellation) {

    public ClusterOps cluster() {
        return plan.cluster();
    }

    public Clock clock() {
        return plan.clock();
    }
}
