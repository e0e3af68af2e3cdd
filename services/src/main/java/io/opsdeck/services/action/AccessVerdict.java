package io.opsdeck.services.action;

/**
 * The answer to one {@link Permission}: allowed or not, and the server's reason when it gave one.
 * {@code known} is false when the question itself could not be asked (the review API failed): the
 * action is then not offered, and the reason says why.
 */
public record AccessVerdict(Permission permission, boolean allowed, boolean known, String reason) {
    public AccessVerdict {
        reason = reason == null ? "" : reason;
    }

    public static AccessVerdict allowed(Permission p) {
        return new AccessVerdict(p, true, true, "");
    }

    public static AccessVerdict denied(Permission p, String reason) {
        return new AccessVerdict(p, false, true, reason);
    }

    public static AccessVerdict unknown(Permission p, String reason) {
        return new AccessVerdict(p, false, false, reason);
    }

    /** A sentence for a refusal: which permission is missing, and the server's reason. */
    public String sentence() {
        if (allowed) {
            return "may " + permission.describe();
        }
        if (!known) {
            return "Could not check whether this user may " + permission.describe() + ": " + reason;
        }
        return "This user may not " + permission.describe() + (reason.isBlank() ? "" : " (" + reason + ")")
                + "; ask the cluster's admins for that permission";
    }
}
