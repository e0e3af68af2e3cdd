package io.opsdeck.views.shell;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.List;

/** The keyboard-shortcut sheet, shown over the window with F1 or ?, closed with Esc or a click. */
final class HelpOverlay extends StackPane {

    record Shortcut(String keys, String action) {
    }

    HelpOverlay(List<Shortcut> shortcuts) {
        setId("help-overlay");
        getStyleClass().add("help-overlay");
        // dims the window behind the sheet
        setBackground(new Background(new BackgroundFill(
                Color.rgb(0, 0, 0, 0.45), null, null)));
        VBox card = new VBox();
        card.getStyleClass().add("help-card");
        card.setMaxHeight(Region.USE_PREF_SIZE);
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("page-title");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        for (int i = 0; i < shortcuts.size(); i++) {
            Label key = new Label(shortcuts.get(i).keys());
            key.getStyleClass().add("key");
            key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.add(key, 0, i);
            grid.add(new Label(shortcuts.get(i).action()), 1, i);
        }
        Label hint = new Label("Press Esc to close");
        hint.getStyleClass().add("page-subtitle");
        card.getChildren().addAll(title, grid, hint);
        StackPane.setAlignment(card, Pos.CENTER);
        getChildren().add(card);
        setVisible(false);
        setOnMouseClicked(e -> setVisible(false));
    }
}
