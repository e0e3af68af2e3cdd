package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.opsdeck.services.k8s.json.ItemReader;
import io.opsdeck.services.k8s.json.JsonCursor;
import io.opsdeck.services.k8s.json.JsonSyntaxException;
import io.opsdeck.services.k8s.json.Names;

/**
 * Reads watch events ({@code {"type":"MODIFIED","object":{…}}}) with the stream's item reader:
 * one event per websocket message, or a sequence of them in a streamed HTTP watch (then
 * {@link #decode} works like {@link io.opsdeck.services.k8s.json.ListDecoder#decode}: whole events
 * only, the rest is kept for the next call). The object of an {@code ERROR} event is read as a
 * {@link Status}; that of a {@code BOOKMARK} with the item reader (it holds only a resourceVersion).
 */
final class WatchEventReader<T> {

    enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR, UNKNOWN }

    /** @param object the decoded object (a bookmark's has only its resourceVersion); {@code null} for errors */
    record Event<T>(Type type, T object, Status status) {
    }

    interface Sink<T> {
        void event(Event<T> event);
    }

    private static final Names EVENT = Names.of("type", "object");
    private static final Names STATUS = Names.of("status", "message", "reason", "code", "kind");

    private final ItemReader<T> reader;
    private final JsonCursor c = new JsonCursor();

    WatchEventReader(ItemReader<T> reader) {
        this.reader = reader;
    }

    /** One complete event, e.g. a websocket message. */
    Event<T> read(byte[] b, int from, int to) throws JsonSyntaxException {
        c.reset(b, from, to);
        try {
            Event<T> e = event();
            if (!c.atEnd()) {
                throw c.syntax("unexpected text after the watch event");
            }
            return e;
        } catch (JsonCursor.NeedMoreInput e) {
            throw c.syntax("truncated watch event");
        }
    }

    /**
     * Reads the complete events of {@code b[pos, limit)} into {@code sink}.
     *
     * @return the index up to which the bytes were consumed
     */
    int decode(byte[] b, int pos, int limit, Sink<T> sink) throws JsonSyntaxException {
        c.reset(b, pos, limit);
        while (true) {
            int mark = c.position();
            try {
                if (c.atEnd()) {
                    return limit;
                }
                Event<T> e = event();
                sink.event(e);
            } catch (JsonCursor.NeedMoreInput e) {
                return mark;
            }
        }
    }

    private Event<T> event() throws JsonSyntaxException {
        if (!c.beginObject()) {
            throw c.syntax("expected a watch event");
        }
        String type = null;
        int objectStart = -1;
        int objectEnd = -1;
        for (int i = 0; c.next('}', i); i++) {
            switch (c.name(EVENT)) {
                case 0 -> type = c.string();
                case 1 -> {
                    objectStart = c.skipValueMarked();
                    objectEnd = c.position();
                }
                default -> c.skipValue();
            }
        }
        int after = c.position();
        Type t = type(type);
        T object = null;
        Status status = null;
        if (objectStart >= 0) {
            int limit = c.limit();
            c.reset(c.buffer(), objectStart, objectEnd);
            if (t == Type.ERROR) {
                status = status();
            } else if (t != Type.UNKNOWN) {
                object = reader.read(c);
            }
            c.reset(c.buffer(), after, limit);
        }
        return new Event<>(t, object, status);
    }

    private static Type type(String s) {
        if (s == null) {
            return Type.UNKNOWN;
        }
        return switch (s) {
            case "ADDED" -> Type.ADDED;
            case "MODIFIED" -> Type.MODIFIED;
            case "DELETED" -> Type.DELETED;
            case "BOOKMARK" -> Type.BOOKMARK;
            case "ERROR" -> Type.ERROR;
            default -> Type.UNKNOWN;
        };
    }

    /** A {@code Status}, or {@code null} when the object is not one. */
    private Status status() throws JsonSyntaxException {
        if (!c.beginObject()) {
            return null;
        }
        String status = null;
        String message = null;
        String reason = null;
        Integer code = null;
        String kind = null;
        for (int i = 0; c.next('}', i); i++) {
            switch (c.name(STATUS)) {
                case 0 -> status = c.string();
                case 1 -> message = c.string();
                case 2 -> reason = c.string();
                case 3 -> code = c.nextIsNull() ? null : c.intValue(0);
                case 4 -> kind = c.string();
                default -> c.skipValue();
            }
        }
        if (kind != null && !"Status".equals(kind)) {
            return null;
        }
        return new StatusBuilder().withStatus(status).withMessage(message).withReason(reason).withCode(code).build();
    }
}
