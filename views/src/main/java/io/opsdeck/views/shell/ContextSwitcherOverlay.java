package io.opsdeck.views.shell;

import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.Arrays;
import java.util.Locale;

/**
 * The context switcher: a search field over every kubeconfig context (hundreds stay usable: the
 * list is virtual and every word typed narrows it), Enter or a double-click switches, Esc closes.
 */
final class ContextSwitcherOverlay extends StackPane {
    private final TextField search = new TextField();
    private final ListView<ContextChoice> list = new ListView<>();
    private final FilteredList<ContextChoice> filtered;
    private final ShellModel model;

    ContextSwitcherOverlay(ShellModel model) {
        this.model = model;
        setId("context-switcher");
        getStyleClass().add("help-overlay");
        // dims the window behind the sheet
        setBackground(new Background(new BackgroundFill(
                Color.rgb(0, 0, 0, 0.45), null, null)));
        filtered = new FilteredList<>(model.contexts(), c -> true);
        VBox card = new VBox(8);
        card.getStyleClass().add("help-card");
        card.setMaxHeight(Region.USE_PREF_SIZE);
        card.setMaxWidth(620);
        card.setMaxHeight(520);
        Label title = new Label("Switch context");
        title.getStyleClass().add("page-title");
        Label hint = new Label("Type to filter · ↑↓ to choose · Enter to switch · Esc to close");
        hint.getStyleClass().add("page-subtitle");
        search.setId("context-search");
        search.setPromptText("Filter contexts by name, cluster, user or namespace");
        search.textProperty().addListener((obs, o, n) -> {
            String[] words = n.toLowerCase(Locale.ROOT).trim().split("\\s+");
            filtered.setPredicate(c -> {
                String text = (c.name() + " " + c.detail()).toLowerCase(Locale.ROOT);
                return Arrays.stream(words).allMatch(text::contains);
            });
            list.getSelectionModel().selectFirst();
        });
        list.setId("context-list");
        list.setItems(filtered);
        list.setPlaceholder(new Label("No context matches."));
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(ContextChoice item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(item.name() + (item.name().equals(model.currentContextProperty().get()) ? "  (current)" : ""));
                name.getStyleClass().add("card-title");
                Label detail = new Label(item.detail());
                detail.getStyleClass().add("card-caption");
                setText(null);
                setGraphic(new VBox(1, name, detail));
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                choose();
            }
        });
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN) {
                list.requestFocus();
                if (list.getSelectionModel().isEmpty()) {
                    list.getSelectionModel().selectFirst();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                choose();
                e.consume();
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                choose();
                e.consume();
            }
        });
        card.getChildren().addAll(title, search, list, hint);
        StackPane.setAlignment(card, Pos.TOP_CENTER);
        setStyle("-fx-padding: 60 0 0 0;");
        getChildren().add(card);
        setVisible(false);
        setOnMouseClicked(e -> {
            if (e.getTarget() == this) {
                setVisible(false);
            }
        });
    }

    void open() {
        search.clear();
        filtered.setPredicate(c -> true);
        setVisible(true);
        list.getSelectionModel().select(model.contexts().stream()
                .filter(c -> c.name().equals(model.currentContextProperty().get())).findFirst().orElse(null));
        search.requestFocus();
    }

    private void choose() {
        ContextChoice chosen = list.getSelectionModel().getSelectedItem();
        if (chosen == null && filtered.size() == 1) {
            chosen = filtered.get(0);
        }
        if (chosen != null) {
            setVisible(false);
            model.switchContext(chosen.name());
        }
    }
}
