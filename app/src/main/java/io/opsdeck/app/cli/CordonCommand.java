package io.opsdeck.app.cli;

import io.opsdeck.services.action.CordonRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code opsdeck cordon NODE}: marks the node unschedulable, through the action pipeline. */
@Command(name = "cordon", mixinStandardHelpOptions = true,
        description = "Mark a node unschedulable (its pods keep running): plan, check, confirm, run, record.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done or planned", "2:bad arguments (no such node)", "3:cluster unreachable",
            "4:not allowed (RBAC, read-only or protected context, no confirmation)", "6:failed otherwise"})
public final class CordonCommand implements Callable<Integer> {
    @Mixin
    SourceOptions source;

    @ArgGroup(exclusive = false, heading = "")
    ActionCli.Flags flags = new ActionCli.Flags();

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @ParentCommand
    OpsdeckCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ActionCli.execute(parent, spec.commandLine(), source, flags, () -> new CordonRequest(node, true));
    }

    /** {@code opsdeck uncordon NODE}. */
    @Command(name = "uncordon", mixinStandardHelpOptions = true,
            description = "Mark a node schedulable again: plan, check, confirm, run, record.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done or planned", "2:bad arguments (no such node)", "3:cluster unreachable",
                "4:not allowed (RBAC, read-only or protected context, no confirmation)", "6:failed otherwise"})
    public static final class Uncordon implements Callable<Integer> {
        @Mixin
        SourceOptions source;

        @ArgGroup(exclusive = false, heading = "")
        ActionCli.Flags flags = new ActionCli.Flags();

        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @ParentCommand
        OpsdeckCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return ActionCli.execute(parent, spec.commandLine(), source, flags, () -> new CordonRequest(node, false));
        }
    }
}
