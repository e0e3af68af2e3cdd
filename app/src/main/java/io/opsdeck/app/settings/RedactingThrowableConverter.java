package io.opsdeck.app.settings;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.opsdeck.services.k8s.config.ClusterErrors;

/** Stack traces as {@code %xEx} prints them, without the user-info of any URL in their messages. */
public class RedactingThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return ClusterErrors.redactUrls(super.throwableProxyToString(proxy));
    }
}
