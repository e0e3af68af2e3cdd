package io.opsdeck.views.caches;

import eu.hansolo.tilesfx.Section;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import io.opsdeck.services.model.CacheSample;
import io.opsdeck.services.model.CacheClusterSummary;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.theme.Theme;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One cache cluster: its name and size, TilesFX tiles for the hit ratio (a gauge with the warning and
 * critical sections), ops/s, memory and evictions/s, and a sparkline of its hit ratio over the last
 * hour. Made once per cluster and updated in place, so tiles are not rebuilt at every poll.
 */
final class CacheClusterPanel extends VBox {
    static final double TILE = 138;

    final Tile hitRatio;
    final Tile ops;
    final Tile memory;
    final Tile evictions;
    final CacheHistoryChart sparkline = new CacheHistoryChart(true);
    private final Label title = new Label();
    private final Label caption = new Label();
    private final Label connection = new Label();
    private HitRatioThresholds sectionsFor;
    private Theme themeFor;

    CacheClusterPanel(String id, Runnable onClick) {
        setId(id);
        getStyleClass().add("cache-cluster");
        title.getStyleClass().add("card-title");
        caption.getStyleClass().add("card-caption");
        connection.getStyleClass().add("card-caption");
        connection.setId(id + "-connection");
        hitRatio = tile(Tile.SkinType.GAUGE, "Hit ratio", "%");
        hitRatio.setId(id + "-hit-ratio");
        hitRatio.setMinValue(0);
        hitRatio.setMaxValue(100);
        hitRatio.setDecimals(1);
        hitRatio.setThresholdVisible(true);
        hitRatio.setSectionsVisible(true);
        hitRatio.setTooltipText("Hits over reads across the cluster's nodes, weighted by traffic");
        ops = tile(Tile.SkinType.NUMBER, "Ops/s", "");
        ops.setId(id + "-ops");
        ops.setDecimals(0);
        // a number, like its neighbours: TilesFX's PERCENTAGE skin draws its own "100%" badge over the
        // end of its bar and repeats the value beside it
        memory = tile(Tile.SkinType.NUMBER, "Memory", "%");
        memory.setId(id + "-memory");
        memory.setDecimals(0);
        evictions = tile(Tile.SkinType.NUMBER, "Evictions/s", "");
        evictions.setId(id + "-evictions");
        evictions.setDecimals(1);
        sparkline.setPrefSize(4 * TILE + 18, 30);
        sparkline.setMinHeight(30);
        sparkline.setId(id + "-sparkline");
        Tooltip.install(sparkline, new Tooltip("Hit ratio over the last hour"));
        HBox tiles = new HBox(6, hitRatio, ops, memory, evictions);
        setSpacing(4);
        getChildren().addAll(new VBox(0, title, new HBox(6, caption, connection)), tiles, sparkline);
        setOnMouseClicked(e -> onClick.run());
    }

    /**
     * The badge beside the caption: TLS, or a weakening (not verified, a password without TLS, a password not
     * sent); nothing for the usual port-forward or when the nodes differ.
     */
    void showConnection(CacheTransport t) {
        boolean shown = t.encrypted() || t.weakened() || t == CacheTransport.CLEARTEXT_REFUSED;
        connection.setText(shown ? "· " + CacheRow.shortLabel(t) : "");
        connection.setTooltip(shown ? new Tooltip(t.label()) : null);
        connection.getStyleClass().removeAll("health-down", "health-degraded");
        String style = CacheRow.connectionStyle(t);
        if (shown && style != null) {
            connection.getStyleClass().add(style);
        }
    }

    /**
     * @param memoryMax the sum of the nodes' memory limits, or -1 when some node has none (Redis
     *                  without maxmemory)
     */
    void show(CacheClusterSummary c, long memoryMax, List<CacheSample> history, Instant now,
              HitRatioThresholds thresholds, Theme theme, boolean selected) {
        title.setText(c.namespace() + "/" + c.name());
        caption.setText(c.kind().id() + " · " + c.nodes() + (c.nodes() == 1 ? " node" : " nodes")
                + (c.nodesWithData() < c.nodes() ? " (" + (c.nodes() - c.nodesWithData()) + " without figures)" : ""));
        if (theme != themeFor) {
            themeFor = theme;
            colour(theme);
            sectionsFor = null;
        }
        if (!thresholds.equals(sectionsFor)) {
            sectionsFor = thresholds;
            Theme.Palette p = theme.palette();
            hitRatio.setSections(new Section(0, thresholds.criticalBelow() * 100, p.danger()),
                    new Section(thresholds.criticalBelow() * 100, thresholds.warnBelow() * 100, p.warning()),
                    new Section(thresholds.warnBelow() * 100, 100, p.ok()));
            hitRatio.setThreshold(thresholds.warnBelow() * 100);
        }
        HitRatioThresholds.Level level = c.nodesWithData() == 0 ? HitRatioThresholds.Level.NONE
                : thresholds.level(c.hitRatio());
        boolean noTraffic = c.nodesWithData() > 0 && Double.isNaN(c.hitRatio());
        hitRatio.setTitle(c.nodesWithData() == 0 ? "Hit ratio: no figures" : noTraffic ? "Hit ratio: no traffic"
                : "Hit ratio");
        hitRatio.setValueVisible(level != HitRatioThresholds.Level.NONE);
        hitRatio.setValue(level == HitRatioThresholds.Level.NONE ? 0 : c.hitRatio() * 100);
        Color levelColour = CacheHistoryChart.colour(level, theme.palette());
        hitRatio.setValueColor(level == HitRatioThresholds.Level.OK ? fg(theme) : levelColour);
        hitRatio.setBarColor(levelColour);
        // no figures at all: an empty dial, not a needle resting at 0 % in the red section
        boolean unknown = c.nodesWithData() == 0 || level == HitRatioThresholds.Level.NONE;
        hitRatio.setNeedleColor(unknown ? Color.TRANSPARENT : fg(theme));
        hitRatio.setSectionsVisible(!unknown);
        hitRatio.setThresholdVisible(!unknown);
        hitRatio.setText(unknown ? "unknown" : "");
        hitRatio.setUnit(unknown ? "" : "%");

        ops.setValue(Double.isNaN(c.opsPerSec()) ? 0 : c.opsPerSec());
        ops.setValueVisible(!Double.isNaN(c.opsPerSec()));
        ops.setText(Double.isNaN(c.opsPerSec()) ? Format.UNKNOWN : "all nodes, a second");
        ops.setDescription(Double.isNaN(c.opsPerSec()) ? "no figures" : "");

        boolean memoryKnown = memoryMax > 0 && c.memoryUsedBytes() >= 0;
        if (memoryKnown) {
            double pct = 100.0 * c.memoryUsedBytes() / memoryMax;
            memory.setValue(Math.min(100, pct));
            memory.setDescription("");
            memory.setText(Format.bytes(c.memoryUsedBytes()) + " of " + Format.bytes(memoryMax));
            memory.setValueColor(pct >= 95 ? theme.palette().danger() : pct >= 85 ? theme.palette().warning()
                    : fg(theme));
            memory.setValueVisible(true);
        } else {
            memory.setValue(0);
            memory.setValueVisible(false);
            memory.setDescription(c.memoryUsedBytes() < 0 ? "no figures"
                    : Format.bytes(c.memoryUsedBytes()) + " used, no limit set");
            memory.setText(c.memoryUsedBytes() < 0 ? Format.UNKNOWN : "");
        }

        double ev = c.evictionsPerSec();
        evictions.setValue(Double.isNaN(ev) ? 0 : ev);
        evictions.setValueVisible(!Double.isNaN(ev));
        evictions.setValueColor(!Double.isNaN(ev) && ev >= 1 ? theme.palette().warning() : fg(theme));
        evictions.setText(Double.isNaN(ev) ? Format.UNKNOWN : ev >= 1 ? "memory is short" : "none to speak of");

        getStyleClass().removeAll("warning", "danger", "selected");
        if (level == HitRatioThresholds.Level.CRITICAL) {
            getStyleClass().add("danger");
        } else if (level == HitRatioThresholds.Level.WARNING) {
            getStyleClass().add("warning");
        }
        if (selected) {
            getStyleClass().add("selected");
        }
        sparkline.show(history, now, thresholds, theme);
    }


    /** What the panel says, for tests and the accessibility text. */
    String summary() {
        return String.format(Locale.ROOT, "%s %s %s", title.getText(), hitRatio.getTitle(),
                hitRatio.isValueVisible() ? String.format(Locale.ROOT, "%.1f%%", hitRatio.getValue()) : "");
    }

    private static Tile tile(Tile.SkinType skin, String title, String unit) {
        Tile t = TileBuilder.create().skinType(skin).prefSize(TILE, TILE).title(title).unit(unit)
                .animated(false).roundedCorners(true).build();
        t.setMinSize(TILE, TILE);
        t.setMaxSize(TILE, TILE);
        return t;
    }

    private void colour(Theme theme) {
        Color bg = theme == Theme.DARK ? Color.web("#161b22") : Color.web("#f6f8fa");
        Color fg = fg(theme);
        Color muted = theme == Theme.DARK ? Color.web("#8b949e") : Color.web("#57606a");
        for (Tile t : List.of(hitRatio, ops, memory, evictions)) {
            t.setBackgroundColor(bg);
            t.setForegroundBaseColor(fg);
            t.setTitleColor(muted);
            t.setTextColor(muted);
            t.setDescriptionColor(muted);
            t.setUnitColor(muted);
            t.setValueColor(fg);
            t.setBarBackgroundColor(theme == Theme.DARK ? Color.web("#30363d") : Color.web("#d0d7de"));
            t.setNeedleColor(fg);
            t.setThresholdColor(muted);
        }
        ops.setBarColor(theme.palette().accent());
    }

    private static Color fg(Theme theme) {
        return theme == Theme.DARK ? Color.web("#e6edf3") : Color.web("#1f2328");
    }

}
