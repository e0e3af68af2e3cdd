package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.cache.CacheTlsRules;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.views.shell.ExternalCacheEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns the external caches of the settings into addresses to poll, reporting each one it cannot use, and
 * the TLS settings of the cluster's caches into {@link CacheTlsRules}.
 */
public final class ExternalCaches {
    private ExternalCaches() {
    }

    /**
     * @param problems gets a sentence for each entry that is skipped (the entry stays in the settings)
     */
    public static List<CacheAddress> parse(List<Settings.ExternalCache> entries, Consumer<String> problems) {
        List<CacheAddress> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Settings.ExternalCache e : entries) {
            String label = e.name().isEmpty() ? "an external cache without a name" : "the external cache " + e.name();
            try {
                CacheKind kind = kind(e.kind(), label);
                String address = e.address();
                boolean rediss = address.toLowerCase(Locale.ROOT).startsWith("rediss://");
                if (rediss || address.toLowerCase(Locale.ROOT).startsWith("redis://")) {
                    if (kind != CacheKind.REDIS) {
                        throw new IllegalArgumentException("The address of " + label + " is a Redis URL, but its kind"
                                + " is " + kind.id() + "; write host:port and set TLS separately for Memcached");
                    }
                    address = address.substring(address.indexOf("://") + 3);
                    if (address.endsWith("/")) {
                        address = address.substring(0, address.length() - 1);
                    }
                    if (address.contains("@") || address.contains("/")) {
                        // deliberately not echoed: user-info may hold a password
                        throw new IllegalArgumentException("The address of " + label + " must be rediss://host:port"
                                + " without a user, password or database; give the password as a reference");
                    }
                }
                if (address.contains("@")) {
                    // user-info without a scheme (user:password@host:port): deliberately not echoed either
                    throw new IllegalArgumentException("The address of " + label + " must be host:port without a"
                            + " user or password; give the password as a reference");
                }
                int colon = address.lastIndexOf(':');
                if (colon <= 0 || colon == address.length() - 1) {
                    throw new IllegalArgumentException("The address of " + label + " must be host:port, not '"
                            + address + "'");
                }
                String host = address.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(address.substring(colon + 1));
                } catch (NumberFormatException nfe) {
                    throw new IllegalArgumentException("The port of " + label + " must be a number, not '"
                            + address.substring(colon + 1) + "'");
                }
                CacheTls tls = e.tls() != null ? tls(e.tls()) : rediss ? CacheTls.VERIFIED : CacheTls.OFF;
                CacheAddress a = new CacheAddress(e.name(), kind, host, port, e.authRef(), tls,
                        e.allowCleartextPassword());
                if (!names.add(a.name())) {
                    throw new IllegalArgumentException("There are two external caches named " + a.name()
                            + "; the second is skipped");
                }
                out.add(a);
            } catch (IllegalArgumentException ex) {
                problems.accept(ex.getMessage() + " (Settings → External caches)");
            }
        }
        return out;
    }

    /** An entry of the settings as the Settings page edits it (an address rediss://… is TLS with the defaults). */
    static ExternalCacheEntry entry(Settings.ExternalCache c) {
        CacheTls tls;
        try {
            tls = c.tls() != null ? tls(c.tls())
                    : c.address().toLowerCase(Locale.ROOT).startsWith("rediss://") ? CacheTls.VERIFIED : CacheTls.OFF;
        } catch (IllegalArgumentException e) {
            tls = CacheTls.OFF; // reported when the entry is parsed for polling
        }
        return new ExternalCacheEntry(c.name(), c.kind(), c.address(), c.authRef(), tls, c.allowCleartextPassword());
    }

    /** The Settings page's entry as saved: TLS written out only when it is on. */
    static Settings.ExternalCache setting(ExternalCacheEntry e) {
        CacheTls t = e.tls();
        Settings.TlsSettings tls = t.enabled() ? new Settings.TlsSettings(t.verify(), t.caFile(), t.serverName(),
                t.clientCertFile(), t.clientKeyFile()) : null;
        return new Settings.ExternalCache(e.name(), e.kind(), e.address(), e.passwordRef(), tls,
                e.allowCleartextPassword());
    }

    /** The settings' TLS as the cache adapter takes it. */
    static CacheTls tls(Settings.TlsSettings t) {
        return new CacheTls(true, t.verify(), t.caFile(), t.serverName(), t.clientCertFile(), t.clientKeyFile());
    }

    /** The TLS of the cluster's caches ({@code cacheTls}, keyed {@code namespace/cluster} or {@code namespace/pod}). */
    static CacheTlsRules rules(Map<String, Settings.TlsSettings> cacheTls) {
        Map<String, CacheTls> out = new TreeMap<>();
        cacheTls.forEach((k, v) -> out.put(k, tls(v)));
        return new CacheTlsRules(out);
    }

    private static CacheKind kind(String id, String label) {
        for (CacheKind k : CacheKind.values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("The kind of " + label + " must be redis or memcached, not '" + id + "'");
    }
}
