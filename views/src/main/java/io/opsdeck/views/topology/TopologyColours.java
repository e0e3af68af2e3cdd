package io.opsdeck.views.topology;

import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.theme.Theme;
import javafx.scene.paint.Color;

/**
 * The theme's colours as packed ARGB ints for the pixel buffer, and as {@link Color}s for the
 * labels, with dimmed variants for what a filter sets aside.
 */
final class TopologyColours {
    final Theme theme;
    final HitRatioThresholds thresholds;
    final int background;
    final int zonePanel;
    final int tile;
    final int tileDim;
    final int border;
    final int borderDim;
    final int ok;
    final int warning;
    final int danger;
    final int muted;
    final int accent;
    final int track;
    /** By {@link PodClass}; {@code podDim} is the same colour faded into the tile. */
    final int[] pod = new int[PodClass.COUNT];
    final int[] podDim = new int[PodClass.COUNT];
    final int text;
    final int textMuted;
    final int labelBackground;
    /** Text on a pod cell. */
    final int onCell;

    TopologyColours(Theme theme) {
        this(theme, HitRatioThresholds.DEFAULTS);
    }

    TopologyColours(Theme theme, HitRatioThresholds thresholds) {
        this.theme = theme;
        this.thresholds = thresholds;
        Theme.Palette p = theme.palette();
        boolean dark = theme == Theme.DARK;
        Color tileColour = dark ? Color.web("#0d1117") : Color.WHITE;
        background = argb(p.surface());
        zonePanel = argb(dark ? Color.web("#1c2128") : Color.web("#eaeef2"));
        tile = argb(tileColour);
        tileDim = argb(blend(tileColour, p.surface(), 0.6));
        border = argb(p.border());
        borderDim = argb(blend(p.border(), p.surface(), 0.6));
        ok = argb(p.ok());
        warning = argb(p.warning());
        danger = argb(p.danger());
        muted = argb(p.muted());
        accent = argb(p.accent());
        track = argb(blend(p.border(), tileColour, 0.3));
        Color[] classes = new Color[PodClass.COUNT];
        classes[PodClass.READY] = p.ok();
        classes[PodClass.NOT_READY] = p.danger();
        classes[PodClass.PENDING] = p.warning();
        classes[PodClass.FAILED] = p.failed();
        classes[PodClass.SUCCEEDED] = blend(p.muted(), tileColour, dark ? 0.15 : 0.45);
        classes[PodClass.UNKNOWN] = p.muted();
        for (int c = 0; c < PodClass.COUNT; c++) {
            pod[c] = argb(classes[c]);
            podDim[c] = argb(blend(classes[c], tileColour, 0.82));
        }
        text = argb(dark ? Color.web("#e6edf3") : Color.web("#1f2328"));
        textMuted = argb(dark ? Color.web("#8d96a0") : Color.web("#59636e"));
        labelBackground = argb(dark ? Color.web("#0d1117") : Color.WHITE);
        onCell = argb(dark ? Color.web("#0d1117") : Color.WHITE);
    }

    /**
     * Colour of a cache pod's band: its hit ratio against the thresholds set in Settings (the ones
     * the Caches view judges by). A good ratio is the accent (blue), not green, so the band reads on a
     * green (running) cell. No traffic (NaN) is muted.
     */
    int hitRatio(float ratio) {
        return switch (thresholds.level(ratio)) {
            case CRITICAL -> danger;
            case WARNING -> warning;
            case OK -> accent;
            case NONE -> muted;
        };
    }

    static int argb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    /** {@code a} moved {@code t} of the way towards {@code b}. */
    static Color blend(Color a, Color b, double t) {
        return a.interpolate(b, t);
    }
}
