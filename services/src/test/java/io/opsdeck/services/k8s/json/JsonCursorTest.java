package io.opsdeck.services.k8s.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The byte-window JSON reader: what it reads is JSON as specified, and a cut anywhere asks for more. */
class JsonCursorTest {
    private static final Names NAMES = Names.of("a", "b", "é");

    private static JsonCursor cursor(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new JsonCursor().reset(b, 0, b.length);
    }

    @Test
    void stringsKeepTheirEscapesAndNonAsciiCharacters() throws Exception {
        JsonCursor c = cursor("[\"plain\",\"caf\u00e9 \u65e5\u672c\",\"q\\\"b\\\\s\\/n\\n\\t\\r\\b\\f\",\"\\u00e9\\ud83d\\ude00\",\"\",null,42,-1.5e3,true]");
        assertThat(c.beginArray()).isTrue();
        String[] got = new String[9];
        for (int i = 0; c.next(']', i); i++) {
            got[i] = c.string();
        }
        assertThat(got).containsExactly("plain", "caf\u00e9 \u65e5\u672c", "q\"b\\s/n\n\t\r\b\f", "\u00e9\uD83D\uDE00", "", null,
                "42", "-1.5e3", "true");
    }

    @Test
    void namesAreMatchedWithOrWithoutEscapes() throws Exception {
        JsonCursor c = cursor("{\"a\":1, \"\\u0062\" : 2 ,\"\u00e9\":3,\"other\":{\"a\":[1,{\"x\":\"}\"}]}}");
        c.beginObject();
        int[] seen = new int[4];
        int n = 0;
        for (int i = 0; c.next('}', i); i++) {
            int k = c.name(NAMES);
            seen[n++] = k;
            c.skipValue();
        }
        assertThat(seen).containsExactly(0, 1, 2, -1);
        assertThat(c.atEnd()).isTrue();
    }

    @Test
    void numbersAreReadAsIntegersOrTheirDefault() throws Exception {
        JsonCursor c = cursor("[7,-12,\"13\",2.9,1e2,99999999999999999999,null,\"x\",{\"a\":1}]");
        c.beginArray();
        long[] got = new long[9];
        for (int i = 0; c.next(']', i); i++) {
            got[i] = c.longValue(-1);
        }
        assertThat(got).containsExactly(7, -12, 13, 2, 100, Long.MAX_VALUE, -1, -1, -1);
    }

    @Test
    void whitespaceIsAllowedWhereJsonAllowsIt() throws Exception {
        JsonCursor c = cursor(" \n{ \"a\" :\t[ 1 , 2 ] ,\r\n \"b\" : { } } ");
        c.beginObject();
        int members = 0;
        for (int i = 0; c.next('}', i); i++) {
            c.name(NAMES);
            c.skipValue();
            members++;
        }
        assertThat(members).isEqualTo(2);
        assertThat(c.atEnd()).isTrue();
    }

    @Test
    void aCutAnywhereAsksForMoreInsteadOfMisreading() throws Exception {
        String json = "{\"a\":\"x\\\"y\",\"b\":[1,true,null,{\"c\":\"\\u00e9\"}],\"\u00e9\":-2.5e-3}";
        byte[] all = json.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut < all.length; cut++) {
            JsonCursor c = new JsonCursor().reset(all, 0, cut);
            int at = cut;
            assertThatThrownBy(() -> {
                c.beginObject();
                for (int i = 0; c.next('}', i); i++) {
                    c.name(NAMES);
                    c.skipValue();
                }
            }).as("cut at %d", at).isSameAs(JsonCursor.NEED_MORE);
        }
    }

    @Test
    void malformedJsonIsASyntaxError() {
        for (String bad : new String[]{"{\"a\" 1}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "[\"\\x\"]", "[\"\\u12g4\"]", "[tru]",
                "{1:2}", "[nul,1]"}) {
            JsonCursor c = cursor(bad);
            assertThatThrownBy(() -> {
                if (c.peek() == '{') {
                    c.beginObject();
                    for (int i = 0; c.next('}', i); i++) {
                        c.name(NAMES);
                        c.string();
                    }
                } else {
                    c.beginArray();
                    for (int i = 0; c.next(']', i); i++) {
                        c.string();
                    }
                }
            }).as(bad).isInstanceOf(JsonSyntaxException.class);
        }
    }

    @Test
    void skippedValuesCanBeRecognisedByTheirBytes() throws Exception {
        JsonCursor c = cursor("[{\"x\":[1,2]},{\"x\":[1,2]}]");
        ByteTable<String> seen = new ByteTable<>(16);
        c.beginArray();
        String[] got = new String[2];
        for (int i = 0; c.next(']', i); i++) {
            int start = c.skipValueMarked();
            String known = seen.get(c.buffer(), start, c.position());
            if (known == null) {
                known = "first seen at " + start;
                seen.put(c.buffer(), start, c.position(), known);
            }
            got[i] = known;
        }
        assertThat(got[1]).isSameAs(got[0]);
    }

    @Test
    void aStringTableSharesEqualStrings() {
        StringTable t = new StringTable(16);
        byte[] b = "nsnsns\u00e9".getBytes(StandardCharsets.UTF_8);
        String first = t.get(b, 0, 2, true);
        assertThat(t.get(b, 2, 4, true)).isSameAs(first).isEqualTo("ns");
        assertThat(t.get(b, 6, b.length, false)).isEqualTo("\u00e9");
        // far more distinct values than slots: still correct, just not all shared
        for (int i = 0; i < 10_000; i++) {
            byte[] v = ("v" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(t.get(v, 0, v.length, true)).isEqualTo("v" + i);
        }
    }
}
