package io.opsdeck.views.settings;

import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.shell.MetricsSettings;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.theme.Theme;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.feather.Feather;

/** Per-context settings: which Prometheus is used and why, an override for it, and the theme. */
public final class SettingsPage extends BasePage {
    private final Label context = new Label();
    private final Label endpoint = new Label();
    private final Label origin = new Label();
    private final TextField override = new TextField();
    private final Label problem = new Label();
    private final ShellModel model;

    public SettingsPage(ShellModel model) {
        super("settings", "Settings", Feather.SETTINGS);
        this.model = model;
        subtitle.setText("Saved per context in settings.json. Tokens and passwords are never saved here.");
        context.setId("settings-context");
        endpoint.setId("settings-metrics-endpoint");
        origin.setId("settings-metrics-origin");
        override.setId("settings-prometheus-url");
        override.setPromptText("http://prometheus.example:9090 — leave empty to find it in the cluster");
        HBox.setHgrow(override, Priority.ALWAYS);
        problem.setId("settings-problem");
        problem.getStyleClass().add("status-error");
        Button save = new Button("Save");
        save.setId("settings-save");
        save.setDefaultButton(true);
        save.setOnAction(e -> save());
        Button clear = new Button("Use what is found");
        clear.setId("settings-clear");
        clear.setOnAction(e -> {
            override.clear();
            problem.setText("");
            model.overridePrometheus("");
        });
        ToggleGroup themes = new ToggleGroup();
        RadioButton light = new RadioButton("Light");
        RadioButton dark = new RadioButton("Dark");
        light.setToggleGroup(themes);
        dark.setToggleGroup(themes);
        light.setSelected(model.themeProperty().get() == Theme.LIGHT);
        dark.setSelected(model.themeProperty().get() == Theme.DARK);
        model.themeProperty().addListener((obs, o, n) -> (n == Theme.DARK ? dark : light).setSelected(true));
        light.setOnAction(e -> model.themeProperty().set(Theme.LIGHT));
        dark.setOnAction(e -> model.themeProperty().set(Theme.DARK));

        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(10);
        int row = 0;
        grid.addRow(row++, caption("Context"), context);
        grid.addRow(row++, caption("Prometheus in use"), endpoint);
        grid.addRow(row++, caption("How it was chosen"), origin);
        HBox edit = new HBox(8, override, save, clear);
        edit.setAlignment(Pos.CENTER_LEFT);
        edit.setPrefWidth(760);
        grid.addRow(row++, caption("Prometheus URL"), edit);
        grid.add(problem, 1, row++);
        grid.addRow(row, caption("Theme"), new HBox(12, light, dark));
        root.getChildren().add(grid);

        model.metricsSettingsProperty().addListener((obs, o, n) -> showMetrics(n));
        model.currentContextProperty().addListener((obs, o, n) -> context.setText(n));
        context.setText(model.currentContextProperty().get());
        showMetrics(model.metricsSettingsProperty().get());
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-caption");
        return l;
    }

    private void showMetrics(MetricsSettings m) {
        endpoint.setText(m.endpoint().isEmpty() ? "none" : m.endpoint());
        origin.setText(m.origin().isEmpty() ? "—" : m.origin());
        if (!override.isFocused()) {
            override.setText(m.override());
        }
    }

    private void save() {
        String url = override.getText().trim();
        if (!url.isEmpty() && !url.matches("(?i)https?://[^\\s/]+.*")) {
            problem.setText("A Prometheus URL starts with http:// or https://, e.g. http://prometheus.monitoring:9090");
            return;
        }
        if (url.matches("(?i)https?://[^/@\\s]+:[^/@\\s]+@.*")) {
            problem.setText("Put no password in the URL: Opsdeck never saves secrets in settings.");
            return;
        }
        problem.setText("");
        model.overridePrometheus(url);
    }

    @Override
    public void show(Overview overview) {
        // fed by the model's properties, not by overviews
    }
}
