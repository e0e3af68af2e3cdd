package io.opsdeck.app.cli;

import io.opsdeck.services.action.DrainOptions;
import io.opsdeck.services.action.DrainRequest;
import io.opsdeck.services.action.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opsdeck drain NODE}: cordon, then evict every pod through the Eviction API so each
 * PodDisruptionBudget holds, through the action pipeline. {@code --dry-run} prints the pre-flight
 * plan and changes nothing, not even the cordon.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain a node as kubectl drain does: cordon it, then evict its pods through the Eviction API,"
                + " every PodDisruptionBudget honoured; DaemonSet and mirror pods stay. A budget in the way is asked"
                + " again every 5 s, its name and what it waits for shown per pod.",
            "The plan lists every pod with what will happen to it (evict, skip, blocked, needs-flag); --json adds them"
                + " as 'pods' (namespace, name, outcome, reason, pdb, node)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done or planned", "2:bad arguments (no such node, bad duration)", "3:cluster unreachable",
            "4:not allowed (RBAC, read-only or protected context, no confirmation, a pod needs a flag)",
            "5:did not finish (pods blocked by a budget or left at the timeout, cancelled)", "6:failed otherwise"})
public final class DrainCommand extends ActionCommand {
    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for the pods to go (90s, 5m, 1h; 0 waits forever). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--grace-period", paramLabel = "SECONDS", defaultValue = "-1",
            description = "The grace period given to each pod, in seconds; by default each pod's own.")
    long gracePeriod;

    @Option(names = "--delete-emptydir-data", description = "Also evict pods with emptyDir volumes (their local data is lost).")
    boolean deleteEmptyDirData;

    @Option(names = "--force", description = "Also evict pods that no controller manages (they do not come back).")
    boolean force;

    @Override
    public Integer call() {
        return execute(() -> {
            if (gracePeriod < -1) {
                throw new IllegalArgumentException("Invalid --grace-period " + gracePeriod
                        + ": give whole seconds, 0 or more (leave it out for each pod's own)");
            }
            return new DrainRequest(node, new DrainOptions(Durations.parse(timeout), gracePeriod, deleteEmptyDirData, force));
        });
    }
}
