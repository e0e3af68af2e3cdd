package io.opsdeck.services.action;

/**
 * Who acts where, for the confirmation dialog and the audit trail. Names only, never a credential.
 *
 * @param context the kubeconfig context (or {@code sandbox})
 * @param server  the API server's URL, without user information
 * @param user    the kubeconfig's user name for the context; empty when it names none
 */
public record Identity(String context, String server, String user, boolean sandbox) {
    public Identity {
        server = server == null ? "" : server;
        user = user == null ? "" : user;
    }

    /** The user's name for sentences ("scaled 2 → 4 by alice with Opsdeck"). */
    public String userOrUnknown() {
        return user.isBlank() ? "an unnamed user" : user;
    }
}
