package io.opsdeck.services.model;

/** How a connection to the cluster or to metrics is doing. */
public enum ConnectionState {
    /** Not yet connected for the first time. */
    CONNECTING,
    /** Data is flowing. */
    CONNECTED,
    /** Partly working: some data is missing or stale (e.g. a forbidden resource, a slow server). */
    DEGRADED,
    /** Not reachable; what is shown is the last data, if any. */
    DOWN,
    /** Nothing configured (e.g. no Prometheus for this context). */
    NOT_CONFIGURED
}
