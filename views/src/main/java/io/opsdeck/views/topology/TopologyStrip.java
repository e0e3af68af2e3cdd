package io.opsdeck.views.topology;

import io.opsdeck.views.common.Format;
import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.theme.Theme;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Above the canvas: a chip per zone (click to zoom to it) and a chip per kind of trouble (click to
 * filter to it). Below it: the legend, what the filters match, and the navigation keys. A handful
 * of nodes whatever the cluster's size.
 */
final class TopologyStrip extends HBox {
    private final TopologyView view;
    private final TopologyToolbar toolbar;
    private final HBox zones = new HBox(6);
    private final HBox problems = new HBox(6);
    private final HBox footer = new HBox(14);
    private final HBox legend = new HBox(12);
    private Theme theme = Theme.LIGHT;
    private HitRatioThresholds thresholds = HitRatioThresholds.DEFAULTS;
    private final Label matches = new Label();
    private List<String> zoneTexts = List.of();
    private List<String> problemTexts = List.of();

    TopologyStrip(TopologyView view, TopologyToolbar toolbar, Theme theme) {
        super(12);
        this.view = view;
        this.toolbar = toolbar;
        getStyleClass().add("topology-strip");
        zones.setId("topology-zones");
        problems.setId("topology-problems");
        problems.setAlignment(Pos.CENTER_RIGHT);
        zones.setAlignment(Pos.CENTER_LEFT);
        ScrollPane zoneScroll = new ScrollPane(zones);
        zoneScroll.getStyleClass().add("topology-zone-scroll");
        zoneScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        zoneScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        zoneScroll.setFitToHeight(true);
        HBox.setHgrow(zoneScroll, Priority.ALWAYS);
        problems.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(zoneScroll, problems);

        matches.setId("topology-matches");
        matches.getStyleClass().add("card-caption");
        matches.setMinWidth(Region.USE_PREF_SIZE);
        Label hint = new Label("Drag or two-finger scroll to pan · wheel, Ctrl+scroll or pinch to zoom · "
                + "F fits · Ctrl+F finds · click for details");
        hint.getStyleClass().add("card-caption");
        hint.setMinWidth(0);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        legend.setId("topology-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.getStyleClass().add("topology-footer");
        footer.getChildren().addAll(legend, grow, matches, hint);
        setTheme(theme);
    }

    HBox footer() {
        return footer;
    }

    void onFrame(TopologyFrame f) {
        zones(f);
        problems(f);
        TopologyIndex ix = f.index;
        int shown = f.layout.shown.length;
        List<String> parts = new ArrayList<>();
        if (shown != ix.nodes.length) {
            parts.add(Format.count(shown) + " of " + Format.count(ix.nodes.length) + " nodes shown");
        }
        if (f.filter.filtersPods()) {
            parts.add(Format.count(f.matchingPods) + " of " + Format.count(ix.pods.length) + " pods match");
        }
        matches.setText(String.join(" · ", parts));
    }

    private void zones(TopologyFrame f) {
        TopologyIndex ix = f.index;
        List<String> texts = new ArrayList<>();
        for (int z = 0; z < ix.zoneNames.length; z++) {
            int troubled = 0;
            for (int n = ix.zoneFirstNode[z]; n < ix.zoneFirstNode[z] + ix.zoneNodeCount[z]; n++) {
                troubled += ix.nodes[n].healthy() ? 0 : 1;
            }
            texts.add(ix.zoneNames[z] + " · " + Format.count(ix.zoneNodeCount[z]) + "|" + f.layout.zoneShownCount[z]
                    + "|" + troubled);
        }
        if (texts.equals(zoneTexts)) {
            return;
        }
        zoneTexts = texts;
        List<Button> chips = new ArrayList<>();
        for (int z = 0; z < ix.zoneNames.length; z++) {
            String[] t = texts.get(z).split("\\|");
            Button chip = new Button(t[0]);
            chip.setId("zone-" + ix.zoneNames[z]);
            chip.getStyleClass().addAll("topology-chip", "topology-chip-plain");
            chip.setFocusTraversable(false);
            chip.setDisable(Integer.parseInt(t[1]) == 0);
            String zone = ix.zoneNames[z];
            chip.setOnAction(e -> zoomToZone(zone));
            int troubled = Integer.parseInt(t[2]);
            chip.setTooltip(new Tooltip(ix.zoneNames[z] + ": " + Format.count(ix.zoneNodeCount[z])
                    + " nodes" + (troubled > 0 ? ", " + troubled + " NotReady, cordoned or under pressure" : "")
                    + "\nClick to zoom to it"));
            chips.add(chip);
        }
        zones.getChildren().setAll(chips);
    }

    private void zoomToZone(String zone) {
        TopologyFrame f = view.frame();
        if (f == null) {
            return;
        }
        for (int z = 0; z < f.index.zoneNames.length; z++) {
            if (f.index.zoneNames[z].equals(zone) && f.layout.zoneShownCount[z] > 0) {
                TopologyLayout l = f.layout;
                double s = Math.min((view.getWidth() - 40) / l.zoneW[z], (view.getHeight() - 40) / l.zoneH[z]);
                view.centreOn(l.zoneX[z] + l.zoneW[z] / 2, l.zoneY[z] + l.zoneH[z] / 2,
                        Math.min(TopologyView.MAX_FIT_SCALE, s), true);
            }
        }
    }

    private void problems(TopologyFrame f) {
        TopologyIndex ix = f.index;
        List<Button> chips = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        chip(chips, texts, ix.nodesNotReady, " NotReady", "notready", true,
                () -> toolbar.setNodeState(TopologyFilter.NodeState.NOT_READY));
        chip(chips, texts, ix.nodesCordoned, " cordoned", "cordoned", false,
                () -> toolbar.setNodeState(TopologyFilter.NodeState.CORDONED));
        chip(chips, texts, ix.nodesUnderPressure, " under pressure", "pressure", true,
                () -> toolbar.setNodeState(TopologyFilter.NodeState.PRESSURE));
        chip(chips, texts, ix.podsByClass[PodClass.NOT_READY], " pods not ready", "pods-notready", true,
                () -> toolbar.setPhase(TopologyFilter.PodFilter.NOT_READY));
        chip(chips, texts, ix.podsByClass[PodClass.PENDING], " pending", "pods-pending", false,
                () -> toolbar.setPhase(TopologyFilter.PodFilter.PENDING));
        chip(chips, texts, ix.podsByClass[PodClass.FAILED], " failed", "pods-failed", true,
                () -> toolbar.setPhase(TopologyFilter.PodFilter.FAILED));
        if (!texts.equals(problemTexts)) {
            problemTexts = texts;
            problems.getChildren().setAll(chips);
        }
    }

    private static void chip(List<Button> chips, List<String> texts, int count, String what, String id, boolean danger,
                             Runnable action) {
        if (count <= 0) {
            return;
        }
        String text = Format.count(count) + what;
        Button b = new Button(text);
        b.setId("topology-problem-" + id);
        b.getStyleClass().addAll("topology-chip", danger ? "topology-chip-danger" : "topology-chip-warning");
        b.setFocusTraversable(false);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        chips.add(b);
        texts.add(text);
    }

    void setTheme(Theme theme) {
        this.theme = theme;
        Theme.Palette p = theme.palette();
        legend.getChildren().setAll(
                swatch("Running", p.ok(), null), swatch("Not ready", p.danger(), null),
                swatch("Pending", p.warning(), null), swatch("Failed", p.failed(), null),
                swatch("Finished", theme == Theme.DARK ? p.muted() : p.muted().interpolate(Color.WHITE, 0.45), null),
                cacheSwatch(p, thresholds),
                swatch("Node NotReady / pressure", null, p.danger()), swatch("Cordoned", null, p.warning()));
        view.requestDraw();
    }

    private static Label swatch(String text, Color fill, Color border) {
        Region r = new Region();
        r.getStyleClass().add("topology-swatch");
        r.setStyle("-fx-background-color: " + css(fill == null ? Color.TRANSPARENT : fill) + ";"
                + (border == null ? "" : "-fx-border-color: " + css(border) + "; -fx-border-width: 2;"));
        Label l = new Label(text, r);
        l.getStyleClass().add("card-caption");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A running cell with the blue band of a cache whose hit ratio is fine. */
    /** The legend's cache entry says the thresholds in force. FX thread. */
    void setThresholds(HitRatioThresholds t) {
        thresholds = t;
        setTheme(theme);
    }

    private static Label cacheSwatch(Theme.Palette p, HitRatioThresholds t) {
        Region r = new Region();
        r.getStyleClass().add("topology-swatch");
        r.setStyle("-fx-background-color: linear-gradient(to bottom, " + css(p.ok()) + " 60%, " + css(p.accent()) + " 60%);");
        Label l = new Label("Cache: band is the hit ratio (blue fine, amber < " + pct(t.warnBelow()) + ", red < "
                + pct(t.criticalBelow()) + ")", r);
        l.setId("topology-legend-cache");
        l.getStyleClass().add("card-caption");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static String pct(double r) {
        double v = r * 100;
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v)) + "%";
    }

    private static String css(Color c) {
        return Objects.equals(c, Color.TRANSPARENT) ? "transparent" : String.format("#%02x%02x%02x",
                Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

}
