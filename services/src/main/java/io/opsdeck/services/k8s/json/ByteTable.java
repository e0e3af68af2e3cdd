package io.opsdeck.services.k8s.json;

import java.util.Arrays;

/**
 * A small cache from byte sequences (raw JSON text) to the values decoded from them: a fixed-size
 * open-addressing table in which a full probe sequence replaces an entry, so its memory stays
 * bounded whatever the data. Not thread-safe.
 */
public final class ByteTable<V> {
    private static final int PROBES = 4;

    private final byte[][] keys;
    private final Object[] values;
    private final int[] hashes;
    private final int mask;
    private int replaceNext;

    /** @param capacity rounded up to a power of two */
    public ByteTable(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        keys = new byte[n][];
        values = new Object[n];
        hashes = new int[n];
        mask = n - 1;
    }

    /** The value cached for {@code b[start, end)}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public V get(byte[] b, int start, int end) {
        int h = hash(b, start, end);
        int len = end - start;
        for (int i = 0; i < PROBES; i++) {
            int slot = (h + i) & mask;
            byte[] k = keys[slot];
            if (k == null) {
                return null;
            }
            if (hashes[slot] == h && k.length == len && Arrays.equals(k, 0, len, b, start, end)) {
                return (V) values[slot];
            }
        }
        return null;
    }

    /** Caches {@code value} for {@code b[start, end)} (a copy of the bytes is kept). */
    public void put(byte[] b, int start, int end, V value) {
        int h = hash(b, start, end);
        int slot = -1;
        for (int i = 0; i < PROBES; i++) {
            int s = (h + i) & mask;
            if (keys[s] == null) {
                slot = s;
                break;
            }
        }
        if (slot < 0) {
            slot = (h + (replaceNext++ & (PROBES - 1))) & mask;
        }
        keys[slot] = Arrays.copyOfRange(b, start, end);
        values[slot] = value;
        hashes[slot] = h;
    }

    static int hash(byte[] b, int start, int end) {
        int h = 0x9E3779B9;
        for (int i = start; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }
}
