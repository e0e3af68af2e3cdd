package io.opsdeck.app.settings;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opsdeck.services.k8s.config.ClusterErrors;

/**
 * {@code %msg} without the user-info of any URL in it. Opsdeck's own sentences already use redacted
 * URLs; this catches what libraries and exception messages quote (fabric8's "Error executing: GET at:
 * https://user:password@…"), so the log never holds a password from a kubeconfig's server URL.
 */
public class RedactingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return ClusterErrors.redactUrls(super.convert(event));
    }
}
