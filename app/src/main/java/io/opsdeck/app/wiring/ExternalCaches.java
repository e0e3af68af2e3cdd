package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** Turns the external caches of the settings into addresses to poll, reporting each one it cannot use. */
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
                int colon = e.address().lastIndexOf(':');
                if (colon <= 0 || colon == e.address().length() - 1) {
                    throw new IllegalArgumentException("The address of " + label + " must be host:port, not '"
                            + e.address() + "'");
                }
                String host = e.address().substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(e.address().substring(colon + 1));
                } catch (NumberFormatException nfe) {
                    throw new IllegalArgumentException("The port of " + label + " must be a number, not '"
                            + e.address().substring(colon + 1) + "'");
                }
                CacheAddress a = new CacheAddress(e.name(), kind, host, port, e.authRef());
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

    private static CacheKind kind(String id, String label) {
        for (CacheKind k : CacheKind.values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("The kind of " + label + " must be redis or memcached, not '" + id + "'");
    }
}
