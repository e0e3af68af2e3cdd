package io.opsdeck.views.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where everything sits, in world units (one unit is one pixel at zoom 1). Regions are rows,
 * their zones sit side by side, each zone a grid of {@link #cols} node tiles of one size, each tile
 * a grid of pod cells. A node's place depends only on which nodes are shown, {@link #cols} and
 * {@link #podRows} — never on its pods — so a node does not move when a pod changes. Pods without
 * a node get one wide tile below everything. Hit-testing is arithmetic on these arrays.
 */
final class TopologyLayout {
    static final int CELL = 10;
    static final int CELL_SIZE = 8;
    static final int POD_COLS = 16;
    static final int PAD = 8;
    /** Room at the top of a tile for the name, the state line and the CPU and memory bars with their labels. */
    static final int HEADER = 66;
    static final int TILE_W = POD_COLS * CELL - (CELL - CELL_SIZE) + 2 * PAD;
    static final int TILE_GAP = 10;
    static final int ZONE_HEADER = 30;
    static final int ZONE_GAP = 30;
    static final int REGION_HEADER = 34;
    static final int REGION_GAP = 36;

    final int cols;
    final int podRows;
    /** Heights of the zone and region headings: taller than the base when the picture is small on screen. */
    final float zoneHeader;
    final float regionHeader;
    final float tileH;
    final float worldW;
    final float worldH;
    /** Shown nodes of zone z are {@code shown[zoneShownStart[z] .. + zoneShownCount[z]]}. */
    final int[] shown;
    final int[] zoneShownStart;
    final int[] zoneShownCount;
    final float[] zoneX;
    final float[] zoneY;
    final float[] zoneW;
    final float[] zoneH;
    final String[] regionNames;
    final float[] regionX;
    final float[] regionY;
    final float[] regionW;
    /** Tile origin per node; NaN for nodes that are not shown. The unplaced slot is the last. */
    final float[] tileX;
    final float[] tileY;
    final float unplacedW;
    final float unplacedH;
    final int unplacedCols;

    private TopologyLayout(TopologyIndex index, boolean[] shownMask, int cols, int podRows, float band) {
        this.cols = cols;
        this.podRows = podRows;
        this.zoneHeader = ZONE_HEADER * band;
        this.regionHeader = REGION_HEADER * band;
        this.tileH = tileHeight(podRows);
        int zones = index.zoneNames.length;
        int slots = index.nodes.length + 1;
        tileX = new float[slots];
        tileY = new float[slots];
        Arrays.fill(tileX, Float.NaN);
        Arrays.fill(tileY, Float.NaN);
        zoneShownStart = new int[zones];
        zoneShownCount = new int[zones];
        zoneX = new float[zones];
        zoneY = new float[zones];
        zoneW = new float[zones];
        zoneH = new float[zones];
        int[] shownNodes = new int[index.nodes.length];
        int count = 0;
        for (int z = 0; z < zones; z++) {
            zoneShownStart[z] = count;
            for (int n = index.zoneFirstNode[z]; n < index.zoneFirstNode[z] + index.zoneNodeCount[z]; n++) {
                if (shownMask == null || shownMask[n]) {
                    shownNodes[count++] = n;
                }
            }
            zoneShownCount[z] = count - zoneShownStart[z];
        }
        shown = Arrays.copyOf(shownNodes, count);

        List<String> regions = new ArrayList<>();
        List<float[]> regionRects = new ArrayList<>();
        float y = 0;
        float width = 0;
        int z = 0;
        while (z < zones) {
            String region = index.zoneRegions[z];
            float x = 0;
            float tallest = 0;
            boolean any = false;
            for (; z < zones && index.zoneRegions[z].equals(region); z++) {
                int n = zoneShownCount[z];
                if (n == 0) {
                    zoneX[z] = Float.NaN;
                    continue;
                }
                any = true;
                int c = Math.min(cols, n);
                int rows = (n + cols - 1) / cols;
                zoneX[z] = x;
                zoneY[z] = y + regionHeader;
                zoneW[z] = c * (TILE_W + TILE_GAP) - TILE_GAP;
                zoneH[z] = zoneHeader + rows * (tileH + TILE_GAP) - TILE_GAP;
                for (int i = 0; i < n; i++) {
                    int node = shown[zoneShownStart[z] + i];
                    tileX[node] = x + (i % cols) * (TILE_W + TILE_GAP);
                    tileY[node] = zoneY[z] + zoneHeader + (i / cols) * (tileH + TILE_GAP);
                }
                x += zoneW[z] + ZONE_GAP;
                tallest = Math.max(tallest, zoneH[z]);
            }
            if (any) {
                regions.add(region);
                regionRects.add(new float[] {0, y, x - ZONE_GAP});
                width = Math.max(width, x - ZONE_GAP);
                y += regionHeader + tallest + REGION_GAP;
            }
        }
        regionNames = regions.toArray(String[]::new);
        regionX = new float[regions.size()];
        regionY = new float[regions.size()];
        regionW = new float[regions.size()];
        for (int r = 0; r < regions.size(); r++) {
            regionX[r] = regionRects.get(r)[0];
            regionY[r] = regionRects.get(r)[1];
            regionW[r] = regionRects.get(r)[2];
        }
        int unplaced = index.podCount(index.unplaced());
        if (unplaced > 0) {
            float w = Math.max(TILE_W, width);
            unplacedCols = Math.max(POD_COLS, (int) ((w - 2 * PAD + (CELL - CELL_SIZE)) / CELL));
            unplacedW = w;
            unplacedH = PAD + ((unplaced + unplacedCols - 1) / unplacedCols) * CELL - (CELL - CELL_SIZE) + PAD;
            tileX[index.unplaced()] = 0;
            tileY[index.unplaced()] = y + zoneHeader;
            y += zoneHeader + unplacedH + REGION_GAP;
            width = Math.max(width, w);
        } else {
            unplacedCols = POD_COLS;
            unplacedW = 0;
            unplacedH = 0;
        }
        worldW = width;
        worldH = Math.max(0, y - REGION_GAP);
    }

    static TopologyLayout compute(TopologyIndex index, boolean[] shownMask, int cols, int podRows, float band) {
        return new TopologyLayout(index, shownMask, Math.max(1, cols), Math.max(1, podRows), Math.max(1, band));
    }

    /** The scale at which the whole world fits a viewport of this size (with a margin), at most {@code max}. */
    double fitScale(double width, double height, double max) {
        return Math.min(max, Math.min((width - 24) / Math.max(1, worldW), (height - 24) / Math.max(1, worldH)));
    }

    /**
     * How much taller than the base the headings must be for a label of {@code labelPx} pixels to fit
     * above its zone when this layout is fitted to a viewport of this size.
     */
    float bandFor(double width, double height, double labelPx, double maxScale) {
        double s = fitScale(width, height, maxScale);
        return (float) Math.max(1, labelPx / (ZONE_HEADER * Math.max(1e-4, s)));
    }

    static float tileHeight(int podRows) {
        return HEADER + podRows * CELL - (CELL - CELL_SIZE) + PAD;
    }

    /** Rows of pod cells that hold the fullest node. */
    static int podRowsFor(int maxPodsPerNode) {
        return Math.max(1, (maxPodsPerNode + POD_COLS - 1) / POD_COLS);
    }

    /** Tile columns per zone and the heading multiplier, chosen together. */
    record Shape(int cols, float band) {
    }

    /**
     * Tile columns per zone that let the whole world fit the largest into a viewport of this size,
     * with zone headings tall enough for a {@code labelPx} label at that fit ({@link #bandFor}).
     */
    static Shape chooseShape(TopologyIndex index, boolean[] shownMask, int podRows, double viewW, double viewH,
                             double labelPx, double maxScale) {
        List<Integer> regionZoneCounts = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int zones = index.zoneNames.length;
        int widest = 1;
        int z = 0;
        while (z < zones) {
            String region = index.zoneRegions[z];
            int inRegion = 0;
            for (; z < zones && index.zoneRegions[z].equals(region); z++) {
                int n = 0;
                for (int i = index.zoneFirstNode[z]; i < index.zoneFirstNode[z] + index.zoneNodeCount[z]; i++) {
                    n += shownMask == null || shownMask[i] ? 1 : 0;
                }
                if (n > 0) {
                    counts.add(n);
                    inRegion++;
                    widest = Math.max(widest, n);
                }
            }
            if (inRegion > 0) {
                regionZoneCounts.add(inRegion);
            }
        }
        float tileH = tileHeight(podRows);
        int unplaced = index.podCount(index.unplaced());
        int best = 1;
        double bestScale = -1;
        float bestBand = 1;
        for (int cols = 1; cols <= widest; cols++) {
            double w = 0;
            double tiles = 0;
            int k = 0;
            for (int zonesInRegion : regionZoneCounts) {
                double x = 0;
                double tallest = 0;
                for (int i = 0; i < zonesInRegion; i++, k++) {
                    int n = counts.get(k);
                    x += Math.min(cols, n) * (TILE_W + TILE_GAP) - TILE_GAP + ZONE_GAP;
                    tallest = Math.max(tallest, ((n + cols - 1) / cols) * (tileH + TILE_GAP));
                }
                w = Math.max(w, x - ZONE_GAP);
                tiles += tallest + REGION_GAP;
            }
            if (unplaced > 0) {
                int perRow = Math.max(POD_COLS, (int) ((Math.max(w, TILE_W) - 2 * PAD) / CELL));
                tiles += 2 * PAD + ((unplaced + perRow - 1) / perRow) * CELL + REGION_GAP;
            }
            int headings = regionZoneCounts.size() + (unplaced > 0 ? 1 : 0);
            // the headings grow as the fitted scale shrinks: settle the two together
            double scale = maxScale;
            float band = 1;
            for (int round = 0; round < 4; round++) {
                band = (float) Math.max(1, labelPx / (ZONE_HEADER * Math.max(1e-4, scale)));
                double h = tiles + headings * (ZONE_HEADER + REGION_HEADER) * band;
                scale = Math.min(maxScale, Math.min((viewW - 24) / Math.max(1, w), (viewH - 24) / Math.max(1, h)));
            }
            if (scale > bestScale * 1.0001) {
                bestScale = scale;
                best = cols;
                bestBand = (float) Math.max(1, labelPx / (ZONE_HEADER * Math.max(1e-4, scale)));
            }
        }
        return new Shape(best, bestBand);
    }

    boolean isShown(int node) {
        return !Float.isNaN(tileX[node]);
    }

    float tileW(TopologyIndex index, int node) {
        return node == index.unplaced() ? unplacedW : TILE_W;
    }

    float tileH(TopologyIndex index, int node) {
        return node == index.unplaced() ? unplacedH : tileH;
    }

    /** Height of a tile's heading; the tile of pods without a node has none. */
    int header(TopologyIndex index, int node) {
        return node == index.unplaced() ? PAD : HEADER;
    }

    int podCols(TopologyIndex index, int node) {
        return node == index.unplaced() ? unplacedCols : POD_COLS;
    }

    /** The node whose tile holds the world point, or -1. */
    int nodeAt(TopologyIndex index, double x, double y) {
        int u = index.unplaced();
        if (isShown(u) && x >= tileX[u] && x < tileX[u] + unplacedW && y >= tileY[u] && y < tileY[u] + unplacedH) {
            return u;
        }
        for (int z = 0; z < zoneX.length; z++) {
            if (zoneShownCount[z] == 0) {
                continue;
            }
            double gx = x - zoneX[z];
            double gy = y - zoneY[z] - zoneHeader;
            if (gx < 0 || gy < 0 || gx >= zoneW[z] || gy >= zoneH[z] - zoneHeader) {
                continue;
            }
            int col = (int) (gx / (TILE_W + TILE_GAP));
            int row = (int) (gy / (tileH + TILE_GAP));
            if (gx - col * (TILE_W + TILE_GAP) >= TILE_W || gy - row * (tileH + TILE_GAP) >= tileH) {
                return -1;
            }
            int slot = row * cols + col;
            return col < cols && slot < zoneShownCount[z] ? shown[zoneShownStart[z] + slot] : -1;
        }
        return -1;
    }

    /** The pod whose cell holds the world point, within {@code node}'s tile, or -1. */
    int podAt(TopologyIndex index, int node, double x, double y) {
        if (node < 0 || !isShown(node)) {
            return -1;
        }
        double lx = x - tileX[node] - PAD;
        double ly = y - tileY[node] - header(index, node);
        if (lx < 0 || ly < 0) {
            return -1;
        }
        int col = (int) (lx / CELL);
        int row = (int) (ly / CELL);
        int podCols = podCols(index, node);
        if (col >= podCols) {
            return -1;
        }
        int i = row * podCols + col;
        return i < index.podCount(node) ? index.podStart[node] + i : -1;
    }

    /** World x of the cell of the {@code i}th pod of {@code node}. */
    float cellX(TopologyIndex index, int node, int i) {
        return tileX[node] + PAD + (i % podCols(index, node)) * CELL;
    }

    float cellY(TopologyIndex index, int node, int i) {
        return tileY[node] + header(index, node) + (i / podCols(index, node)) * CELL;
    }
}
