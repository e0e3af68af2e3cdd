package io.opsdeck.views.theme;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The fonts every page shows: the default text font and Ikonli's Feather icon font. */
public final class Fonts {
    private Fonts() {
    }

    /**
     * Loads them: fontconfig's set-up for the default font, Ikonli's icon handlers (a service look-up)
     * and the Feather font (copied out of its jar). The first icon made does this otherwise, on the FX
     * thread, in the path to the window's first frame (~35 ms there; issue #16). Any thread, once the
     * JavaFX toolkit has started (JavaFX makes fonts on any thread); the FX thread must not make icons
     * until it returns: Ikonli keeps its loaded fonts in a plain map.
     */
    public static void preload() {
        new FontIcon(Feather.GRID);
    }
}
