package io.opsdeck.views.topology;

import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.HashMap;
import java.util.Map;

/**
 * A font's glyphs rasterised once by JavaFX into coverage masks, and text blended from them
 * straight into the pixel buffer. Drawing text this way costs microseconds a label; the same text
 * on a {@code Canvas} costs tens (software Prism rasterises and composites every glyph each frame,
 * plus a full-size canvas texture to clear and blend). {@link #rasterise} makes several fonts with
 * one snapshot, as the snapshot, not the glyphs, is the expensive part.
 */
final class TopologyGlyphs {
    private static final String CHARS;
    private static final int PAD_X = 2;
    private static final int COLUMNS = 16;

    static {
        StringBuilder sb = new StringBuilder();
        for (char c = 32; c < 127; c++) {
            sb.append(c);
        }
        sb.append("·…—×–");
        CHARS = sb.toString();
    }

    final int ascent;
    final int descent;
    private final int cellW;
    private final int cellH;
    /** Row of the baseline in a glyph's cell; the glyph's pen starts at column {@link #PAD_X}. */
    private final int baseline;
    private final Map<Character, Glyph> glyphs = new HashMap<>();
    private final Glyph[] ascii = new Glyph[128];
    private Glyph fallback;
    private final Text[] texts = new Text[CHARS.length()];
    private final float[] advances = new float[CHARS.length()];

    private record Glyph(float advance, byte[] mask, int x0, int y0, int x1, int y1) {
    }

    private TopologyGlyphs(Font font) {
        Text probe = new Text("Hgjy|");
        probe.setFont(font);
        probe.setTextOrigin(VPos.BASELINE);
        ascent = (int) Math.ceil(-probe.getLayoutBounds().getMinY());
        descent = (int) Math.ceil(probe.getLayoutBounds().getMaxY());
        double widest = 0;
        for (int i = 0; i < CHARS.length(); i++) {
            Text t = new Text(String.valueOf(CHARS.charAt(i)));
            t.setFont(font);
            t.setFill(Color.BLACK);
            t.setTextOrigin(VPos.BASELINE);
            texts[i] = t;
            advances[i] = (float) t.getLayoutBounds().getWidth();
            widest = Math.max(widest, advances[i]);
        }
        cellW = (int) Math.ceil(widest) + 2 * PAD_X + 2;
        cellH = ascent + descent + 2;
        baseline = ascent + 1;
    }

    private int sheetW() {
        return COLUMNS * cellW;
    }

    private int sheetH() {
        return (CHARS.length() + COLUMNS - 1) / COLUMNS * cellH;
    }

    /** Rasterises each font's glyphs, all in one snapshot; FX thread. */
    static TopologyGlyphs[] rasterise(Font... fonts) {
        TopologyGlyphs[] out = new TopologyGlyphs[fonts.length];
        int width = 0;
        int height = 0;
        for (int f = 0; f < fonts.length; f++) {
            out[f] = new TopologyGlyphs(fonts[f]);
            width = Math.max(width, out[f].sheetW());
            height += out[f].sheetH();
        }
        // a transparent frame fixes the sheet's origin at 0,0
        Group sheet = new Group(new Rectangle(width, height, Color.TRANSPARENT));
        int top = 0;
        for (TopologyGlyphs g : out) {
            for (int i = 0; i < CHARS.length(); i++) {
                g.texts[i].setX((i % COLUMNS) * g.cellW + PAD_X);
                g.texts[i].setY(top + (i / COLUMNS) * g.cellH + g.baseline);
                sheet.getChildren().add(g.texts[i]);
            }
            top += g.sheetH();
        }
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.TRANSPARENT);
        WritableImage image = sheet.snapshot(params, new WritableImage(width, height));
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        top = 0;
        for (TopologyGlyphs g : out) {
            g.cut(argb, width, top);
            top += g.sheetH();
        }
        return out;
    }

    private void cut(int[] argb, int width, int top) {
        for (int i = 0; i < CHARS.length(); i++) {
            int ox = (i % COLUMNS) * cellW;
            int oy = top + (i / COLUMNS) * cellH;
            byte[] mask = new byte[cellW * cellH];
            int x0 = cellW;
            int y0 = cellH;
            int x1 = 0;
            int y1 = 0;
            for (int y = 0; y < cellH; y++) {
                for (int x = 0; x < cellW; x++) {
                    int a = argb[(oy + y) * width + ox + x] >>> 24;
                    mask[y * cellW + x] = (byte) a;
                    if (a != 0) {
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x + 1);
                        y1 = Math.max(y1, y + 1);
                    }
                }
            }
            Glyph g = new Glyph(advances[i], mask, x0, y0, Math.max(x0, x1), Math.max(y0, y1));
            char c = CHARS.charAt(i);
            glyphs.put(c, g);
            if (c < 128) {
                ascii[c] = g;
            }
            texts[i] = null;
        }
        fallback = glyphs.get('?');
    }

    private Glyph glyph(char c) {
        Glyph g = c < 128 ? ascii[c] : glyphs.get(c);
        return g != null ? g : fallback;
    }

    double width(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            w += glyph(text.charAt(i)).advance();
        }
        return w;
    }

    /** The text, cut with an ellipsis to fit {@code max} pixels. */
    String fit(String text, double max) {
        if (width(text) <= max) {
            return text;
        }
        double ellipsis = glyph('…').advance();
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            double a = glyph(text.charAt(i)).advance();
            if (w + a + ellipsis > max) {
                return i == 0 ? "" : text.substring(0, i) + "…";
            }
            w += a;
        }
        return text;
    }

    /**
     * Blends {@code text} in {@code argb} (opaque) into the image with its baseline at {@code y},
     * starting at {@code x}; returns where the pen ends. Clipped to the image.
     */
    double draw(int[] px, int w, int h, String text, double x, int y, int argb) {
        int opaque = argb | 0xff000000;
        double pen = x;
        int top = y - baseline;
        for (int i = 0; i < text.length(); i++) {
            Glyph g = glyph(text.charAt(i));
            int left = (int) Math.floor(pen) - PAD_X;
            pen += g.advance();
            // the part of the glyph's box inside the image
            int gx0 = Math.max(g.x0(), -left);
            int gx1 = Math.min(g.x1(), w - left);
            int gy0 = Math.max(g.y0(), -top);
            int gy1 = Math.min(g.y1(), h - top);
            if (gx0 >= gx1 || gy0 >= gy1) {
                continue;
            }
            byte[] mask = g.mask();
            for (int gy = gy0; gy < gy1; gy++) {
                int row = (top + gy) * w + left;
                int maskRow = gy * cellW;
                for (int gx = gx0; gx < gx1; gx++) {
                    int a = mask[maskRow + gx] & 0xff;
                    if (a == 0) {
                        continue;
                    }
                    int at = row + gx;
                    if (a == 255) {
                        px[at] = opaque;
                        continue;
                    }
                    int weight = TopologyPixels.weight(a);
                    px[at] = TopologyPixels.mix(px[at], (argb & 0xff00ff) * weight, (argb & 0xff00) * weight,
                            256 - weight);
                }
            }
        }
        return pen;
    }
}
