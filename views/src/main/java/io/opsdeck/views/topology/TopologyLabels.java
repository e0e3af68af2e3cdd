package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.views.common.Format;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

import java.time.Instant;

import static io.opsdeck.views.topology.TopologyLayout.CELL;
import static io.opsdeck.views.topology.TopologyLayout.CELL_SIZE;
import static io.opsdeck.views.topology.TopologyLayout.PAD;
import static io.opsdeck.views.topology.TopologyLayout.TILE_GAP;
import static io.opsdeck.views.topology.TopologyLayout.TILE_W;

/**
 * Text and outlines over the tiles, painted into the same pixels, only for what is visible:
 * region and zone headings always (a zone's heading sticks to the top while the zone is in view),
 * node names and states once a tile is {@value #NODE_TEXT_FROM} pixels wide, pod names once a cell
 * is {@value #POD_TEXT_FROM} pixels wide, and the outlines of the hovered and selected node or pod.
 * FX thread (the glyphs are rasterised by JavaFX on first use).
 */
final class TopologyLabels {
    static final double NODE_TEXT_FROM = 110;
    static final double POD_TEXT_FROM = 44;
    private static final int CHIP_ALPHA = 230;

    /** Device pixels per view pixel; the fonts are rasterised for it. */
    private double r = 1;
    private double fontsFor;
    private TopologyGlyphs region;
    private TopologyGlyphs bold;
    private TopologyGlyphs small;
    private TopologyGlyphs tiny;
    private TopologyFrame zoneTextFor;
    /** Per node and frame, the heading's texts (count, CPU, memory), made once when first drawn. */
    private TopologyFrame nodeTextFor;
    private String[][] nodeTexts = new String[0][];
    private String[] zoneText = new String[0];
    private String[] zoneShort = new String[0];

    /** The outlined items; -1 for none. */
    record Marks(int selectedNode, int selectedPod, int hoverNode, int hoverPod) {
    }

    private void fonts() {
        if (bold == null || fontsFor != r) {
            fontsFor = r;
            TopologyGlyphs[] g = TopologyGlyphs.rasterise(Font.font("System", FontWeight.BOLD, 14 * r),
                    Font.font("System", FontWeight.BOLD, 12 * r), Font.font("System", 11 * r), Font.font("System", 10 * r));
            region = g[0];
            bold = g[1];
            small = g[2];
            tiny = g[3];
        }
    }

    /** Rasterises the fonts now rather than at the first picture; FX thread. */
    void prepare() {
        fonts();
    }

    /**
     * Paints labels and outlines with device pixel = world × {@code s} + ({@code tx}, {@code ty}),
     * {@code ratio} device pixels to a view pixel.
     */
    void draw(TopologyPixels p, TopologyFrame f, double s, double tx, double ty, TopologyColours c, Marks marks,
              double ratio) {
        if (f == null) {
            return;
        }
        r = ratio;
        fonts();
        TopologyLayout l = f.layout;
        if (l.shown.length == 0 && !l.isShown(f.index.unplaced())) {
            String text = f.index.nodes.length > 0 ? "No nodes match the filters." : emptyText(f.index.cluster);
            region.draw(p.px, p.w, p.h, text, (p.w - region.width(text)) / 2, p.h / 2, c.textMuted);
            return;
        }
        if (TILE_W * s >= NODE_TEXT_FROM * r || CELL * s >= POD_TEXT_FROM * r) {
            nodeText(p, f, s, tx, ty, c);
        }
        outlines(p, f, s, tx, ty, c, marks);
        regionText(p, f, s, tx, ty, c);
        zoneText(p, f, s, tx, ty, c);
    }

    /** What an empty picture says: never that there are no nodes when they could not be read. */
    static String emptyText(ClusterSnapshot c) {
        if (c.takenAt().equals(Instant.EPOCH)) {
            return "Nothing has been read from the cluster yet.";
        }
        return c.nodesScope().everywhere() ? "The cluster has no nodes." : "Nodes cannot be read (see above).";
    }

    private void regionText(TopologyPixels p, TopologyFrame f, double s, double tx, double ty, TopologyColours c) {
        TopologyLayout l = f.layout;
        for (int i = 0; i < l.regionNames.length && l.regionHeader * s >= 18 * r; i++) {
            double x = l.regionX[i] * s + tx;
            double y = l.regionY[i] * s + ty;
            if (y < -20 * r || y > p.h || x > p.w || x + l.regionW[i] * s < 0) {
                continue;
            }
            String name = l.regionNames[i].isEmpty() ? "No region label" : l.regionNames[i];
            // just above its zones, however tall the heading band
            double zonesTop = (l.regionY[i] + l.regionHeader) * s + ty;
            chip(p, region, name, Math.max(4 * r, x), (int) Math.max(y + 18 * r, zonesTop - 10 * r), c.text, c);
        }
        int u = f.index.unplaced();
        if (l.isShown(u)) {
            double x = l.tileX[u] * s + tx;
            double y = (l.tileY[u] - l.zoneHeader) * s + ty;
            if (y > -20 * r && y < p.h) {
                chip(p, bold, "Pods without a node: " + Format.count(f.index.podCount(u))
                        + " (pending, or on a node the cluster no longer lists)", Math.max(4 * r, x),
                        (int) (y + 18 * r), c.warning, c);
            }
        }
    }

    private void zoneText(TopologyPixels p, TopologyFrame f, double s, double tx, double ty, TopologyColours c) {
        TopologyLayout l = f.layout;
        if (zoneTextFor != f) {
            zoneTexts(f);
            zoneTextFor = f;
        }
        for (int z = 0; z < l.zoneX.length; z++) {
            if (l.zoneShownCount[z] == 0) {
                continue;
            }
            double x = l.zoneX[z] * s + tx;
            double top = l.zoneY[z] * s + ty;
            double bottom = (l.zoneY[z] + l.zoneH[z]) * s + ty;
            double width = l.zoneW[z] * s;
            if (bottom < 0 || top > p.h || x > p.w || x + width < 0 || width < 24 * r) {
                continue;
            }
            // just above the zone's tiles, and stuck to the top edge while the zone is in view
            double tiles = (l.zoneY[z] + l.zoneHeader) * s + ty;
            double y = Math.max(0, Math.max(top, tiles - 24 * r));
            if (y + 18 * r > bottom) {
                continue;
            }
            double room = Math.max(width, 60 * r) - 8 * r;
            String text = bold.width(zoneText[z]) <= room ? zoneText[z] : bold.fit(zoneShort[z], room);
            chip(p, bold, text, Math.max(x, 4 * r), (int) (y + 17 * r), c.text, c);
        }
    }

    private void zoneTexts(TopologyFrame f) {
        TopologyIndex ix = f.index;
        zoneText = new String[ix.zoneNames.length];
        zoneShort = new String[ix.zoneNames.length];
        for (int z = 0; z < zoneText.length; z++) {
            int notReady = 0;
            int cordoned = 0;
            int pressure = 0;
            int pods = 0;
            for (int n = ix.zoneFirstNode[z]; n < ix.zoneFirstNode[z] + ix.zoneNodeCount[z]; n++) {
                NodeInfo node = ix.nodes[n];
                notReady += node.ready() ? 0 : 1;
                cordoned += node.unschedulable() ? 1 : 0;
                pressure += node.pressures().isEmpty() ? 0 : 1;
                pods += ix.podCount(n);
            }
            String nodes = Format.count(ix.zoneNodeCount[z]) + (ix.zoneNodeCount[z] == 1 ? " node" : " nodes");
            zoneShort[z] = ix.zoneNames[z] + " · " + nodes;
            StringBuilder sb = new StringBuilder(ix.zoneNames[z]).append(" · ").append(nodes);
            if (f.layout.zoneShownCount[z] != ix.zoneNodeCount[z]) {
                sb.append(" (").append(Format.count(f.layout.zoneShownCount[z])).append(" shown)");
            }
            sb.append(", ").append(Format.count(pods)).append(" pods");
            if (notReady > 0) {
                sb.append(" · ").append(notReady).append(" NotReady");
            }
            if (cordoned > 0) {
                sb.append(" · ").append(cordoned).append(" cordoned");
            }
            if (pressure > 0) {
                sb.append(" · ").append(pressure).append(" under pressure");
            }
            zoneText[z] = sb.toString();
        }
    }

    private void nodeText(TopologyPixels p, TopologyFrame f, double s, double tx, double ty, TopologyColours c) {
        TopologyLayout l = f.layout;
        TopologyIndex ix = f.index;
        double vx0 = -tx / s;
        double vy0 = -ty / s;
        double vx1 = (p.w - tx) / s;
        double vy1 = (p.h - ty) / s;
        double pitchX = TILE_W + TILE_GAP;
        double pitchY = l.tileH + TILE_GAP;
        for (int z = 0; z < l.zoneX.length; z++) {
            int count = l.zoneShownCount[z];
            if (count == 0) {
                continue;
            }
            double gx = l.zoneX[z];
            double gy = l.zoneY[z] + l.zoneHeader;
            int rows = (count + l.cols - 1) / l.cols;
            int c0 = Math.max(0, (int) Math.floor((vx0 - gx) / pitchX));
            int c1 = Math.min(l.cols - 1, (int) Math.floor((vx1 - gx) / pitchX));
            int r0 = Math.max(0, (int) Math.floor((vy0 - gy) / pitchY));
            int r1 = Math.min(rows - 1, (int) Math.floor((vy1 - gy) / pitchY));
            for (int row = r0; row <= r1; row++) {
                for (int col = c0; col <= c1; col++) {
                    int slot = row * l.cols + col;
                    if (slot >= count) {
                        break;
                    }
                    int node = l.shown[l.zoneShownStart[z] + slot];
                    if (TILE_W * s >= NODE_TEXT_FROM * r) {
                        nodeHeader(p, f, node, s, tx, ty, c);
                    }
                    if (CELL * s >= POD_TEXT_FROM * r) {
                        podNames(p, f, node, s, tx, ty, c);
                    }
                }
            }
        }
        int u = ix.unplaced();
        if (l.isShown(u) && CELL * s >= POD_TEXT_FROM * r) {
            podNames(p, f, u, s, tx, ty, c);
        }
    }

    private void nodeHeader(TopologyPixels p, TopologyFrame f, int node, double s, double tx, double ty,
                            TopologyColours c) {
        TopologyIndex ix = f.index;
        NodeInfo n = ix.nodes[node];
        double x = (f.layout.tileX[node] + PAD) * s + tx;
        double y = f.layout.tileY[node] * s + ty;
        double width = (TILE_W - 2 * PAD) * s;
        if (y > p.h || y + f.layout.tileH * s < 0) {
            return;
        }
        boolean dim = f.nodeDimmed(node);
        // name, and the role on the right when both fit (the name matters more); near the top when
        // zoomed in: the lines keep their spacing, the bars below keep their place
        int line1 = (int) (y + Math.min(19 * s, 8 * s + 13 * r));
        String role = TopologyText.role(n);
        double roleW = small.width(role);
        if (bold.width(n.name()) + roleW + 8 * r <= width) {
            small.draw(p.px, p.w, p.h, role, x + width - roleW, line1, c.textMuted);
        }
        bold.draw(p.px, p.w, p.h, bold.fit(n.name(), width), x, line1, dim ? c.textMuted : c.text);
        // what is wrong (or Ready), the pod count on the right
        int line2 = (int) Math.min(y + 35 * s, line1 + 16 * r);
        String[] texts = nodeTexts(f, node);
        String count = texts[0];
        double countW = small.width(count);
        small.draw(p.px, p.w, p.h, count, x + width - countW, line2, c.textMuted);
        double limit = x + width - countW - 6 * r;
        double cx = x;
        if (n.healthy()) {
            segment(p, "Ready", cx, line2, limit, c.ok);
        } else {
            if (!n.ready()) {
                cx = segment(p, "NotReady", cx, line2, limit, c.danger);
            }
            if (n.unschedulable()) {
                cx = segment(p, "Cordoned", cx, line2, limit, c.warning);
            }
            for (NodeCondition pressure : NodeCondition.values()) {
                if (n.pressures().contains(pressure)) {
                    cx = segment(p, pressure.kubernetesName(), cx, line2, limit, c.danger);
                }
            }
        }
        // requests, each over its bar
        int line3 = (int) (y + 50 * s);
        double half = (width - 6 * s) / 2;
        tiny.draw(p.px, p.w, p.h, fitRequest(texts[1], texts[2], half), x, line3, c.textMuted);
        tiny.draw(p.px, p.w, p.h, fitRequest(texts[3], texts[4], half), x + half + 6 * s, line3, c.textMuted);
    }

    private String[] nodeTexts(TopologyFrame f, int node) {
        if (nodeTextFor != f) {
            nodeTextFor = f;
            nodeTexts = new String[f.index.nodes.length][];
        }
        String[] t = nodeTexts[node];
        if (t == null) {
            TopologyIndex ix = f.index;
            NodeInfo n = ix.nodes[node];
            String cpu = share("CPU", ix.cpuRequested[node], n.cpuAllocatableMilli());
            String mem = share("Mem", ix.memoryRequested[node], n.memoryAllocatableBytes());
            t = new String[] {ix.podCount(node) + (ix.podCount(node) == 1 ? " pod" : " pods"),
                cpu + " requested", cpu, mem + " requested", mem};
            nodeTexts[node] = t;
        }
        return t;
    }

    private static String share(String what, long used, long allocatable) {
        return allocatable <= 0 ? what + " —" : what + " " + Math.round(100.0 * used / allocatable) + "%";
    }

    /** "CPU 52% requested", or "CPU 52%" where that does not fit. */
    private String fitRequest(String full, String brief, double room) {
        return tiny.width(full) <= room ? full : tiny.fit(brief, room);
    }

    /** Draws one word of the state line and returns where the next starts; stops at {@code limit}. */
    private double segment(TopologyPixels p, String text, double x, int base, double limit, int colour) {
        if (x >= limit) {
            return x;
        }
        small.draw(p.px, p.w, p.h, small.fit(text, limit - x), x, base, colour);
        return x + small.width(text) + 7 * r;
    }

    private void podNames(TopologyPixels p, TopologyFrame f, int node, double s, double tx, double ty,
                          TopologyColours c) {
        TopologyIndex ix = f.index;
        double size = CELL_SIZE * s;
        for (int i = 0; i < ix.podCount(node); i++) {
            double x = f.layout.cellX(ix, node, i) * s + tx;
            double y = f.layout.cellY(ix, node, i) * s + ty;
            if (x > p.w || y > p.h || x + size < 0 || y + size < 0) {
                continue;
            }
            PodInfo pod = ix.pods[ix.podStart[node] + i];
            tiny.draw(p.px, p.w, p.h, tiny.fit(pod.name(), size - 6 * r), x + 3 * r, (int) (y + 13 * r), c.onCell);
        }
    }

    private void outlines(TopologyPixels p, TopologyFrame f, double s, double tx, double ty,
                          TopologyColours c, Marks m) {
        int one = Math.max(1, (int) Math.round(r));
        if (m.hoverNode() >= 0 && m.hoverPod() < 0 && m.hoverNode() != m.selectedNode()) {
            tileOutline(p, f, m.hoverNode(), s, tx, ty, c.textMuted, one);
        }
        if (m.hoverPod() >= 0 && m.hoverPod() != m.selectedPod()) {
            cellOutline(p, f, m.hoverPod(), s, tx, ty, c.text, one);
        }
        if (m.selectedNode() >= 0 && m.selectedPod() < 0) {
            tileOutline(p, f, m.selectedNode(), s, tx, ty, c.accent, 3 * one);
        }
        if (m.selectedPod() >= 0) {
            tileOutline(p, f, f.index.podNode[m.selectedPod()], s, tx, ty, c.accent, one);
            cellOutline(p, f, m.selectedPod(), s, tx, ty, c.accent, 2 * one);
        }
    }

    private static void tileOutline(TopologyPixels p, TopologyFrame f, int node, double s, double tx, double ty,
                                    int colour, int t) {
        TopologyLayout l = f.layout;
        if (!l.isShown(node)) {
            return;
        }
        int x0 = (int) Math.floor(l.tileX[node] * s + tx) - t - 1;
        int y0 = (int) Math.floor(l.tileY[node] * s + ty) - t - 1;
        int x1 = (int) Math.floor((l.tileX[node] + l.tileW(f.index, node)) * s + tx) + t + 1;
        int y1 = (int) Math.floor((l.tileY[node] + l.tileH(f.index, node)) * s + ty) + t + 1;
        p.outline(x0, y0, x1, y1, t, colour);
    }

    private static void cellOutline(TopologyPixels p, TopologyFrame f, int pod, double s, double tx, double ty,
                                    int colour, int t) {
        int node = f.index.podNode[pod];
        if (!f.layout.isShown(node)) {
            return;
        }
        int i = pod - f.index.podStart[node];
        double x = f.layout.cellX(f.index, node, i) * s + tx;
        double y = f.layout.cellY(f.index, node, i) * s + ty;
        int size = (int) Math.max(3, Math.round(CELL_SIZE * s));
        // the frame sits just outside the cell
        int x0 = (int) Math.floor(x) - t - 1;
        int y0 = (int) Math.floor(y) - t - 1;
        p.outline(x0, y0, x0 + size + 2 * t + 2, y0 + size + 2 * t + 2, t, colour);
    }

    /** Text on a nearly opaque chip, so it reads over cells. */
    private void chip(TopologyPixels p, TopologyGlyphs g, String text, double x, int base, int colour,
                      TopologyColours c) {
        double width = g.width(text);
        int pad = (int) Math.round(4 * r);
        p.blend((int) x - pad, base - g.ascent - pad, (int) Math.ceil(x + width) + pad + 1, base + g.descent + pad,
                c.labelBackground, CHIP_ALPHA);
        g.draw(p.px, p.w, p.h, text, x, base, colour);
    }
}
