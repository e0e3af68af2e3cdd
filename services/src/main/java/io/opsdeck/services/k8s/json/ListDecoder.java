package io.opsdeck.services.k8s.json;

/**
 * Decodes a Kubernetes list ({@code {"kind":"PodList","metadata":{…},"items":[…]}}) incrementally,
 * as its bytes arrive: each call reads every complete unit in the window — the list's metadata,
 * one item, any other member — and returns how far it got; the caller keeps the rest and calls
 * again with more bytes. An item is handed to the sink as soon as its closing bracket has
 * arrived, so decoding runs while the rest of the list is still in transfer. Members may come in
 * any order; the API server sends {@code metadata} before {@code items}, which makes the
 * {@code continue} token of a page known before its items are read.
 */
public final class ListDecoder<T> {

    /** Receives what the list holds, in order. */
    public interface Sink<T> {
        void item(T item);

        /** The list's {@code metadata}: its resourceVersion and, for a page, the {@code continue} token. */
        void listMeta(String resourceVersion, String continueToken);
    }

    private static final Names LIST = Names.of("items", "metadata");
    private static final Names LIST_META = Names.of("resourceVersion", "continue");

    private enum State { BEFORE, MEMBERS, ITEMS, DONE }

    private final ItemReader<T> reader;
    private final Sink<T> sink;
    private final JsonCursor c = new JsonCursor();
    private State state = State.BEFORE;
    private int members;
    private int items;
    private String resourceVersion;
    private String continueToken;

    public ListDecoder(ItemReader<T> reader, Sink<T> sink) {
        this.reader = reader;
        this.sink = sink;
    }

    /**
     * Reads the complete units of {@code buf[pos, limit)}.
     *
     * @return the index up to which the bytes were consumed; the caller passes the bytes from there on again
     * @throws JsonSyntaxException when the text is not a list
     */
    public int decode(byte[] buf, int pos, int limit) throws JsonSyntaxException {
        c.reset(buf, pos, limit);
        while (true) {
            int mark = c.position();
            try {
                switch (state) {
                    case BEFORE -> {
                        c.expect('{');
                        state = State.MEMBERS;
                    }
                    case MEMBERS -> {
                        if (!c.next('}', members)) {
                            state = State.DONE;
                            break;
                        }
                        int k = c.name(LIST);
                        if (k == 0) {
                            if (c.beginArray()) {
                                state = State.ITEMS;
                            }
                        } else if (k == 1) {
                            listMeta();
                        } else {
                            c.skipValue();
                        }
                        members++;
                    }
                    case ITEMS -> {
                        if (!c.next(']', items)) {
                            state = State.MEMBERS;
                            break;
                        }
                        T item = reader.read(c);
                        items++;
                        if (item != null) {
                            sink.item(item);
                        }
                    }
                    case DONE -> {
                        if (!c.atEnd()) {
                            throw c.syntax("unexpected text after the list");
                        }
                        return limit;
                    }
                }
            } catch (JsonCursor.NeedMoreInput e) {
                return mark;
            }
        }
    }

    private void listMeta() throws JsonSyntaxException {
        String rv = null;
        String cont = null;
        if (c.beginObject()) {
            for (int i = 0; c.next('}', i); i++) {
                switch (c.name(LIST_META)) {
                    case 0 -> rv = c.string();
                    case 1 -> cont = c.string();
                    default -> c.skipValue();
                }
            }
        }
        resourceVersion = rv;
        continueToken = cont == null || cont.isEmpty() ? null : cont;
        sink.listMeta(resourceVersion, continueToken);
    }

    /** Whether the items are being read (the list's own members before them are done). */
    public boolean inItems() {
        return state == State.ITEMS;
    }

    /** Whether the list's closing bracket has been read. */
    public boolean done() {
        return state == State.DONE;
    }

    public int itemCount() {
        return items;
    }

    public String resourceVersion() {
        return resourceVersion;
    }

    /** The {@code continue} token of this page; {@code null} on the last (or only) page. */
    public String continueToken() {
        return continueToken;
    }
}
