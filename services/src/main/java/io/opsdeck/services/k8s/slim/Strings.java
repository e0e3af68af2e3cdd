package io.opsdeck.services.k8s.slim;

/**
 * De-duplicates strings that repeat across thousands of objects (namespaces, node names, images,
 * label keys and values, owner names). {@link String#intern()} keeps one copy per distinct value
 * and, unlike a map of our own, lets unused values be collected.
 */
final class Strings {
    private Strings() {
    }

    static String dedup(String s) {
        return s == null ? null : s.intern();
    }
}
