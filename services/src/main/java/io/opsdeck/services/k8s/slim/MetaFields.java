package io.opsdeck.services.k8s.slim;

import io.opsdeck.services.k8s.json.Decoding;
import io.opsdeck.services.k8s.json.JsonCursor;
import io.opsdeck.services.k8s.json.JsonSyntaxException;
import io.opsdeck.services.k8s.json.Names;

import java.util.HashMap;
import java.util.Map;

/**
 * The stream decoders' reading of {@code metadata}: the same fields and rules as
 * {@link SlimMeta.Deserializer} (labels with string values only; the owner reference marked
 * {@code controller: true}, the last one if several are), into reusable fields.
 */
final class MetaFields {
    private static final Names META = Names.of("name", "namespace", "resourceVersion", "labels", "ownerReferences",
            "creationTimestamp");
    private static final Names OWNER = Names.of("kind", "name", "controller");

    private final Decoding d;
    private final boolean wantCreated;

    String name;
    String namespace;
    String resourceVersion;
    Map<String, String> labels;
    String controllerKind;
    String controllerName;
    String createdAt;

    MetaFields(Decoding d, boolean wantCreated) {
        this.d = d;
        this.wantCreated = wantCreated;
    }

    /** Forgets the last object's fields (an object without {@code metadata} has none). */
    void clear() {
        name = null;
        namespace = null;
        resourceVersion = null;
        labels = Map.of();
        controllerKind = "";
        controllerName = "";
        createdAt = null;
    }

    void read(JsonCursor c) throws JsonSyntaxException {
        name = null;
        namespace = null;
        resourceVersion = null;
        labels = Map.of();
        controllerKind = "";
        controllerName = "";
        createdAt = null;
        if (!c.beginObject()) {
            return;
        }
        for (int i = 0; c.next('}', i); i++) {
            switch (c.name(META)) {
                case 0 -> name = c.string();
                case 1 -> namespace = c.string(d.strings);
                case 2 -> resourceVersion = c.string();
                case 3 -> labels = labels(c);
                case 4 -> owners(c);
                case 5 -> {
                    if (wantCreated) {
                        createdAt = c.string();
                    } else {
                        c.skipValue();
                    }
                }
                default -> c.skipValue();
            }
        }
    }

    /** Label sets repeat across the replicas of a workload: recognised by their bytes, decoded once. */
    private Map<String, String> labels(JsonCursor c) throws JsonSyntaxException {
        if (c.peek() != '{') {
            c.skipValue();
            return Map.of();
        }
        int start = c.skipValueMarked();
        int end = c.position();
        byte[] b = c.buffer();
        Map<String, String> known = d.labelSets.get(b, start, end);
        if (known != null) {
            return known;
        }
        c.position(start);
        c.beginObject();
        Map<String, String> out = null;
        for (int i = 0; c.next('}', i); i++) {
            if (c.peek() != '"') {
                throw c.syntax("expected a member name");
            }
            String key = c.string(d.strings);
            c.expect(':');
            if (c.peek() != '"') {
                c.skipValue();
                continue;
            }
            String value = c.string(d.strings);
            if (out == null) {
                out = new HashMap<>(8);
            }
            out.put(key, value);
        }
        Map<String, String> result = out == null ? Map.of() : Map.copyOf(out);
        d.labelSets.put(b, start, end, result);
        return result;
    }

    private void owners(JsonCursor c) throws JsonSyntaxException {
        if (c.peek() != '[') {
            c.skipValue();
            return;
        }
        c.beginArray();
        for (int i = 0; c.next(']', i); i++) {
            if (c.peek() != '{') {
                c.skipValue();
                continue;
            }
            c.beginObject();
            String kind = null;
            String owner = null;
            boolean controller = false;
            for (int j = 0; c.next('}', j); j++) {
                switch (c.name(OWNER)) {
                    case 0 -> kind = c.peek() == '"' ? c.string(d.strings) : skip(c);
                    case 1 -> owner = c.peek() == '"' ? c.string(d.strings) : skip(c);
                    case 2 -> controller = c.bool();
                    default -> c.skipValue();
                }
            }
            if (controller && kind != null && owner != null) {
                controllerKind = kind;
                controllerName = owner;
            }
        }
    }

    private static String skip(JsonCursor c) throws JsonSyntaxException {
        c.skipValue();
        return null;
    }
}
