package io.opsdeck.services.k8s.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A forward-only reader of JSON text held in a window of a byte array, made for picking a few
 * fields out of large Kubernetes objects: what is kept is read into Java values, everything else
 * is skipped by matching brackets and quotes, without building tokens, names or strings.
 *
 * <p><b>Incomplete input.</b> The window may end anywhere, e.g. in the middle of an object that is
 * still arriving from the network. Any read that runs into the end of the window throws
 * {@link #NEED_MORE} (a shared, stack-less exception) and leaves the cursor in an unspecified
 * position: the caller rewinds to the start of the unit it was reading (an item of a list, a watch
 * event), appends more bytes and reads that unit again. So decoders must not have side effects
 * before a unit is complete.
 *
 * <p><b>Strictness.</b> What is read is checked as JSON (objects, arrays, strings with their
 * escapes, numbers, literals); a violation throws {@link JsonSyntaxException}. What is skipped is
 * only checked for balanced brackets and terminated strings, as fast skipping parsers do; the API
 * server only ever sends valid JSON.
 *
 * <p>Not thread-safe; one cursor per stream.
 */
public final class JsonCursor {

    /** Thrown when the window ends before the value being read does. Shared and stack-less. */
    public static final NeedMoreInput NEED_MORE = new NeedMoreInput();

    /** See {@link #NEED_MORE}. */
    public static final class NeedMoreInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private NeedMoreInput() {
            super("the JSON text continues beyond the bytes received so far", null, false, false);
        }
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** Bytes that matter while skipping a container: quotes and brackets. */
    private static final boolean[] STRUCTURAL = new boolean[256];

    static {
        for (char c : new char[] {'"', '{', '}', '[', ']'}) {
            STRUCTURAL[c] = true;
        }
    }

    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    private final StringBuilder scratch = new StringBuilder(64);

    /** Reads {@code buf[pos, limit)}. */
    public JsonCursor reset(byte[] buf, int pos, int limit) {
        if (pos < 0 || limit > buf.length || pos > limit) {
            throw new IndexOutOfBoundsException("window [" + pos + ", " + limit + ") of " + buf.length);
        }
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        return this;
    }

    public int position() {
        return pos;
    }

    /** Rewinds (or advances) to {@code p}, which must be within the window. */
    public void position(int p) {
        if (p < 0 || p > limit) {
            throw new IndexOutOfBoundsException(p);
        }
        pos = p;
    }

    public int limit() {
        return limit;
    }

    public byte[] buffer() {
        return buf;
    }

    // ---------------------------------------------------------------- structure

    /** Skips whitespace and returns the next byte without consuming it. */
    public byte peek() {
        byte[] b = buf;
        int p = pos;
        int lim = limit;
        while (p < lim) {
            byte c = b[p];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                p++;
                continue;
            }
            pos = p;
            return c;
        }
        pos = p;
        throw NEED_MORE;
    }

    /** Whether the rest of the window is whitespace only. */
    public boolean atEnd() {
        try {
            peek();
            return false;
        } catch (NeedMoreInput e) {
            return true;
        }
    }

    /** Consumes {@code c}, after whitespace. */
    public void expect(char c) throws JsonSyntaxException {
        if (peek() != c) {
            throw syntax("expected '" + c + "'");
        }
        pos++;
    }

    /**
     * Enters an object. Returns {@code false}, having consumed it, when the value is {@code null}
     * instead, which Kubernetes sends for absent objects now and then.
     */
    public boolean beginObject() throws JsonSyntaxException {
        byte c = peek();
        if (c == '{') {
            pos++;
            return true;
        }
        if (c == 'n') {
            literal(NULL);
            return false;
        }
        throw syntax("expected an object");
    }

    /** Enters an array; {@code false}, having consumed it, for {@code null}. */
    public boolean beginArray() throws JsonSyntaxException {
        byte c = peek();
        if (c == '[') {
            pos++;
            return true;
        }
        if (c == 'n') {
            literal(NULL);
            return false;
        }
        throw syntax("expected an array");
    }

    /**
     * Moves to the next member of an object or element of an array: consumes the separating comma
     * (for {@code index > 0}) and returns {@code true}, or consumes the closing bracket and returns
     * {@code false}. Used as {@code for (int i = 0; c.next('}', i); i++)}.
     */
    public boolean next(char close, int index) throws JsonSyntaxException {
        byte c = peek();
        if (c == close) {
            pos++;
            return false;
        }
        if (index > 0) {
            if (c != ',') {
                throw syntax("expected ',' or '" + close + "'");
            }
            pos++;
        }
        return true;
    }

    /**
     * Reads a member's name and the colon after it, and returns the index of that name in
     * {@code names}, or -1 when it is none of them.
     */
    public int name(Names names) throws JsonSyntaxException {
        if (peek() != '"') {
            throw syntax("expected a member name");
        }
        byte[] b = buf;
        int start = pos + 1;
        int p = start;
        int lim = limit;
        boolean escaped = false;
        while (true) {
            if (p >= lim) {
                throw NEED_MORE;
            }
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                p += 2;
                continue;
            }
            p++;
        }
        pos = p + 1;
        int found = escaped ? names.indexOf(unescape(start, p)) : names.indexOf(b, start, p);
        expect(':');
        return found;
    }

    // ---------------------------------------------------------------- values

    /** Skips one value of any kind. */
    public void skipValue() throws JsonSyntaxException {
        byte c = peek();
        switch (c) {
            case '"' -> {
                int end = skipString(buf, pos + 1, limit);
                if (end < 0) {
                    throw NEED_MORE;
                }
                pos = end;
            }
            case '{', '[' -> skipContainer();
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    skipNumber();
                } else {
                    throw syntax("unexpected character");
                }
            }
        }
    }

    /**
     * Skips one value and returns where it started; the value is then {@code buffer()[start, position())}.
     * Lets a caller recognise byte-identical values (e.g. label sets) without decoding them.
     */
    public int skipValueMarked() throws JsonSyntaxException {
        peek();
        int start = pos;
        skipValue();
        return start;
    }

    private void skipContainer() {
        byte[] b = buf;
        boolean[] structural = STRUCTURAL;
        int p = pos + 1;
        int lim = limit;
        int depth = 1;
        while (p < lim) {
            byte c = b[p++];
            if (!structural[c & 0xff]) {
                continue;
            }
            if (c == '"') {
                p = skipString(b, p, lim);
                if (p < 0) {
                    break;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (--depth == 0) {
                pos = p;
                return;
            }
        }
        throw NEED_MORE;
    }

    /**
     * From just after an opening quote: the index after the closing quote, or -1 if it is not in the
     * window. Looks at eight bytes at a time for a quote or a backslash (most skipped bytes are in strings).
     */
    private static int skipString(byte[] b, int p, int lim) {
        while (true) {
            while (p + 8 <= lim) {
                long w = (long) LONGS.get(b, p);
                long q = w ^ QUOTES;
                long e = w ^ BACKSLASHES;
                long hits = ((q - ONES) & ~q | (e - ONES) & ~e) & HIGHS;
                if (hits == 0) {
                    p += 8;
                } else {
                    p += Long.numberOfTrailingZeros(hits) >>> 3;
                    break;
                }
            }
            if (p >= lim) {
                return -1;
            }
            byte c = b[p++];
            if (c == '"') {
                return p;
            }
            if (c == '\\') {
                p++;
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private void skipNumber() throws JsonSyntaxException {
        byte[] b = buf;
        int p = pos;
        int lim = limit;
        while (p < lim) {
            byte c = b[p];
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                p++;
            } else {
                pos = p;
                return;
            }
        }
        // a number is always followed by something inside the units this reader is used for
        throw NEED_MORE;
    }

    private void literal(byte[] word) throws JsonSyntaxException {
        int p = pos;
        if (p + word.length > limit) {
            // may still be incomplete; check what is there
            for (int i = 0; p + i < limit; i++) {
                if (buf[p + i] != word[i]) {
                    throw syntax("unexpected character");
                }
            }
            throw NEED_MORE;
        }
        if (!Arrays.equals(buf, p, p + word.length, word, 0, word.length)) {
            throw syntax("unexpected character");
        }
        pos = p + word.length;
    }

    /** Whether the next value is {@code null}; consumes it if so. */
    public boolean nextIsNull() throws JsonSyntaxException {
        if (peek() == 'n') {
            literal(NULL);
            return true;
        }
        return false;
    }

    /**
     * A string value, {@code null} for {@code null}; a number or boolean is returned as its text
     * (as Jackson coerces scalars); an object or array is a syntax error.
     */
    public String string() throws JsonSyntaxException {
        return string(null);
    }

    /** {@link #string()}, shared through {@code table} when it has no escapes. */
    public String string(StringTable table) throws JsonSyntaxException {
        byte c = peek();
        if (c != '"') {
            return scalarText(c);
        }
        byte[] b = buf;
        int start = pos + 1;
        int p = start;
        int lim = limit;
        boolean escaped = false;
        boolean ascii = true;
        while (true) {
            if (p >= lim) {
                throw NEED_MORE;
            }
            byte x = b[p];
            if (x == '"') {
                break;
            }
            if (x == '\\') {
                escaped = true;
                p += 2;
                continue;
            }
            if (x < 0) {
                ascii = false;
            }
            p++;
        }
        pos = p + 1;
        if (escaped) {
            // rare in Kubernetes data; not shared
            return unescape(start, p);
        }
        if (table != null) {
            return table.get(b, start, p, ascii);
        }
        return new String(b, start, p - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private String scalarText(byte c) throws JsonSyntaxException {
        switch (c) {
            case 'n' -> {
                literal(NULL);
                return null;
            }
            case 't' -> {
                literal(TRUE);
                return "true";
            }
            case 'f' -> {
                literal(FALSE);
                return "false";
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    int start = pos;
                    skipNumber();
                    return new String(buf, start, pos - start, StandardCharsets.ISO_8859_1);
                }
                throw syntax("expected a string");
            }
        }
    }

    /** Whether the string value under the cursor is exactly {@code ascii}; consumes it either way. */
    public boolean stringEquals(byte[] ascii) throws JsonSyntaxException {
        if (peek() != '"') {
            skipValue();
            return false;
        }
        int start = pos + 1;
        int end = skipString(buf, start, limit);
        if (end < 0) {
            throw NEED_MORE;
        }
        pos = end;
        int len = end - 1 - start;
        return len == ascii.length && Arrays.equals(buf, start, end - 1, ascii, 0, len);
    }

    /**
     * A boolean; {@code null} reads as {@code false}, and so does anything else (skipped), as in
     * Kubernetes a missing flag means false.
     */
    public boolean bool() throws JsonSyntaxException {
        byte c = peek();
        if (c == 't') {
            literal(TRUE);
            return true;
        }
        skipValue();
        return false;
    }

    /**
     * An integer value, or {@code dflt} for {@code null} or a non-numeric value; a fraction is
     * truncated and an out-of-range value saturates, a numeric string is read as its number.
     */
    public long longValue(long dflt) throws JsonSyntaxException {
        byte c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            int start = pos;
            skipNumber();
            return parseLong(buf, start, pos, dflt);
        }
        if (c == '"') {
            String s = string();
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            return parseLong(b, 0, b.length, dflt);
        }
        skipValue();
        return dflt;
    }

    public int intValue(int dflt) throws JsonSyntaxException {
        long v = longValue(dflt);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static long parseLong(byte[] b, int start, int end, long dflt) {
        int p = start;
        boolean negative = false;
        if (p < end && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        if (p >= end) {
            return dflt;
        }
        long v = 0;
        int digitsStart = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            v = v * 10 + (b[p] - '0');
            p++;
        }
        if (p == digitsStart) {
            return dflt;
        }
        if (p < end) {
            // a fraction or an exponent: rare for the integers Kubernetes sends
            try {
                double d = Double.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
                return (long) d;
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return negative ? -v : v;
    }

    // ---------------------------------------------------------------- strings

    /** Decodes the escapes of the string content in {@code buf[start, end)}. */
    private String unescape(int start, int end) throws JsonSyntaxException {
        StringBuilder sb = scratch;
        sb.setLength(0);
        byte[] b = buf;
        int p = start;
        int runStart = p;
        while (p < end) {
            if (b[p] != '\\') {
                p++;
                continue;
            }
            if (p > runStart) {
                sb.append(new String(b, runStart, p - runStart, StandardCharsets.UTF_8));
            }
            if (p + 1 >= end) {
                throw syntax("bad escape");
            }
            byte e = b[p + 1];
            p += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (p + 4 > end) {
                        throw syntax("bad unicode escape");
                    }
                    int cp = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(b[p + i], 16);
                        if (d < 0) {
                            throw syntax("bad unicode escape");
                        }
                        cp = cp << 4 | d;
                    }
                    p += 4;
                    sb.append((char) cp);
                }
                default -> throw syntax("bad escape");
            }
            runStart = p;
        }
        if (end > runStart) {
            sb.append(new String(b, runStart, end - runStart, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    public JsonSyntaxException syntax(String what) {
        int from = Math.max(0, pos - 40);
        int to = Math.min(limit, pos + 40);
        String near = new String(buf, from, to - from, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return new JsonSyntaxException(what + " near \"" + near + "\"");
    }
}
