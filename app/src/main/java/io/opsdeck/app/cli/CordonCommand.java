package io.opsdeck.app.cli;

import io.opsdeck.services.action.CordonRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;


/** {@code opsdeck cordon NODE}: marks the node unschedulable, through the action pipeline. */
@Command(name = "cordon", mixinStandardHelpOptions = true,
        description = "Mark a node unschedulable (its pods keep running): plan, check, confirm, run, record.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done or planned", "2:bad arguments (no such node)", "3:cluster unreachable",
            "4:not allowed (RBAC, read-only or protected context, no confirmation)", "6:failed otherwise"})
public final class CordonCommand extends ActionCommand {
    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
        return execute(() -> new CordonRequest(node, true));
    }

    /** {@code opsdeck uncordon NODE}. */
    @Command(name = "uncordon", mixinStandardHelpOptions = true,
            description = "Mark a node schedulable again: plan, check, confirm, run, record.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done or planned", "2:bad arguments (no such node)", "3:cluster unreachable",
                "4:not allowed (RBAC, read-only or protected context, no confirmation)", "6:failed otherwise"})
    public static final class Uncordon extends ActionCommand {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Override
        public Integer call() {
            return execute(() -> new CordonRequest(node, false));
        }
    }
}
