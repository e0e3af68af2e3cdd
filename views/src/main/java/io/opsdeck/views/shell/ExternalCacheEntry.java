package io.opsdeck.views.shell;

/**
 * A cache outside the cluster as the Settings page edits it.
 *
 * @param kind        {@code redis} or {@code memcached}
 * @param address     {@code host:port}
 * @param passwordRef {@code env:VAR} or {@code secret:namespace/name#key}, or empty; never a password
 */
public record ExternalCacheEntry(String name, String kind, String address, String passwordRef) {
    public ExternalCacheEntry {
        name = name == null ? "" : name.trim();
        kind = kind == null ? "" : kind.trim();
        address = address == null ? "" : address.trim();
        passwordRef = passwordRef == null ? "" : passwordRef.trim();
    }
}
