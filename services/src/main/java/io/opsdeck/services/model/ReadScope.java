package io.opsdeck.services.model;

import java.util.Objects;
import java.util.Set;

/**
 * Where one kind of cluster data could be read: in every namespace, in some namespaces only, or in
 * none; and, for the rest, why not. A figure outside the scope is unknown, never zero.
 *
 * @param namespaces the namespaces read; {@code null} for every namespace
 * @param what       what could not be read, in RBAC's words, e.g. {@code endpointslices or endpoints}
 * @param forbidden  the API server refused the list (403), as opposed to a list that failed or is still loading
 * @param why        the sentence for what is outside the scope, e.g. the API server's RBAC message
 */
public record ReadScope(Set<String> namespaces, String what, boolean forbidden, String why) {
    public static final ReadScope EVERYWHERE = new ReadScope(null, "", false, "");

    public ReadScope {
        namespaces = namespaces == null ? null : Set.copyOf(namespaces);
        what = Objects.requireNonNullElse(what, "");
        why = Objects.requireNonNullElse(why, "");
    }

    /** Read in {@code namespaces} only ({@code Set.of()} for none). */
    public static ReadScope only(Set<String> namespaces, String what, boolean forbidden, String why) {
        return new ReadScope(Objects.requireNonNull(namespaces), what, forbidden, why);
    }

    public boolean everywhere() {
        return namespaces == null;
    }

    public boolean covers(String namespace) {
        return namespaces == null || namespaces.contains(namespace);
    }

    /**
     * Why the data of {@code namespace} is unknown, as a clause: "may not list endpointslices or endpoints
     * in shop" when the list was refused, else the reason it failed; empty when it is covered.
     */
    public String whyNot(String namespace) {
        if (covers(namespace)) {
            return "";
        }
        if (!forbidden) {
            return why;
        }
        return namespaces.isEmpty() ? "may not list " + what + " in " + namespace
                : "may not list " + what + " at the cluster scope; Opsdeck reads them in namespace "
                + String.join(", ", namespaces.stream().sorted().toList()) + " only";
    }
}
