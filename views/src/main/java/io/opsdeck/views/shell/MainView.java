package io.opsdeck.views.shell;

import io.opsdeck.views.action.ActionKeys;
import io.opsdeck.views.action.ActionLayer;
import io.opsdeck.views.common.OverlaySlot;
import io.opsdeck.views.common.Page;
import io.opsdeck.views.theme.Theme;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Scene;
import javafx.scene.control.ContentDisplay;
import javafx.util.Duration;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main window's content: navigation on the left, the current page in the middle, the status
 * bar at the bottom, and the shortcut sheet over everything.
 */
public final class MainView extends StackPane {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
        KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private final ShellModel model;
    private final Map<String, Page> pages = new LinkedHashMap<>();
    private final Map<String, ToggleButton> navButtons = new LinkedHashMap<>();
    private final StackPane content = new StackPane();
    private final StatusBar statusBar;
    private final HelpOverlay help;
    private final ContextSwitcherOverlay switcher;
    private final List<HelpOverlay.Shortcut> shortcuts = new ArrayList<>();

    public MainView(ShellModel model, List<Page> pageList) {
        this.model = model;
        setId("main-view");
        getStylesheets().add(Theme.STYLESHEET);

        VBox sidebar = new VBox();
        sidebar.getStyleClass().add("sidebar");
        Label brand = new Label("Opsdeck", new FontIcon(Feather.ACTIVITY));
        brand.getStyleClass().add("brand");
        sidebar.getChildren().add(brand);
        ToggleGroup group = new ToggleGroup();
        for (int i = 0; i < pageList.size(); i++) {
            Page p = pageList.get(i);
            pages.put(p.id(), p);
            ToggleButton b = new ToggleButton(p.title(), new FontIcon(p.icon()));
            b.setId("nav-" + p.id());
            b.getStyleClass().add("nav-button");
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setOnAction(e -> {
                model.pageProperty().set(p.id());
                b.setSelected(true);
            });
            Label key = new Label("Ctrl+" + (i + 1));
            key.getStyleClass().add("shortcut");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            b.setContentDisplay(ContentDisplay.LEFT);
            HBox row = new HBox(b);
            HBox.setHgrow(b, Priority.ALWAYS);
            sidebar.getChildren().add(row);
            navButtons.put(p.id(), b);
            shortcuts.add(new HelpOverlay.Shortcut("Ctrl+" + (i + 1), "Go to " + p.title()));
        }
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        ToggleButton themeButton = new ToggleButton("Dark theme", new FontIcon(Feather.MOON));
        themeButton.setId("theme-toggle");
        themeButton.getStyleClass().add("nav-button");
        themeButton.setMaxWidth(Double.MAX_VALUE);
        themeButton.setSelected(model.themeProperty().get() == Theme.DARK);
        themeButton.setOnAction(e -> model.toggleTheme());
        model.themeProperty().addListener((obs, o, n) -> themeButton.setSelected(n == Theme.DARK));
        Label helpHint = new Label("F1 or ? — shortcuts");
        helpHint.getStyleClass().add("shortcut");
        sidebar.getChildren().addAll(grow, themeButton, helpHint);

        shortcuts.add(new HelpOverlay.Shortcut("Ctrl+K", "Switch context"));
        shortcuts.add(new HelpOverlay.Shortcut("Ctrl+T", "Switch light / dark theme"));
        shortcuts.add(new HelpOverlay.Shortcut("Ctrl+R or F5", "Refresh now"));
        for (List<String> k : ActionKeys.help()) {
            shortcuts.add(new HelpOverlay.Shortcut(k.get(0), k.get(1)));
        }
        shortcuts.add(new HelpOverlay.Shortcut("F1 or ?", "Show this sheet"));
        shortcuts.add(new HelpOverlay.Shortcut("Esc", "Close this sheet"));
        help = new HelpOverlay(shortcuts);

        switcher = new ContextSwitcherOverlay(model);
        statusBar = new StatusBar(model, switcher::open);
        BorderPane frame = new BorderPane();
        frame.setLeft(sidebar);
        frame.setCenter(content);
        frame.setBottom(statusBar);
        // the hidden overlays join the scene when first shown, off the first frame's CSS and layout pass
        getChildren().addAll(frame, new ActionLayer(model.actions()), new OverlaySlot(switcher), new OverlaySlot(help));

        model.pageProperty().addListener((obs, old, now) -> showPage(now));
        model.overviewProperty().addListener((obs, old, now) -> {
            Page p = pages.get(model.pageProperty().get());
            if (p != null && now != null) {
                p.show(now);
            }
        });
        showPage(pages.containsKey(model.pageProperty().get()) ? model.pageProperty().get() : pageList.get(0).id());
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // ages in the status bar move on even when no data arrives
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> statusBar.update()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    private void showPage(String id) {
        Page p = pages.get(id);
        if (p == null) {
            return;
        }
        if (!id.equals(model.pageProperty().get())) {
            model.pageProperty().set(id);
            return;
        }
        content.getChildren().setAll(p.view());
        navButtons.get(id).setSelected(true);
        if (model.overview() != null) {
            p.show(model.overview());
        }
    }

    private void onKey(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE && (help.isVisible() || switcher.isVisible())) {
            help.setVisible(false);
            switcher.setVisible(false);
            e.consume();
            return;
        }
        if (new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN).match(e)) {
            openContextSwitcher();
            e.consume();
            return;
        }
        if (switcher.isVisible()) {
            return;
        }
        if (e.getCode() == KeyCode.F1 || ("?".equals(e.getText()) && !(e.getTarget() instanceof TextInputControl))) {
            help.setVisible(true);
            e.consume();
            return;
        }
        if (e.getCode() == KeyCode.F5 || new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN).match(e)) {
            model.refreshNow();
            e.consume();
            return;
        }
        if (new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN).match(e)) {
            model.toggleTheme();
            e.consume();
            return;
        }
        List<String> ids = new ArrayList<>(pages.keySet());
        for (int i = 0; i < ids.size() && i < DIGITS.length; i++) {
            if (new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN).match(e)) {
                model.pageProperty().set(ids.get(i));
                e.consume();
                return;
            }
        }
    }

    /** Opens the context switcher, when there are contexts to switch between. */
    public void openContextSwitcher() {
        if (!model.contexts().isEmpty()) {
            help.setVisible(false);
            switcher.open();
        }
    }

    public boolean contextSwitcherVisible() {
        return switcher.isVisible();
    }

    public boolean helpVisible() {
        return help.isVisible();
    }

    public void showHelp(boolean visible) {
        help.setVisible(visible);
    }

    /** A scene for this view, themed by the model's theme. */
    public Scene createScene(double width, double height) {
        model.themeProperty().get().apply();
        // the window's background is the scene's fill, not the root's (see Theme#windowBackground)
        getStyleClass().add("main-window");
        Scene scene = new Scene(this, width, height, model.themeProperty().get().windowBackground());
        model.themeProperty().addListener((obs, o, n) -> {
            n.apply();
            scene.setFill(n.windowBackground());
        });
        return scene;
    }

    public Page page(String id) {
        return pages.get(id);
    }

    StatusBar statusBar() {
        return statusBar;
    }
}
