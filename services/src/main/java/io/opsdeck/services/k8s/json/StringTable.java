package io.opsdeck.services.k8s.json;

import java.nio.charset.StandardCharsets;

/**
 * Shares one {@link String} per distinct value among the objects one stream decodes (namespaces,
 * node names, images, label keys and values, owner names), looked up by the raw bytes, so a value
 * seen before costs neither a decode nor a new string. Bounded (see {@link ByteTable}); not
 * thread-safe.
 */
public final class StringTable {
    private final ByteTable<String> table;

    public StringTable(int capacity) {
        table = new ByteTable<>(capacity);
    }

    /** The shared string for the UTF-8 bytes {@code b[start, end)} of a string without escapes. */
    public String get(byte[] b, int start, int end, boolean ascii) {
        String s = table.get(b, start, end);
        if (s == null) {
            s = new String(b, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            table.put(b, start, end, s);
        }
        return s;
    }
}
