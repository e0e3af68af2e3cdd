package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeInfo;

import java.util.Arrays;

import static io.opsdeck.views.topology.TopologyLayout.CELL;
import static io.opsdeck.views.topology.TopologyLayout.CELL_SIZE;
import static io.opsdeck.views.topology.TopologyLayout.HEADER;
import static io.opsdeck.views.topology.TopologyLayout.PAD;
import static io.opsdeck.views.topology.TopologyLayout.TILE_GAP;
import static io.opsdeck.views.topology.TopologyLayout.TILE_W;

/**
 * Draws a frame's zones, node tiles and pod cells into an ARGB pixel array: plain integer
 * rectangle fills, only for what the viewport shows. The level of detail follows the zoom: pods
 * one by one while a cell is at least {@value #CELLS_FROM} pixels apart, else one density bar per
 * node (worst states first); tiles narrower than {@value #TINY} pixels are all density bar.
 * Text and outlines come after, from {@link TopologyLabels}, into the same pixels.
 */
final class TopologyRenderer {
    static final double CELLS_FROM = 2.5;
    static final int TINY = 44;

    private final TopologyPixels p;
    private final int w;
    private final int h;
    private final TopologyFrame f;
    private final TopologyIndex ix;
    private final TopologyLayout l;
    private final double s;
    private final double tx;
    private final double ty;
    private final TopologyColours c;
    /** Device pixels per view pixel (2 on a HiDPI screen): thresholds are in view pixels. */
    private final double r;
    private final int one;

    private TopologyRenderer(TopologyPixels p, TopologyFrame f, double s, double tx, double ty, TopologyColours c,
                             double r) {
        this.r = r;
        this.one = Math.max(1, (int) Math.round(r));
        this.p = p;
        this.w = p.w;
        this.h = p.h;
        this.f = f;
        this.ix = f.index;
        this.l = f.layout;
        this.s = s;
        this.tx = tx;
        this.ty = ty;
        this.c = c;
    }

    /**
     * Draws {@code f} with device pixel = world × {@code s} + ({@code tx}, {@code ty}), {@code r}
     * device pixels to a view pixel.
     */
    static void draw(TopologyPixels p, TopologyFrame f, double s, double tx, double ty, TopologyColours c, double r) {
        if (f == null) {
            Arrays.fill(p.px, 0, p.w * p.h, c.background);
        } else {
            new TopologyRenderer(p, f, s, tx, ty, c, r).drawAll();
        }
    }

    private void drawAll() {
        double vx0 = -tx / s;
        double vy0 = -ty / s;
        double vx1 = (w - tx) / s;
        double vy1 = (h - ty) / s;
        double pitchX = TILE_W + TILE_GAP;
        double pitchY = l.tileH + TILE_GAP;
        // the zone panels in view, on screen and clipped to it: the background goes only around them
        int[] panels = new int[l.zoneX.length * 4];
        int shown = 0;
        for (int z = 0; z < l.zoneX.length; z++) {
            if (l.zoneShownCount[z] == 0 || l.zoneX[z] > vx1 || l.zoneY[z] > vy1 || l.zoneX[z] + l.zoneW[z] < vx0
                    || l.zoneY[z] + l.zoneH[z] < vy0) {
                continue;
            }
            double x = l.zoneX[z] - PAD;
            double y = l.zoneY[z];
            panels[shown * 4] = Math.max(0, sx(x));
            panels[shown * 4 + 1] = Math.max(0, sy(y));
            panels[shown * 4 + 2] = Math.min(w, sx(x + l.zoneW[z] + 2 * PAD));
            panels[shown * 4 + 3] = Math.min(h, sy(y + l.zoneH[z] + PAD));
            shown++;
        }
        background(panels, shown);
        int panel = 0;
        for (int z = 0; z < l.zoneX.length; z++) {
            int count = l.zoneShownCount[z];
            if (count == 0) {
                continue;
            }
            double zx = l.zoneX[z];
            double zy = l.zoneY[z];
            if (zx > vx1 || zy > vy1 || zx + l.zoneW[z] < vx0 || zy + l.zoneH[z] < vy0) {
                continue;
            }
            fill(panels[panel * 4], panels[panel * 4 + 1], panels[panel * 4 + 2], panels[panel * 4 + 3], c.zonePanel);
            panel++;
            double gx = zx;
            double gy = zy + l.zoneHeader;
            int rows = (count + l.cols - 1) / l.cols;
            int c0 = Math.max(0, (int) Math.floor((vx0 - gx) / pitchX));
            int c1 = Math.min(l.cols - 1, (int) Math.floor((vx1 - gx) / pitchX));
            int r0 = Math.max(0, (int) Math.floor((vy0 - gy) / pitchY));
            int r1 = Math.min(rows - 1, (int) Math.floor((vy1 - gy) / pitchY));
            int start = l.zoneShownStart[z];
            for (int row = r0; row <= r1; row++) {
                for (int col = c0; col <= c1; col++) {
                    int slot = row * l.cols + col;
                    if (slot >= count) {
                        break;
                    }
                    drawTile(l.shown[start + slot]);
                }
            }
        }
        int u = ix.unplaced();
        if (l.isShown(u)) {
            drawTile(u);
        }
    }

    /**
     * Paints the background everywhere but in the {@code count} rectangles of {@code rects} (x0, y0,
     * x1, y1 each, clipped), which are painted next anyway: each pixel is written once, not twice.
     */
    private void background(int[] rects, int count) {
        int[] px = p.px;
        int colour = c.background;
        // left edges in order (a few dozen zones at most: insertion sort)
        int[] byLeft = new int[count];
        for (int i = 0; i < count; i++) {
            int k = i;
            while (k > 0 && rects[byLeft[k - 1] * 4] > rects[i * 4]) {
                byLeft[k] = byLeft[k - 1];
                k--;
            }
            byLeft[k] = i;
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int x = 0;
            for (int i : byLeft) {
                int at = i * 4;
                if (y < rects[at + 1] || y >= rects[at + 3] || rects[at + 2] <= rects[at]) {
                    continue;
                }
                if (rects[at] > x) {
                    Arrays.fill(px, row + x, row + rects[at], colour);
                }
                x = Math.max(x, rects[at + 2]);
            }
            if (x < w) {
                Arrays.fill(px, row + x, row + w, colour);
            }
        }
    }

    private void drawTile(int node) {
        double x = l.tileX[node];
        double y = l.tileY[node];
        double tw = l.tileW(ix, node);
        double th = l.tileH(ix, node);
        int x0 = sx(x);
        int y0 = sy(y);
        int x1 = Math.max(x0 + 1, sx(x + tw));
        int y1 = Math.max(y0 + 1, sy(y + th));
        if (x1 <= 0 || y1 <= 0 || x0 >= w || y0 >= h) {
            return;
        }
        boolean dim = f.nodeDimmed(node);
        int state = stateColour(node);
        if (x1 - x0 < TINY * r) {
            // too small for a heading: the whole tile is the node's density bar, ringed by its state
            int ring = state == 0 ? 0 : x1 - x0 >= 12 * r ? 2 * one : one;
            density(node, x0 + ring, y0 + ring, Math.max(x0 + ring + 1, x1 - ring), Math.max(y0 + ring + 1, y1 - ring));
            if (state != 0) {
                outline(x0, y0, x1, y1, ring, state);
            }
            return;
        }
        fill(x0, y0, x1, y1, dim ? c.tileDim : c.tile);
        int thick = (state != 0 && x1 - x0 >= 40 * r ? 2 : 1) * one;
        outline(x0, y0, x1, y1, thick, state != 0 ? state : dim ? c.borderDim : c.border);
        if (state != 0) {
            fill(x0, y0, x1, y0 + Math.max(2, (int) Math.round(5 * s)), state);
        }
        if (node != ix.unplaced() && x1 - x0 >= 40 * r) {
            NodeInfo n = ix.nodes[node];
            double barY = y + HEADER - 13;
            double half = (tw - 2 * PAD - 6) / 2;
            bar(x + PAD, barY, half, ratio(ix.cpuRequested[node], n.cpuAllocatableMilli()));
            bar(x + PAD + half + 6, barY, half, ratio(ix.memoryRequested[node], n.memoryAllocatableBytes()));
        }
        if (CELL * s >= CELLS_FROM * r) {
            cells(node, x, y);
        } else {
            int top = l.header(ix, node);
            density(node, sx(x + PAD), sy(y + top), Math.max(sx(x + PAD) + 1, sx(x + tw - PAD)),
                    Math.max(sy(y + top) + 1, sy(y + th - PAD)));
        }
    }

    private void cells(int node, double x, double y) {
        int n = ix.podCount(node);
        int start = ix.podStart[node];
        int podCols = l.podCols(ix, node);
        double pitch = CELL * s;
        int size = pitch >= 4 * r ? Math.max(1, (int) Math.round(CELL_SIZE * s)) : (int) Math.ceil(pitch);
        double ox = (x + PAD) * s + tx;
        double oy = (y + l.header(ix, node)) * s + ty;
        int rows = (n + podCols - 1) / podCols;
        int r0 = Math.max(0, (int) Math.floor((-size - oy) / pitch));
        int r1 = Math.min(rows - 1, (int) Math.floor((h - oy) / pitch));
        int k0 = Math.max(0, (int) Math.floor((-size - ox) / pitch));
        int k1 = Math.min(podCols - 1, (int) Math.floor((w - ox) / pitch));
        TopologyCaches caches = f.caches;
        boolean anyCache = !caches.isEmpty();
        boolean bands = anyCache && size >= 5 * r;
        int[] px = p.px;
        byte[] podClass = ix.podClass;
        for (int row = r0; row <= r1; row++) {
            int cy = (int) Math.floor(oy + row * pitch);
            int rowStart = start + row * podCols;
            // the cells' rows inside the picture, worked out once for the whole row of cells
            int ya = Math.max(0, cy);
            int yb = Math.min(h, cy + size);
            if (ya >= yb) {
                continue;
            }
            int last = Math.min(k1, n - 1 - row * podCols);
            for (int k = k0; k <= last; k++) {
                int pod = rowStart + k;
                int cx = (int) Math.floor(ox + k * pitch);
                byte cls = podClass[pod];
                int colour = f.dimmed(pod) ? c.podDim[cls] : c.pod[cls];
                byte cache = bands ? caches.kind(pod) : TopologyCaches.NONE;
                if (cache == TopologyCaches.NONE) {
                    // most cells at most zooms: a few pixels square, written straight into the rows
                    int xa = Math.max(0, cx);
                    int xb = Math.min(w, cx + size);
                    for (int line = ya, at = ya * w; line < yb; line++, at += w) {
                        for (int i = at + xa, end = at + xb; i < end; i++) {
                            px[i] = colour;
                        }
                    }
                    continue;
                }
                fill(cx, cy, cx + size, cy + size, colour);
                if (cache == TopologyCaches.NO_FIGURES) {
                    // a cache without figures yet: only marked as one
                    p.outline(cx, cy, cx + size, cy + size, one, c.accent);
                    continue;
                }
                int band = Math.max(2, size * 2 / 5);
                int bandColour = f.dimmed(pod) ? c.borderDim : cache == TopologyCaches.NO_TRAFFIC ? c.muted
                        : c.hitRatio(caches.hitRatio(pod));
                fill(cx, cy + size - band, cx + size, cy + size, bandColour);
            }
        }
    }

    /** One bar for a node's pods: worst states first, then what the filter dims, then free room. */
    private void density(int node, int x0, int y0, int x1, int y1) {
        int n = ix.podCount(node);
        int capacity = node == ix.unplaced() ? Math.max(1, n) : Math.max(n, l.podRows * TopologyLayout.POD_COLS);
        int width = x1 - x0;
        int cum = 0;
        int x = x0;
        int shown = 0;
        for (byte cls : PodClass.SEVERITY) {
            int k = f.shownCount(node, cls);
            if (k == 0) {
                continue;
            }
            shown += k;
            cum += k;
            int nx = x0 + (int) ((long) cum * width / capacity);
            fill(x, y0, Math.max(nx, x + 1), y1, c.pod[cls]);
            x = Math.max(nx, x + 1);
        }
        if (shown < n) {
            cum += n - shown;
            int nx = x0 + (int) ((long) cum * width / capacity);
            fill(x, y0, nx, y1, c.podDim[PodClass.READY]);
            x = Math.max(x, nx);
        }
        fill(x, y0, x1, y1, c.track);
    }

    private void bar(double x, double y, double width, double ratio) {
        int x0 = sx(x);
        int x1 = sx(x + width);
        int y0 = sy(y);
        int y1 = Math.max(y0 + 1, sy(y + 5));
        fill(x0, y0, x1, y1, c.track);
        // requests near allocatable are bin-packing, not trouble: only overcommitment stands out
        int colour = ratio > 1 ? c.warning : c.accent;
        fill(x0, y0, x0 + (int) Math.round((x1 - x0) * Math.min(1, ratio)), y1, colour);
    }

    private static double ratio(long used, long allocatable) {
        return allocatable > 0 ? (double) used / allocatable : 0;
    }

    /** Danger for NotReady or pressure, warning for cordoned, 0 for a healthy node. */
    private int stateColour(int node) {
        if (node == ix.unplaced()) {
            return c.warning;
        }
        NodeInfo n = ix.nodes[node];
        if (!n.ready() || !n.pressures().isEmpty()) {
            return c.danger;
        }
        return n.unschedulable() ? c.warning : 0;
    }

    private int sx(double x) {
        return (int) Math.floor(x * s + tx);
    }

    private int sy(double y) {
        return (int) Math.floor(y * s + ty);
    }

    private void outline(int x0, int y0, int x1, int y1, int t, int colour) {
        p.outline(x0, y0, x1, y1, t, colour);
    }

    private void fill(int x0, int y0, int x1, int y1, int colour) {
        p.fill(x0, y0, x1, y1, colour);
    }
}
