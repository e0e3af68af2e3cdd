package io.opsdeck.views.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.paint.Color;

import java.util.Locale;

/**
 * Light and dark themes (AtlantaFX Primer) plus the colours that Canvas drawing needs, which CSS
 * cannot reach.
 */
public enum Theme {
    LIGHT(new Palette(Color.web("#1a7f37"), Color.web("#bf8700"), Color.web("#cf222e"), Color.web("#8c959f"),
            Color.web("#0969da"), Color.web("#f6f8fa"), Color.web("#d0d7de"), Color.web("#82071e"))),
    DARK(new Palette(Color.web("#3fb950"), Color.web("#d29922"), Color.web("#f85149"), Color.web("#6e7681"),
            Color.web("#58a6ff"), Color.web("#161b22"), Color.web("#30363d"), Color.web("#ff7b72")));

    public static final String STYLESHEET = Theme.class.getResource("opsdeck.css").toExternalForm();

    private final Palette palette;

    Theme(Palette palette) {
        this.palette = palette;
    }

    public Palette palette() {
        return palette;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The window's own background, Primer's {@code -color-bg-default}: the scene's fill, which Prism clears
     * every repainted area with anyway, instead of a background on the window's root that it paints again
     * under everything, the Topology's picture included, every frame (~13% of the renderer's time per frame).
     */
    public Color windowBackground() {
        return this == LIGHT ? Color.web("#ffffff") : Color.web("#0d1117");
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /**
     * Sets the user-agent stylesheet for the whole application. FX thread only. Applied before the first
     * control is made, it also spares JavaFX loading its own Modena (the first {@code Control} loads it
     * when no user-agent stylesheet is set: ~30 ms of the console's path to its first frame, issue #16).
     */
    public void apply() {
        String url = this == LIGHT ? new PrimerLight().getUserAgentStylesheet() : new PrimerDark().getUserAgentStylesheet();
        // setting the same one again reads the whole style sheet to compare checksums
        if (!url.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(url);
        }
    }

    /** Parses {@code light} or {@code dark}; anything else is light. */
    public static Theme parse(String id) {
        return "dark".equalsIgnoreCase(id) ? DARK : LIGHT;
    }

    /** Colours for Canvas drawing. */
    public record Palette(Color ok, Color warning, Color danger, Color muted, Color accent, Color surface,
                          Color border, Color failed) {
    }
}
