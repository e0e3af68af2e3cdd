package io.opsdeck.services.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One cache sparkline (hit ratio and ops/s over time), immutable and persistent: {@link #append}
 * returns a new series that shares every point but the newest chunk's with this one, so a poll that
 * adds a point to each series copies at most {@value #CHUNK} points per series, and every overview
 * keeps the series as they were when it was built, without a lock.
 */
public final class CacheSeries {
    /** Points per chunk: the most a poll copies per series. */
    static final int CHUNK = 64;
    public static final CacheSeries EMPTY = new CacheSeries(new Chunk[0], 0, 0);

    /** Exact-length arrays, never written once a series holds them. */
    private record Chunk(long[] at, double[] ratio, double[] ops) {
        int length() {
            return at.length;
        }
    }

    private final Chunk[] chunks;
    /** Points of {@code chunks[0]} that fell out of the capacity. */
    private final int skip;
    private final int size;

    private CacheSeries(Chunk[] chunks, int skip, int size) {
        this.chunks = chunks;
        this.skip = skip;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Epoch milliseconds of the newest point; {@code Long.MIN_VALUE} when empty. */
    public long lastMillis() {
        if (size == 0) {
            return Long.MIN_VALUE;
        }
        Chunk last = chunks[chunks.length - 1];
        return last.at[last.length() - 1];
    }

    /** Epoch milliseconds of the oldest point; {@code Long.MAX_VALUE} when empty. */
    public long firstMillis() {
        return size == 0 ? Long.MAX_VALUE : chunks[0].at[skip];
    }

    /**
     * This series with a point added at its end, keeping at most {@code capacity} points (the oldest
     * go first). A point older than the newest is dropped, so the line stays monotonic when the
     * clock steps back.
     */
    public CacheSeries append(long atMillis, double hitRatio, double opsPerSec, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A series needs room for at least 1 point, not " + capacity);
        }
        if (size > 0 && atMillis < lastMillis()) {
            return this;
        }
        Chunk[] next;
        Chunk last = chunks.length == 0 ? null : chunks[chunks.length - 1];
        if (last != null && last.length() < CHUNK) {
            next = chunks.clone();
            next[next.length - 1] = grow(last, atMillis, hitRatio, opsPerSec);
        } else {
            next = Arrays.copyOf(chunks, chunks.length + 1);
            next[next.length - 1] = new Chunk(new long[] {atMillis}, new double[] {hitRatio}, new double[] {opsPerSec});
        }
        int nextSkip = skip;
        int nextSize = size + 1;
        while (nextSize > capacity) {
            nextSkip++;
            nextSize--;
            if (nextSkip == next[0].length()) {
                next = Arrays.copyOfRange(next, 1, next.length);
                nextSkip = 0;
            }
        }
        return new CacheSeries(next, nextSkip, nextSize);
    }

    /** A series of these points, in the order given; the capacity applies as in {@link #append}. */
    public static CacheSeries of(List<CacheSample> points, int capacity) {
        CacheSeries s = EMPTY;
        for (CacheSample p : points) {
            s = s.append(p.at().toEpochMilli(), p.hitRatio(), p.opsPerSec(), capacity);
        }
        return s;
    }

    /** The points at or after {@code fromMillis}, oldest first. */
    public List<CacheSample> since(long fromMillis) {
        List<CacheSample> out = new ArrayList<>(size);
        for (int c = 0; c < chunks.length; c++) {
            Chunk k = chunks[c];
            for (int i = c == 0 ? skip : 0; i < k.length(); i++) {
                if (k.at[i] >= fromMillis) {
                    out.add(new CacheSample(Instant.ofEpochMilli(k.at[i]), k.ratio[i], k.ops[i]));
                }
            }
        }
        return out;
    }

    private static Chunk grow(Chunk c, long at, double ratio, double ops) {
        int n = c.length();
        long[] a = Arrays.copyOf(c.at, n + 1);
        double[] r = Arrays.copyOf(c.ratio, n + 1);
        double[] o = Arrays.copyOf(c.ops, n + 1);
        a[n] = at;
        r[n] = ratio;
        o[n] = ops;
        return new Chunk(a, r, o);
    }
}
