package io.opsdeck.views.common;

import javafx.scene.control.Label;

import java.util.Locale;

/** A small coloured label for a state ("Ready", "Cordoned", "DOWN"). Colours come from the theme's CSS. */
public final class Badge {
    public enum Tone { SUCCESS, WARNING, DANGER, NEUTRAL, ACCENT }

    private Badge() {
    }

    public static Label of(String text, Tone tone) {
        Label l = new Label(text);
        l.getStyleClass().addAll("badge", "badge-" + tone.name().toLowerCase(Locale.ROOT));
        return l;
    }
}
