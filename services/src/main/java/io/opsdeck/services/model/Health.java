package io.opsdeck.services.model;

import java.util.Locale;

/** Health of a service, worst last. */
public enum Health {
    HEALTHY, UNKNOWN, DEGRADED, DOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
