package io.opsdeck.app.cli;

import io.opsdeck.app.wiring.Session;
import io.opsdeck.services.action.ActionCheck;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionPipeline;
import io.opsdeck.services.action.ActionPlan;
import io.opsdeck.services.action.ActionRequest;
import io.opsdeck.services.action.ActionRequests;
import io.opsdeck.views.action.ActionFlow;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code snapshot --action "scale shop/deployment/checkout --replicas 5"}: plans and checks the
 * action for real (nothing is sent but reads, the access review and the server's dry run) and gives
 * the confirmation dialog to render, so the plan can be looked at headless.
 */
final class SnapshotAction {
    private SnapshotAction() {
    }

    /** @throws ParameterException (exit 2) when the text is no action, or names nothing that exists */
    static ActionFlow plan(Session session, String commandLine, CommandLine cmd) {
        ActionRequest request;
        try {
            request = ActionRequests.parse(commandLine);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "Invalid --action: " + e.getMessage());
        }
        ActionPipeline pipeline = session.actions().orElseThrow(() -> new ParameterException(cmd,
                "No actions on this cluster: it could not be opened (" + session.reason() + ")"));
        try {
            ActionPlan plan = pipeline.plan(request);
            ActionCheck check = pipeline.check(plan);
            return ActionFlow.confirm(request, pipeline.identity(), pipeline.policy(), plan, check, false);
        } catch (ActionException e) {
            if (e.kind() == ActionException.Kind.BAD_REQUEST) {
                throw new ParameterException(cmd, "Invalid --action: " + e.getMessage());
            }
            return ActionFlow.confirm(request, pipeline.identity(), pipeline.policy(), null, null, false).failed(e.getMessage());
        }
    }
}
