package io.opsdeck.services.k8s.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The member names a decoder looks for in one kind of object, matched against the raw bytes of
 * the JSON text (no string is made for a name). Indices follow the order given. Most names met
 * are none of these (everything a decoder skips), so candidates are looked up by length first.
 */
public final class Names {
    private static final int[] NONE = new int[0];

    private final String[] names;
    private final byte[][] bytes;
    /** Length → the indices of the names of that length. */
    private final int[][] byLength;

    private Names(String... names) {
        this.names = names.clone();
        this.bytes = new byte[names.length][];
        int longest = 0;
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
            longest = Math.max(longest, bytes[i].length);
        }
        byLength = new int[longest + 1][];
        for (int len = 0; len <= longest; len++) {
            List<Integer> same = new ArrayList<>();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i].length == len) {
                    same.add(i);
                }
            }
            byLength[len] = same.isEmpty() ? NONE : same.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public static Names of(String... names) {
        return new Names(names);
    }

    int indexOf(byte[] b, int start, int end) {
        int len = end - start;
        if (len >= byLength.length) {
            return -1;
        }
        outer:
        for (int i : byLength[len]) {
            byte[] n = bytes[i];
            // names are short: a plain loop beats the intrinsic's set-up
            for (int j = 0; j < len; j++) {
                if (n[j] != b[start + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
