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
        int r = colour >> 16 & 0xff;
        int g = colour >> 8 & 0xff;
        int b = colour & 0xff;
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                int d = px[row + x];
                int dr = d >> 16 & 0xff;
                int dg = d >> 8 & 0xff;
                int db = d & 0xff;
                px[row + x] = 0xff000000 | (dr + (r - dr) * alpha / 255) << 16 | (dg + (g - dg) * alpha / 255) << 8
                        | (db + (b - db) * alpha / 255);
            }
        }
    }

    /** A frame {@code t} pixels thick just inside [x0, x1) × [y0, y1). */
    void outline(int x0, int y0, int x1, int y1, int t, int colour) {
        fill(x0, y0, x1, y0 + t, colour);
        fill(x0, y1 - t, x1, y1, colour);
        fill(x0, y0, x0 + t, y1, colour);
        fill(x1 - t, y0, x1, y1, colour);
    }
}
