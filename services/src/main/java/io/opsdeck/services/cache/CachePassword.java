package io.opsdeck.services.cache;

/**
 * A cache password read from where its reference points. It is never shown: {@link #toString()}
 * masks it, it is not serializable, and only the protocol readers call {@link #reveal()}.
 */
public final class CachePassword {
    private final String secret;

    CachePassword(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("An empty password is no password");
        }
        this.secret = secret;
    }

    /** For the protocol readers: the text to send to the server. */
    String reveal() {
        return secret;
    }

    @Override
    public String toString() {
        return "****";
    }
}
