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

    /**
     * One sentence for every refusal of a check, the namespaces of the same refused access named
     * together: "This user may not create on pods/eviction in namespaces payments, shop; …".
     */
    public static String sentence(java.util.List<AccessVerdict> refused) {
        if (refused.size() == 1) {
            return refused.get(0).sentence();
        }
        java.util.Map<String, java.util.List<AccessVerdict>> byAccess = new java.util.LinkedHashMap<>();
        for (AccessVerdict v : refused) {
            Permission p = v.permission();
            byAccess.computeIfAbsent(v.known() + " " + p.verb() + " " + p.group() + " " + p.resource() + "/" + p.subresource(),
                    k -> new java.util.ArrayList<>()).add(v);
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (java.util.List<AccessVerdict> same : byAccess.values()) {
            AccessVerdict first = same.get(0);
            if (same.size() == 1) {
                parts.add(first.sentence());
                continue;
            }
            Permission p = first.permission();
            Permission anywhere = new Permission(p.verb(), p.group(), p.resource(), p.subresource(), "", p.name());
            String where = " in namespaces " + String.join(", ", same.stream().map(v -> v.permission().namespace()).toList());
            parts.add(first.known()
                    ? "This user may not " + anywhere.describe() + where + "; ask the cluster's admins for that permission"
                    : "Could not check whether this user may " + anywhere.describe() + where + ": " + first.reason());
        }
        return String.join(". ", parts);
    }
}
