package io.opsdeck.services.action;

import java.util.List;

/**
 * May this action run here, and what must the user type to confirm it.
 *
 * @param allowed      false when RBAC, the context's policy, the plan or the server's dry run refuse it
 * @param refusal      {@code FORBIDDEN} (RBAC), {@code REFUSED} (read-only context, a plan that cannot
 *                     run), {@code BLOCKED}, or {@code FAILED} (a dry run the server rejected); null when allowed
 * @param reason       a sentence saying why it may not run, naming the missing permission
 * @param access       the answer to each permission the plan needs
 * @param dryRun       the server's dry-run verdict in a sentence; empty when none was made
 * @param confirmText  what must be typed to confirm; empty when Enter confirms
 */
public record ActionCheck(boolean allowed, ActionResult refusal, String reason, List<AccessVerdict> access,
                          String dryRun, String confirmText) {
    public ActionCheck {
        access = List.copyOf(access);
        reason = reason == null ? "" : reason;
        dryRun = dryRun == null ? "" : dryRun;
        confirmText = confirmText == null ? "" : confirmText;
    }

    public boolean typedConfirmation() {
        return !confirmText.isEmpty();
    }
}
