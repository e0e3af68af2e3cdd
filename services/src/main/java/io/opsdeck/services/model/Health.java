package io.opsdeck.services.model;

/** Health of a service, worst last. */
public enum Health {
    HEALTHY, UNKNOWN, DEGRADED, DOWN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
