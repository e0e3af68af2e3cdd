package io.opsdeck.services.model;

/**
 * A pairing of an external cache's address with the Kubernetes Secret its password comes from, which
 * the user must approve once before Opsdeck reads that Secret and sends its value there. An approval
 * holds for exactly this pair in this context: another address or another reference is another pair.
 *
 * @param context   the kubeconfig context whose credentials read the Secret
 * @param cache     the external cache's name in Settings
 * @param address   {@code host:port} the password would be sent to
 * @param secretRef the reference, normalised to {@code secret:namespace/name#key}
 */
public record CacheApprovalRequest(String context, String cache, String address, String secretRef) {

    /** The reference without its prefix, as a person reads it: {@code namespace/name#key}. */
    public String secret() {
        return secretRef.startsWith("secret:") ? secretRef.substring("secret:".length()) : secretRef;
    }

    /** The question the user answers, naming both halves of the pair. */
    public String question() {
        return "send the password from Secret " + secret() + " to " + address + "?";
    }

    /** How the pairing can be approved, for the command line and the log. */
    public String howToApprove() {
        return "approve it on the Caches page (Approve…) or with: opsdeck caches approve " + cache
                + " --context " + context;
    }
}
