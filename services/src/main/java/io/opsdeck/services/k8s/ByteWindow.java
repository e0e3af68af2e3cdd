package io.opsdeck.services.k8s;

import io.opsdeck.services.k8s.config.KubeReadLimits;
import io.opsdeck.services.k8s.config.ReadLimitException;
import io.opsdeck.services.prom.BodyLimit;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of a response received but not yet decoded: chunks are appended at the end, decoding
 * consumes from the start, and what is left of a unit cut off by the end of a chunk moves to the
 * front when room is needed. Grows only when a single unit is larger than the window. Confined to
 * one stream (its callbacks are sequential).
 */
final class ByteWindow {
    private byte[] buf;
    private int start;
    private int end;
    private final int maxBytes;

    /**
     * @param initial  the starting capacity
     * @param maxBytes the most it may hold; appending beyond it fails (a single object that large
     *                 is not something Opsdeck should hold in memory; see {@link KubeReadLimits})
     */
    ByteWindow(int initial, int maxBytes) {
        this.buf = new byte[initial];
        this.maxBytes = maxBytes;
    }

    void append(ByteBuffer b) throws ReadLimitException {
        int n = b.remaining();
        makeRoom(n);
        b.get(buf, end, n);
        end += n;
    }

    private void makeRoom(int n) throws ReadLimitException {
        if (end + n <= buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + n > buf.length) {
            long wanted = Math.max(2L * buf.length, (long) end + n);
            if (wanted > maxBytes) {
                if ((long) end + n > maxBytes) {
                    throw new ReadLimitException(ReadLimitException.Cap.OBJECT, "the API server sent an object larger than "
                            + BodyLimit.size(maxBytes) + "; Opsdeck stopped reading it (one object is capped there)");
                }
                wanted = maxBytes;
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    byte[] array() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    int size() {
        return end - start;
    }

    /** Marks everything before {@code p} as consumed. */
    void consumedTo(int p) {
        if (p < start || p > end) {
            throw new IndexOutOfBoundsException(p);
        }
        start = p;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }
}
