package io.opsdeck.app.cli;

import io.opsdeck.services.action.Durations;
import io.opsdeck.services.action.ScaleRequest;
import io.opsdeck.services.action.WorkloadRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


/** {@code opsdeck scale NAMESPACE/KIND/NAME --replicas N}: through the action pipeline. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Scale a Deployment or StatefulSet through its scale subresource: plan, check, confirm, run, record.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done or planned", "2:bad arguments (unknown kind, negative replicas, no such object)",
            "3:cluster unreachable", "4:not allowed (RBAC, read-only or protected context, no confirmation)",
            "5:did not finish (rollout not complete within --wait)", "6:failed otherwise"})
public final class ScaleCommand extends ActionCommand {
    @Parameters(index = "0", paramLabel = "NAMESPACE/KIND/NAME", description = "KIND: deployment|statefulset (deploy, sts).")
    String target;

    @Option(names = "--replicas", required = true, paramLabel = "N", description = "The replica count wanted (0 or more).")
    int replicas;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "5m", paramLabel = "DURATION",
            description = "Follow the rollout until every replica is ready, up to DURATION (90s, 5m, 1h; default 5m).")
    String waitFor;

    @Override
    public Integer call() {
        return execute(() -> new ScaleRequest(WorkloadRef.parse(target), replicas,
                waitFor == null ? null : Durations.parse(waitFor)));
    }
}
