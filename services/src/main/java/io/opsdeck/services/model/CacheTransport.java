package io.opsdeck.services.model;

/**
 * How Opsdeck's own connection to a cache node is protected, as settings make it: what the Caches page
 * and {@code report --json} ({@code caches[].tls}) say about it. A port-forward travels inside the
 * API server's TLS connection, so cleartext there does not leave the cluster unencrypted.
 */
public enum CacheTransport {
    /** Not known or not applicable (the sandbox, before the first poll). */
    UNKNOWN(null, ""),
    TLS("verified", "TLS"),
    /** TLS without checking the certificate: a weakening. */
    TLS_NOT_VERIFIED("not-verified", "TLS (not verified)"),
    /** No TLS to the pod, but inside the API server's TLS connection. */
    PORT_FORWARD("off", "no TLS to the pod; inside the API server's TLS (port-forward)"),
    /** No TLS and no password: nothing secret goes over the wire. */
    PLAIN("off", "no TLS (no password)"),
    /** No TLS, and the user allowed the password to go in cleartext: a weakening. */
    CLEARTEXT_ALLOWED("off", "password sent without TLS (allowed in Settings)"),
    /** No TLS, a password, and no allowance: the password is not sent, the figures are unknown. */
    CLEARTEXT_REFUSED("off", "no TLS: password not sent");

    private final String reportValue;
    private final String label;

    CacheTransport(String reportValue, String label) {
        this.reportValue = reportValue;
        this.label = label;
    }

    /** {@code verified}, {@code not-verified}, {@code off}, or null when unknown: {@code caches[].tls}. */
    public String reportValue() {
        return reportValue;
    }

    /** The words the Caches page shows; empty when unknown. */
    public String label() {
        return label;
    }

    /** Shown as a weakening: TLS not verified, or a password sent without TLS. */
    public boolean weakened() {
        return this == TLS_NOT_VERIFIED || this == CLEARTEXT_ALLOWED;
    }

    public boolean encrypted() {
        return this == TLS || this == TLS_NOT_VERIFIED;
    }
}
