package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an object's {@code metadata} that Opsdeck keeps. Decoded by streaming, so that
 * {@code managedFields} and {@code annotations} (often most of an object's bytes) are skipped
 * token by token and never become objects.
 *
 * @param controllerKind kind of the owner reference marked {@code controller: true}; empty when none
 * @param createdAt      {@code creationTimestamp}; {@code null} when absent or unreadable
 */
public record SlimMeta(String name, String namespace, String resourceVersion, Map<String, String> labels,
                       String controllerKind, String controllerName, Instant createdAt) {

    /**
     * A fabric8 {@link ObjectMeta} with only what the informer's cache needs (name, namespace,
     * resourceVersion) and the labels. Its collections are shared immutable singletons instead of
     * the six empty ones every {@code new ObjectMeta()} allocates.
     */
    ObjectMeta toObjectMeta() {
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setNamespace(namespace);
        m.setResourceVersion(resourceVersion);
        m.setLabels(labels);
        m.setAnnotations(Map.of());
        m.setFinalizers(List.of());
        m.setManagedFields(List.of());
        m.setOwnerReferences(List.of());
        m.setAdditionalProperties(Map.of());
        return m;
    }

    /** Streams a metadata object, keeping the fields above and skipping everything else. */
    public static final class Deserializer extends StdDeserializer<SlimMeta> {
        private static final long serialVersionUID = 1L;

        public Deserializer() {
            super(SlimMeta.class);
        }

        @Override
        public SlimMeta deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return null;
            }
            String name = null;
            String namespace = null;
            String resourceVersion = null;
            Map<String, String> labels = Map.of();
            String[] controller = {"", ""};
            Instant createdAt = null;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "name" -> name = p.getText();
                    case "namespace" -> namespace = Strings.dedup(p.getText());
                    case "resourceVersion" -> resourceVersion = p.getText();
                    case "creationTimestamp" -> createdAt = parseInstant(p.getText());
                    case "labels" -> labels = readLabels(p);
                    case "ownerReferences" -> readController(p, controller);
                    default -> p.skipChildren();
                }
            }
            return new SlimMeta(name, namespace, resourceVersion, labels, controller[0], controller[1], createdAt);
        }

        private static Map<String, String> readLabels(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return Map.of();
            }
            Map<String, String> out = null;
            for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                String value = p.nextTextValue();
                if (value == null) {
                    p.skipChildren();
                    continue;
                }
                if (out == null) {
                    out = new HashMap<>(8);
                }
                out.put(Strings.dedup(key), Strings.dedup(value));
            }
            return out == null ? Map.of() : Map.copyOf(out);
        }

        /** Keeps the owner reference marked as controller, the one that decides a pod's workload. */
        private static void readController(JsonParser p, String[] controller) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                String kind = null;
                String name = null;
                boolean isController = false;
                for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                    JsonToken v = p.nextToken();
                    switch (field) {
                        case "kind" -> kind = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "name" -> name = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "controller" -> isController = v == JsonToken.VALUE_TRUE;
                        default -> p.skipChildren();
                    }
                }
                if (isController && kind != null && name != null) {
                    controller[0] = Strings.dedup(kind);
                    controller[1] = Strings.dedup(name);
                }
            }
        }
    }

    static Instant parseInstant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
