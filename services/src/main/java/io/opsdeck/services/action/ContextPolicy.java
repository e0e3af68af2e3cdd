package io.opsdeck.services.action;

/**
 * What the user said about a context: read-only (no action at all) or protected (every action
 * needs the context's name typed). From Settings, and {@code --read-only} for one run.
 *
 * @param readOnlyWhy where read-only came from ("--read-only", "Settings"), for the refusal's sentence
 */
public record ContextPolicy(boolean readOnly, boolean protectedContext, String readOnlyWhy) {
    public static final ContextPolicy OPEN = new ContextPolicy(false, false, "");

    public ContextPolicy {
        readOnlyWhy = readOnlyWhy == null ? "" : readOnlyWhy;
    }
}
