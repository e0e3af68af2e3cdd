package io.opsdeck.services.source;

/** The metrics source could not answer. The message is a sentence a person can act on. */
public class MetricsUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public MetricsUnavailableException(String message) {
        super(message);
    }

    public MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
