package io.opsdeck.views.topology;

import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.HashMap;
import java.util.Map;

/**
 * A font's glyphs rasterised once by JavaFX into coverage masks, and text blended from them
 * straight into the pixel buffer. Drawing text this way costs a few microseconds a label; the
 * same text on a {@code Canvas} costs tens (software Prism rasterises and composites every glyph
 * each frame, plus a full-size canvas texture to clear and blend).
 */
final class TopologyGlyphs {
    private static final String CHARS;

    static {
        StringBuilder sb = new StringBuilder();
        for (char c = 32; c < 127; c++) {
            sb.append(c);
        }
        sb.append("·…—×–%");
        CHARS = sb.toString();
    }

    private final int cellW;
    private final int cellH;
    /** Pen-to-cell offsets: the glyph was drawn at (PAD_X, baseline) in its cell. */
    private final int baseline;
    private static final int PAD_X = 2;
    final int ascent;
    final int descent;
    private final Map<Character, Glyph> glyphs = new HashMap<>();
    private final Glyph[] ascii = new Glyph[128];
    private final Glyph fallback;

    private record Glyph(float advance, byte[] mask, int x0, int y0, int x1, int y1) {
    }

    /** Rasterises {@code font}; FX thread (it takes one snapshot). */
    TopologyGlyphs(Font font) {
        Text probe = new Text("Hgjy|");
        probe.setFont(font);
        probe.setTextOrigin(VPos.BASELINE);
        ascent = (int) Math.ceil(-probe.getLayoutBounds().getMinY());
        descent = (int) Math.ceil(probe.getLayoutBounds().getMaxY());
        float[] advances = new float[CHARS.length()];
        double widest = 0;
        for (int i = 0; i < CHARS.length(); i++) {
            Text t = new Text(String.valueOf(CHARS.charAt(i)));
            t.setFont(font);
            advances[i] = (float) t.getLayoutBounds().getWidth();
            widest = Math.max(widest, advances[i]);
        }
        cellW = (int) Math.ceil(widest) + 2 * PAD_X + 2;
        cellH = ascent + descent + 2;
        baseline = ascent + 1;
        int columns = 16;
        int rows = (CHARS.length() + columns - 1) / columns;
        Group sheet = new Group();
        for (int i = 0; i < CHARS.length(); i++) {
            Text t = new Text(String.valueOf(CHARS.charAt(i)));
            t.setFont(font);
            t.setFill(Color.BLACK);
            t.setTextOrigin(VPos.BASELINE);
            t.setX((i % columns) * cellW + PAD_X);
            t.setY((i / columns) * cellH + baseline);
            sheet.getChildren().add(t);
        }
        // a transparent frame fixes the sheet's origin at 0,0
        javafx.scene.shape.Rectangle frame = new javafx.scene.shape.Rectangle(columns * cellW, rows * cellH, Color.TRANSPARENT);
        sheet.getChildren().add(0, frame);
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.TRANSPARENT);
        WritableImage image = sheet.snapshot(params, null);
        PixelReader reader = image.getPixelReader();
        for (int i = 0; i < CHARS.length(); i++) {
            int ox = (i % columns) * cellW;
            int oy = (i / columns) * cellH;
            byte[] mask = new byte[cellW * cellH];
            int x0 = cellW;
            int y0 = cellH;
            int x1 = 0;
            int y1 = 0;
            for (int y = 0; y < cellH; y++) {
                for (int x = 0; x < cellW; x++) {
                    int px = ox + x;
                    int py = oy + y;
                    int a = px < image.getWidth() && py < image.getHeight() ? reader.getArgb(px, py) >>> 24 : 0;
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
        int r = argb >> 16 & 0xff;
        int gr = argb >> 8 & 0xff;
        int b = argb & 0xff;
        double pen = x;
        int top = y - baseline;
        for (int i = 0; i < text.length(); i++) {
            Glyph g = glyph(text.charAt(i));
            int left = (int) Math.floor(pen) - PAD_X;
            pen += g.advance();
            if (left + g.x1() <= 0 || left + g.x0() >= w || top + g.y1() <= 0 || top + g.y0() >= h) {
                continue;
            }
            for (int gy = g.y0(); gy < g.y1(); gy++) {
                int sy = top + gy;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                int row = sy * w;
                int maskRow = gy * cellW;
                for (int gx = g.x0(); gx < g.x1(); gx++) {
                    int sx = left + gx;
                    int a = g.mask()[maskRow + gx] & 0xff;
                    if (a == 0 || sx < 0 || sx >= w) {
                        continue;
                    }
                    int at = row + sx;
                    if (a == 255) {
                        px[at] = argb | 0xff000000;
                        continue;
                    }
                    int d = px[at];
                    int dr = d >> 16 & 0xff;
                    int dg = d >> 8 & 0xff;
                    int db = d & 0xff;
                    px[at] = 0xff000000 | (dr + ((r - dr) * a + 127) / 255) << 16
                            | (dg + ((gr - dg) * a + 127) / 255) << 8 | (db + ((b - db) * a + 127) / 255);
                }
            }
        }
        return pen;
    }
}
