package io.opsdeck.views.common;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;

/** A page's frame: a titled column with id {@code page-ID}, the page's own content below the title. */
public abstract class BasePage implements Page {
    private final String id;
    private final String title;
    private final Ikon icon;
    protected final VBox root = new VBox();
    protected final Label subtitle = new Label();

    protected BasePage(String id, String title, Ikon icon) {
        this.id = id;
        this.title = title;
        this.icon = icon;
        root.getStyleClass().add("page");
        root.setId("page-" + id);
        Label heading = new Label(title);
        heading.getStyleClass().add("page-title");
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.setId(id + "-subtitle");
        subtitle.setWrapText(true);
        root.getChildren().add(new VBox(2, heading, subtitle));
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Ikon icon() {
        return icon;
    }

    @Override
    public final Node view() {
        return root;
    }
}
