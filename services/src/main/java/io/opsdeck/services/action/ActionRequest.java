package io.opsdeck.services.action;

import java.util.Map;

/**
 * What a user asked for, before anything is read: an action, its target and its parameters. Each
 * kind of action knows how to plan itself; the pipeline does the rest. {@link #commandLine()} is the
 * request written as the command line writes it, which is also how an undo is kept in the audit
 * trail and read back ({@link ActionRequests#parse}).
 */
public interface ActionRequest {

    /** {@code scale}, {@code cordon}, {@code uncordon}, {@code drain}, {@code flush}. */
    String action();

    /** What it acts on, as the command line names it. */
    String target();

    /** The parameters, for the audit trail and {@code --json}. Never a secret. */
    Map<String, Object> parameters();

    /** The request as a command line (without the program name): {@code scale shop/deployment/web --replicas 3}. */
    String commandLine();

    /** The {@code --json} key of the per-item rows: {@code pods} for a drain, {@code nodes} for a cache cluster. */
    default String itemsKey() {
        return "items";
    }

    /** Reads what the plan needs and says exactly what will change. */
    ActionPlan plan(PlanContext context) throws ActionException;
}
