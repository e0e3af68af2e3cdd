package io.opsdeck.services.model;

/**
 * A pairing of an external cache's address with the Kubernetes Secret (or the environment variable) its
 * password comes from, which the user must approve once before Opsdeck reads it and sends its value there, over the
 * connection the settings describe. An approval holds for exactly this pair in this context and this way
 * of connecting: another address, another reference, or a weaker connection (TLS turned off, verification
 * turned off, another CA file or certificate name) is another pairing, asked again.
 *
 * @param context   the kubeconfig context whose credentials read the Secret
 * @param cache     the external cache's name in Settings
 * @param address   {@code host:port} the password would be sent to
 * @param secretRef the reference, normalised to {@code secret:namespace/name#key} or {@code env:NAME}
 * @param connection how the password would travel, as words that end the question: {@code over TLS},
 *                   {@code over TLS (CA file F, certificate name N)}, {@code over TLS without checking its
 *                   certificate}, {@code without TLS}
 */
public record CacheApprovalRequest(String context, String cache, String address, String secretRef,
                                   String connection) {

    /** The reference without its prefix, as a person reads it: {@code namespace/name#key}. */
    public String secret() {
        return secretRef.startsWith("secret:") ? secretRef.substring("secret:".length()) : secretRef;
    }

    /** True when the password comes from an environment variable of Opsdeck ({@code env:NAME}). */
    public boolean fromEnvironment() {
        return secretRef.startsWith("env:");
    }

    /** Where the password comes from, as a person reads it: {@code Secret ns/name#key} or {@code environment variable NAME}. */
    public String source() {
        return fromEnvironment() ? "environment variable " + secretRef.substring("env:".length()) : "Secret " + secret();
    }

    /** The question the user answers, naming both halves of the pair. */
    public String question() {
        return "send the password from " + source() + " to " + address + " " + connection + "?";
    }

    /** How the pairing can be approved, for the command line and the log. */
    public String howToApprove() {
        return "approve it on the Caches page (Approve…) or with: opsdeck caches approve " + cache
                + " --context " + context;
    }
}
