package io.opsdeck.views.common;

import io.opsdeck.services.model.Overview;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/**
 * One screen of the console. {@link #show} is called on the FX thread with each new overview
 * while the page is visible, and once when it becomes visible.
 */
public interface Page {
    /** Stable id, used in settings and on the command line (e.g. {@code topology}). */
    String id();

    String title();

    Ikon icon();

    Node view();

    void show(Overview overview);
}
