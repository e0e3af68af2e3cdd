package io.opsdeck.services.k8s.slim;

import io.opsdeck.services.k8s.json.Decoding;
import io.opsdeck.services.k8s.json.ItemReader;
import io.opsdeck.services.k8s.json.JsonCursor;
import io.opsdeck.services.k8s.json.JsonSyntaxException;
import io.opsdeck.services.k8s.json.Names;

/**
 * Decodes a core/v1 Event from JSON text straight into a {@link SlimEvent}, for Opsdeck's
 * streaming informer: the same fields and rules as the Jackson path of {@link SlimEvent}.
 */
public final class SlimEventReader implements ItemReader<SlimEvent> {
    private static final Names EVENT = Names.of("metadata", "type", "reason", "message", "count", "lastTimestamp",
            "eventTime", "involvedObject", "series");
    private static final Names OBJECT_REF = Names.of("kind", "name");
    private static final Names SERIES = Names.of("count", "lastObservedTime");

    private final Decoding d;
    private final MetaFields meta;

    public SlimEventReader(Decoding d) {
        this.d = d;
        this.meta = new MetaFields(d, true);
    }

    @Override
    public SlimEvent read(JsonCursor c) throws JsonSyntaxException {
        meta.clear();
        String type = "";
        String reason = "";
        String message = "";
        String objectKind = "";
        String objectName = "";
        Integer count = null;
        Integer seriesCount = null;
        String lastTimestamp = null;
        String eventTime = null;
        String seriesLastObserved = null;
        if (!c.beginObject()) {
            return null;
        }
        for (int i = 0; c.next('}', i); i++) {
            switch (c.name(EVENT)) {
                case 0 -> meta.read(c);
                case 1 -> type = orEmpty(c.string(d.strings));
                case 2 -> reason = orEmpty(c.string(d.strings));
                case 3 -> message = orEmpty(c.string());
                case 4 -> count = integer(c);
                case 5 -> lastTimestamp = c.string();
                case 6 -> eventTime = c.string();
                case 7 -> {
                    if (c.beginObject()) {
                        String kind = null;
                        String name = null;
                        for (int j = 0; c.next('}', j); j++) {
                            switch (c.name(OBJECT_REF)) {
                                case 0 -> kind = c.string(d.strings);
                                case 1 -> name = c.string();
                                default -> c.skipValue();
                            }
                        }
                        objectKind = orEmpty(kind);
                        objectName = orEmpty(name);
                    }
                }
                case 8 -> {
                    if (c.beginObject()) {
                        Integer sc = null;
                        String last = null;
                        for (int j = 0; c.next('}', j); j++) {
                            switch (c.name(SERIES)) {
                                case 0 -> sc = integer(c);
                                case 1 -> last = c.string();
                                default -> c.skipValue();
                            }
                        }
                        seriesCount = sc;
                        seriesLastObserved = last;
                    }
                }
                default -> c.skipValue();
            }
        }
        SlimEvent e = new SlimEvent();
        e.identify(meta.name, meta.namespace, meta.resourceVersion);
        e.fromStream(type, reason, message, objectKind, objectName, count, seriesCount,
                SlimMeta.parseInstant(lastTimestamp), SlimMeta.parseInstant(seriesLastObserved),
                SlimMeta.parseInstant(eventTime), SlimMeta.parseInstant(meta.createdAt));
        return e;
    }

    private static Integer integer(JsonCursor c) throws JsonSyntaxException {
        return c.nextIsNull() ? null : c.intValue(0);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
