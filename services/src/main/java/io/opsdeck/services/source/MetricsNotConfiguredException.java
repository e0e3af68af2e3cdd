package io.opsdeck.services.source;

/** There is no metrics source to ask (none configured, none found). Not an outage: nothing to retry soon. */
public class MetricsNotConfiguredException extends MetricsUnavailableException {
    private static final long serialVersionUID = 1L;

    public MetricsNotConfiguredException(String message) {
        super(message);
    }
}
