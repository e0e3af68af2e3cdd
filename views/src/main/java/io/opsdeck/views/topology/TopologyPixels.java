package io.opsdeck.views.topology;

import java.util.Arrays;

/** Rectangle fills on an ARGB pixel array, clipped to it: all the pixel layer needs. */
final class TopologyPixels {
    final int[] px;
    final int w;
    final int h;

    TopologyPixels(int[] px, int w, int h) {
        this.px = px;
        this.w = w;
        this.h = h;
    }

    /** Fills [x0, x1) × [y0, y1) with an opaque colour. */
    void fill(int x0, int y0, int x1, int y1, int colour) {
        if (x0 < 0) {
            x0 = 0;
        }
        if (y0 < 0) {
            y0 = 0;
        }
        if (x1 > w) {
            x1 = w;
        }
        if (y1 > h) {
            y1 = h;
        }
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int span = x1 - x0;
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            if (span < 24) {
                for (int i = row + x0, end = row + x1; i < end; i++) {
                    px[i] = colour;
                }
            } else {
                Arrays.fill(px, row + x0, row + x1, colour);
            }
        }
    }

    /** Lays {@code colour} over [x0, x1) × [y0, y1) at {@code alpha} (0–255). */
    void blend(int x0, int y0, int x1, int y1, int colour, int alpha) {
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(w, x1);
        y1 = Math.min(h, y1);
        int a = weight(alpha);
        int keep = 256 - a;
        // red and blue in one multiply, green in another: a chip is thousands of pixels a frame
        int rb = (colour & 0xff00ff) * a;
        int g = (colour & 0xff00) * a;
        for (int y = y0; y < y1; y++) {
            for (int i = y * w + x0, end = y * w + x1; i < end; i++) {
                px[i] = mix(px[i], rb, g, keep);
            }
        }
    }

    /** An alpha of 0–255 as a weight of 0–256, so that 255 replaces the pixel outright. */
    static int weight(int alpha) {
        return alpha + (alpha >> 7);
    }

    /**
     * An opaque pixel {@code d} with a colour laid over it: {@code rb} and {@code g} are the colour's
     * red-blue and green parts already multiplied by its weight, {@code keep} 256 less that weight.
     */
    static int mix(int d, int rb, int g, int keep) {
        return 0xff000000 | ((d & 0xff00ff) * keep + rb) >>> 8 & 0xff00ff | ((d & 0xff00) * keep + g) >>> 8 & 0xff00;
    }

    /** A frame {@code t} pixels thick just inside [x0, x1) × [y0, y1). */
    void outline(int x0, int y0, int x1, int y1, int t, int colour) {
        fill(x0, y0, x1, y0 + t, colour);
        fill(x0, y1 - t, x1, y1, colour);
        fill(x0, y0, x0 + t, y1, colour);
        fill(x1 - t, y0, x1, y1, colour);
    }
}
