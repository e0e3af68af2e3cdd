package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheSample;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.theme.Theme;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hit ratio (line, left scale 0–100 %, with the warning and critical bands) and ops/s (shaded area,
 * right scale) over the last hour, on one canvas. A stretch without traffic is a gap in the line,
 * never a drop to 0 %. In sparkline form it draws the hit ratio line alone, without axes.
 *
 * <p>Drawn on a Canvas rather than a LineChart: an hour at one point every 2 s is 1,800 points per
 * series, redrawn at every poll, and the line needs gaps and threshold bands a LineChart lacks.
 */
public final class CacheHistoryChart extends Region {
    private static final Duration SPAN = Duration.ofHours(1);
    private static final double LEFT = 40;
    private static final double RIGHT = 52;
    private static final double TOP = 8;
    private static final double BOTTOM = 20;
    private static final String AXIS_NOW = "now";
    private static final String AXIS_WIDEST = minutesAgo(60);
    /** The least room between two time labels, in pixels. */
    static final double AXIS_GAP = 8;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Canvas canvas = new Canvas();
    private final boolean sparkline;
    private List<CacheSample> samples = List.of();
    private Instant now = Instant.EPOCH;
    private HitRatioThresholds thresholds = HitRatioThresholds.DEFAULTS;
    private Theme theme = Theme.LIGHT;
    private double lo;
    /** Where the pointer is over the plot (canvas x), or NaN: the read-out follows it. */
    private double hoverX = Double.NaN;
    private CacheSample hovered;
    private String readout;
    private List<AxisLabel> timeLabels = List.of();

    /** @param sparkline draw the hit ratio line alone, without axes or ops/s */
    public CacheHistoryChart(boolean sparkline) {
        this.sparkline = sparkline;
        getChildren().add(canvas);
        getStyleClass().add(sparkline ? "cache-sparkline" : "cache-history-chart");
        setMinSize(60, sparkline ? 24 : 120);
        setPrefSize(sparkline ? 300 : 420, sparkline ? 40 : 200);
        if (!sparkline) {
            canvas.setOnMouseMoved(e -> hover(e.getX()));
            canvas.setOnMouseDragged(e -> hover(e.getX()));
            canvas.setOnMouseExited(e -> hover(Double.NaN));
        }
    }

    /** Shows the read-out of the point nearest canvas x {@code x}; NaN hides it. FX thread. */
    void hover(double x) {
        hoverX = x;
        draw();
    }

    /** The point the read-out shows, or {@code null}; for tests. */
    CacheSample hovered() {
        return hovered;
    }

    /** The read-out's text, or {@code null}; for tests. */
    String readout() {
        return readout;
    }

    /** The time labels under the plot as last drawn; for tests. */
    List<AxisLabel> timeLabels() {
        return timeLabels;
    }

    /** A label of the time axis: its text and the span it takes, left edge {@code x}. */
    record AxisLabel(String text, double x, double width) {
        double end() {
            return x + width;
        }
    }

    /**
     * The time labels under a plot {@code pw} wide at {@code left}: every 15 minutes when they fit,
     * else every 30, else the hour's two ends, else "now" alone; "−60 min" starts at the plot's left
     * edge and "now" ends at its right one, the others centred on their minute, so that no two
     * labels touch (at least {@link #AXIS_GAP} apart).
     *
     * @param widest the width of the widest minutes label ("−60 min")
     * @param nowWidth the width of "now"
     */
    static List<AxisLabel> timeAxis(double left, double pw, double widest, double nowWidth) {
        for (int step : new int[] {15, 30, 60}) {
            List<AxisLabel> labels = new ArrayList<>();
            for (int m = 60; m >= 0; m -= step) {
                double at = left + pw * (1 - m / 60.0);
                double w = m == 0 ? nowWidth : widest;
                double x = m == 60 ? left : m == 0 ? left + pw - w : at - w / 2;
                labels.add(new AxisLabel(m == 0 ? AXIS_NOW : minutesAgo(m), x, w));
            }
            boolean fits = true;
            for (int i = 1; i < labels.size(); i++) {
                fits &= labels.get(i).x() - labels.get(i - 1).end() >= AXIS_GAP;
            }
            if (fits) {
                return labels;
            }
        }
        return nowWidth <= pw ? List.of(new AxisLabel(AXIS_NOW, left + pw - nowWidth, nowWidth)) : List.of();
    }

    private static String minutesAgo(int m) {
        return "−" + m + " min";
    }

    private static double textWidth(String s, Font font) {
        Text probe = new Text(s);
        probe.setFont(font);
        return probe.getLayoutBounds().getWidth();
    }

    /** Shows {@code samples} (oldest first) for the hour before {@code now}. FX thread. */
    public void show(List<CacheSample> samples, Instant now, HitRatioThresholds thresholds, Theme theme) {
        this.samples = List.copyOf(samples);
        this.now = now;
        this.thresholds = thresholds;
        this.theme = theme;
        draw();
    }

    /** The points shown, for tests. */
    public List<CacheSample> samples() {
        return samples;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        hovered = null;
        readout = null;
        if (w < 20 || h < 10) {
            return;
        }
        Theme.Palette p = theme.palette();
        double left = sparkline ? 1 : LEFT;
        double right = sparkline ? 1 : RIGHT;
        double top = sparkline ? 2 : TOP;
        double bottom = sparkline ? 2 : BOTTOM;
        double pw = w - left - right;
        double ph = h - top - bottom;
        if (pw < 10 || ph < 5) {
            return;
        }
        long end = now.toEpochMilli();
        long start = end - SPAN.toMillis();
        // the hit ratio scale starts below the lowest point and the critical line, so a fall shows
        double lowest = thresholds.criticalBelow();
        for (CacheSample s : samples) {
            if (!Double.isNaN(s.hitRatio())) {
                lowest = Math.min(lowest, s.hitRatio());
            }
        }
        lo = Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
        double yCrit = y(thresholds.criticalBelow(), top, ph);
        double yWarn = y(thresholds.warnBelow(), top, ph);
        if (sparkline) {
            g.setStroke(withAlpha(p.warning(), 0.7));
            g.setLineWidth(1);
            g.setLineDashes(3, 3);
            g.strokeLine(left, yWarn, left + pw, yWarn);
            g.setStroke(withAlpha(p.danger(), 0.7));
            g.strokeLine(left, yCrit, left + pw, yCrit);
            g.setLineDashes((double[]) null);
        } else {
            g.setFill(withAlpha(p.danger(), 0.07));
            g.fillRect(left, yCrit, pw, top + ph - yCrit);
            g.setFill(withAlpha(p.warning(), 0.09));
            g.fillRect(left, yWarn, pw, yCrit - yWarn);
        }

        Color text = theme == Theme.DARK ? Color.web("#8b949e") : Color.web("#57606a");
        if (!sparkline) {
            g.setStroke(p.border());
            g.setLineWidth(1);
            g.strokeRect(left + 0.5, top + 0.5, pw - 1, ph - 1);
            g.setFont(Font.font(10));
            g.setFill(text);
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(TextAlignment.RIGHT);
            for (double r : new double[] {1.0, thresholds.warnBelow(), thresholds.criticalBelow(), lo}) {
                double y = y(r, top, ph);
                g.fillText(String.format(Locale.ROOT, "%.0f%%", r * 100), left - 4, y);
            }
            g.setTextBaseline(VPos.TOP);
            g.setTextAlign(TextAlignment.LEFT);
            timeLabels = timeAxis(left, pw, textWidth(AXIS_WIDEST, g.getFont()), textWidth(AXIS_NOW, g.getFont()));
            for (AxisLabel l : timeLabels) {
                g.fillText(l.text(), l.x(), top + ph + 4);
            }
        }
        if (samples.isEmpty()) {
            if (!sparkline) {
                g.setFill(text);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.setFont(Font.font(12));
                g.fillText("No history yet: figures are kept from the first poll on", left + pw / 2, top + ph / 2);
            }
            return;
        }

        // ops/s: shaded area on its own scale
        double maxOps = 0;
        for (CacheSample s : samples) {
            if (!Double.isNaN(s.opsPerSec())) {
                maxOps = Math.max(maxOps, s.opsPerSec());
            }
        }
        if (!sparkline && maxOps > 0) {
            double scale = niceCeiling(maxOps * 1.1);
            g.setFill(withAlpha(p.accent(), 0.10));
            g.beginPath();
            boolean open = false;
            double lastX = left;
            for (CacheSample s : samples) {
                double x = x(s.at().toEpochMilli(), start, end, left, pw);
                if (Double.isNaN(s.opsPerSec())) {
                    if (open) {
                        g.lineTo(lastX, top + ph);
                        g.closePath();
                        open = false;
                    }
                    continue;
                }
                double y = top + ph * (1 - s.opsPerSec() / scale);
                if (!open) {
                    g.moveTo(x, top + ph);
                    open = true;
                }
                g.lineTo(x, y);
                lastX = x;
            }
            if (open) {
                g.lineTo(lastX, top + ph);
                g.closePath();
            }
            g.fill();
            g.setFill(text);
            g.setFont(Font.font(10));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(Format.rate(scale), left + pw + 4, top + 4);
            g.fillText("0", left + pw + 4, top + ph);
        }

        // hit ratio: a line with gaps where there was no traffic, coloured by its level
        g.setLineWidth(sparkline ? 1.5 : 2);
        double prevX = Double.NaN;
        double prevY = Double.NaN;
        for (CacheSample s : samples) {
            double x = x(s.at().toEpochMilli(), start, end, left, pw);
            if (Double.isNaN(s.hitRatio())) {
                prevX = Double.NaN;
                continue;
            }
            double y = y(Math.max(0, Math.min(1, s.hitRatio())), top, ph);
            if (!Double.isNaN(prevX)) {
                g.setStroke(colour(thresholds.level(s.hitRatio()), p));
                g.strokeLine(prevX, prevY, x, y);
            } else {
                g.setFill(colour(thresholds.level(s.hitRatio()), p));
                g.fillOval(x - 1.5, y - 1.5, 3, 3);
            }
            prevX = x;
            prevY = y;
        }
        if (!sparkline && !Double.isNaN(hoverX) && hoverX >= left && hoverX <= left + pw) {
            drawReadout(g, p, text, start, end, left, top, pw, ph);
        }
    }

    /**
     * A vertical line at the point nearest the pointer, a dot on the hit ratio line, and a box with
     * the point's time (local, and how long ago), hit ratio and ops/s.
     */
    private void drawReadout(GraphicsContext g, Theme.Palette p, Color text, long start, long end, double left,
                             double top, double pw, double ph) {
        long t = start + (long) ((hoverX - left) / pw * (end - start));
        CacheSample near = nearest(t);
        if (near == null) {
            return;
        }
        hovered = near;
        double x = x(near.at().toEpochMilli(), start, end, left, pw);
        g.setStroke(withAlpha(text, 0.8));
        g.setLineWidth(1);
        g.strokeLine(Math.floor(x) + 0.5, top, Math.floor(x) + 0.5, top + ph);
        if (!Double.isNaN(near.hitRatio())) {
            double y = y(Math.max(0, Math.min(1, near.hitRatio())), top, ph);
            g.setFill(colour(thresholds.level(near.hitRatio()), p));
            g.fillOval(x - 4, y - 4, 8, 8);
        }
        long agoSec = Math.max(0, (end - near.at().toEpochMilli()) / 1000);
        String ago = agoSec < 60 ? agoSec + " s ago" : agoSec / 60 + " min ago";
        readout = TIME.format(near.at()) + " (" + ago + ")  ·  hit " + Format.ratio(near.hitRatio()) + "  ·  "
                + "ops " + (Double.isNaN(near.opsPerSec()) ? Format.UNKNOWN : Format.rate(near.opsPerSec()));
        Font font = Font.font(11);
        g.setFont(font);
        double tw = textWidth(readout, font) + 12;
        double bx = x + 8 + tw <= left + pw - 4 ? x + 8 : Math.max(left + 2, x - 8 - tw);
        double by = top + 4;
        g.setFill(theme == Theme.DARK ? Color.web("#161b22", 0.92) : Color.web("#ffffff", 0.92));
        g.fillRoundRect(bx, by, tw, 20, 6, 6);
        g.setStroke(p.border());
        g.strokeRoundRect(bx + 0.5, by + 0.5, tw - 1, 19, 6, 6);
        g.setFill(theme == Theme.DARK ? Color.web("#e6edf3") : Color.web("#1f2328"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(readout, bx + 6, by + 10);
    }

    /** The sample nearest epoch ms {@code t} (samples are oldest first), or null when there are none. */
    private CacheSample nearest(long t) {
        int lo0 = 0;
        int hi = samples.size() - 1;
        if (hi < 0) {
            return null;
        }
        while (lo0 < hi) {
            int mid = (lo0 + hi) >>> 1;
            if (samples.get(mid).at().toEpochMilli() < t) {
                lo0 = mid + 1;
            } else {
                hi = mid;
            }
        }
        CacheSample after = samples.get(lo0);
        if (lo0 > 0) {
            CacheSample before = samples.get(lo0 - 1);
            if (t - before.at().toEpochMilli() <= after.at().toEpochMilli() - t) {
                return before;
            }
        }
        return after;
    }

    /** The bottom of the hit ratio scale: 0 %, or higher when every point is well above it. */
    double lowest() {
        return lo;
    }

    private double y(double ratio, double top, double ph) {
        return top + ph * (1 - (ratio - lo) / (1 - lo));
    }

    static Color colour(HitRatioThresholds.Level level, Theme.Palette p) {
        return switch (level) {
            case OK -> p.ok();
            case WARNING -> p.warning();
            case CRITICAL -> p.danger();
            case NONE -> p.muted();
        };
    }

    private static double x(long t, long start, long end, double left, double pw) {
        return left + pw * Math.max(0, Math.min(1, (t - start) / (double) (end - start)));
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code v}. */
    static double niceCeiling(double v) {
        double pow = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * pow >= v) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    private static Color withAlpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }
}
