package io.opsdeck.views.shell;

import io.opsdeck.services.model.CacheTls;

/**
 * A cache outside the cluster as the Settings page edits it.
 *
 * @param kind                   {@code redis} or {@code memcached}
 * @param address                {@code host:port} ({@code rediss://host:port} for a Redis over TLS)
 * @param passwordRef            {@code env:VAR} or {@code secret:namespace/name#key}, or empty; never a password
 * @param tls                    how the connection is encrypted; {@link CacheTls#OFF} for not at all
 * @param allowCleartextPassword the password may go to this address without TLS
 */
public record ExternalCacheEntry(String name, String kind, String address, String passwordRef, CacheTls tls,
                                 boolean allowCleartextPassword) {
    public ExternalCacheEntry {
        name = name == null ? "" : name.trim();
        kind = kind == null ? "" : kind.trim();
        address = address == null ? "" : address.trim();
        passwordRef = passwordRef == null ? "" : passwordRef.trim();
        tls = tls == null ? CacheTls.OFF : tls;
    }

    public ExternalCacheEntry(String name, String kind, String address, String passwordRef) {
        this(name, kind, address, passwordRef, CacheTls.OFF, false);
    }

    /**
     * How the Settings list and the Caches page say it: {@code TLS}, {@code TLS (not verified)}, a password
     * sent without TLS (allowed), or one that is not sent; empty for a plain cache without a password.
     */
    public String connectionLabel() {
        if (tls.enabled()) {
            return tls.label();
        }
        if (passwordRef.isEmpty()) {
            return "";
        }
        return allowCleartextPassword ? "password sent without TLS (allowed)" : "no TLS: password not sent";
    }
}
