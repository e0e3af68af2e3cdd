package io.opsdeck.services.action;

import java.time.Duration;

/**
 * One row of an action's per-item table: a pod of a drain, a node of a cache flush, a pod on a
 * node being cordoned. States and outcomes are the JSON words of the command line
 * ({@code evict}, {@code skip}, {@code blocked}, {@code evicted}, {@code remaining}, …).
 *
 * @param state   what happens / happened to it, as a JSON word
 * @param reason  a sentence; empty when there is nothing to say
 * @param pdb     {@code namespace/name} of the budget in the way; empty for none; {@code unknown} when the
 *                budgets of its namespace could not be read (a budget may hold it)
 * @param node    where its replacement went, when known; empty otherwise
 * @param elapsed time spent on it so far; {@link Duration#ZERO} before it started
 */
public record ActionItem(String namespace, String name, String state, String reason, String pdb, String node,
                         Duration elapsed) {
    public ActionItem {
        namespace = namespace == null ? "" : namespace;
        reason = reason == null ? "" : reason;
        pdb = pdb == null ? "" : pdb;
        node = node == null ? "" : node;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    public static ActionItem of(String namespace, String name, String state, String reason) {
        return new ActionItem(namespace, name, state, reason, "", "", Duration.ZERO);
    }

    public ActionItem withState(String newState, String newReason) {
        return new ActionItem(namespace, name, newState, newReason, pdb, node, elapsed);
    }

    public String key() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
