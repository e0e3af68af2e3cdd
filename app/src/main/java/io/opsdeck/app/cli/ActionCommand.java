package io.opsdeck.app.cli;

import io.opsdeck.services.action.ActionRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The options and wiring every action sub-command shares (picocli injects inherited fields): the
 * source options, {@code --dry-run --yes --confirm --json}, and the run through {@link ActionCli}.
 */
abstract class ActionCommand implements Callable<Integer> {
    @Mixin
    SourceOptions source;

    @ArgGroup(exclusive = false, heading = "")
    ActionCli.Flags flags = new ActionCli.Flags();

    @ParentCommand
    OpsdeckCommand parent;

    @Spec
    CommandSpec spec;

    /** Plans, checks, confirms and runs the request the sub-command's arguments make. */
    Integer execute(Supplier<ActionRequest> request) {
        return ActionCli.execute(parent, spec.commandLine(), source, flags, request);
    }
}
