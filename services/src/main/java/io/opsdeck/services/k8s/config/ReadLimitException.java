package io.opsdeck.services.k8s.config;

import java.net.ProtocolException;

/**
 * The API server (or a proxy in front of it) sent more than Opsdeck reads: a larger answer, a
 * longer watch event or object, more objects than {@link KubeReadLimits} allows. Its message is the
 * sentence to show ("the API server sent … larger than …; …"). Retrying would read the same again,
 * so the informers treat it as final; it is a {@link ProtocolException} because that is what makes
 * fabric8's watch hand it to the informer's exception handler instead of reconnecting for ever.
 */
public final class ReadLimitException extends ProtocolException {
    /** Which cap: one answer, one watch event or object, or the number of objects. */
    public enum Cap { ANSWER, OBJECT, OBJECTS }

    private final Cap cap;

    public ReadLimitException(Cap cap, String sentence) {
        super(sentence);
        this.cap = cap;
    }

    public Cap cap() {
        return cap;
    }

    /** The {@link ReadLimitException} behind {@code t}, looking through wrappers; {@code null} if none. */
    public static ReadLimitException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ReadLimitException r) {
                return r;
            }
        }
        return null;
    }
}
