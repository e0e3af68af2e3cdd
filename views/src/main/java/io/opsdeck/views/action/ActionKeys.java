package io.opsdeck.views.action;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.List;

/**
 * The actions' keyboard shortcuts, one place for the menus, the pages' key handlers and the F1 sheet.
 * Single letters, as in k9s: they act on what is selected, never while a text field has the keyboard.
 */
public final class ActionKeys {
    public static final KeyCombination SCALE = new KeyCodeCombination(KeyCode.S);
    public static final KeyCombination CORDON = new KeyCodeCombination(KeyCode.C);
    public static final KeyCombination UNCORDON = new KeyCodeCombination(KeyCode.U);
    public static final KeyCombination DRAIN = new KeyCodeCombination(KeyCode.D);
    public static final KeyCombination FLUSH = new KeyCodeCombination(KeyCode.F);
    public static final KeyCombination SHOW_IN_TOPOLOGY = new KeyCodeCombination(KeyCode.T);

    private ActionKeys() {
    }

    /** For the F1 sheet: keys, then what they do. */
    public static List<List<String>> help() {
        return List.of(
                List.of("S", "Scale the selected pod's or Service's workload"),
                List.of("C / U", "Cordon / uncordon the selected node"),
                List.of("D", "Drain the selected node (pre-flight plan first)"),
                List.of("F", "Flush the selected cache pod (its name typed to confirm)"),
                List.of("T", "Alerts & Events: show the row's object in Topology"),
                List.of("Enter", "Action dialog: confirm (Esc cancels)"));
    }
}
