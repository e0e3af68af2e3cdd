package io.opsdeck.views.settings;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.shell.ExternalCacheEntry;
import io.opsdeck.views.shell.MetricsSettings;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.theme.Theme;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        grid.addRow(row++, caption("Theme"), new HBox(12, light, dark));
        row = cacheThresholds(grid, row);
        externalCaches(grid, row);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().add(scroll);

        model.metricsSettingsProperty().addListener((obs, o, n) -> showMetrics(n));
        model.currentContextProperty().addListener((obs, o, n) -> context.setText(n));
        context.setText(model.currentContextProperty().get());
        showMetrics(model.metricsSettingsProperty().get());
    }

    /** Hit ratio thresholds: saved for every context. */
    private int cacheThresholds(GridPane grid, int row) {
        TextField warn = new TextField();
        warn.setId("settings-cache-warn");
        warn.setPrefColumnCount(4);
        TextField critical = new TextField();
        critical.setId("settings-cache-critical");
        critical.setPrefColumnCount(4);
        Label thresholdProblem = new Label();
        thresholdProblem.setId("settings-cache-thresholds-problem");
        thresholdProblem.getStyleClass().add("status-error");
        Runnable fill = () -> {
            HitRatioThresholds t = model.hitRatioThresholdsProperty().get();
            warn.setText(String.format(Locale.ROOT, "%.0f", t.warnBelow() * 100));
            critical.setText(String.format(Locale.ROOT, "%.0f", t.criticalBelow() * 100));
        };
        fill.run();
        model.hitRatioThresholdsProperty().addListener((obs, o, n) -> fill.run());
        Button apply = new Button("Apply");
        apply.setId("settings-cache-thresholds-save");
        apply.setOnAction(e -> {
            try {
                double w = Double.parseDouble(warn.getText().trim().replace("%", "")) / 100;
                double c = Double.parseDouble(critical.getText().trim().replace("%", "")) / 100;
                model.hitRatioThresholdsProperty().set(new HitRatioThresholds(w, c));
                thresholdProblem.setText("");
                model.record("settings", String.format(Locale.ROOT,
                        "Cache hit ratio thresholds: warn below %.0f%%, critical below %.0f%%", w * 100, c * 100));
            } catch (NumberFormatException ex) {
                thresholdProblem.setText("Give both thresholds as percentages, e.g. 90 and 75.");
            } catch (IllegalArgumentException ex) {
                thresholdProblem.setText(ex.getMessage());
            }
        });
        HBox edit = new HBox(8, new Label("warn below"), warn, new Label("%   critical below"), critical,
                new Label("%"), apply);
        edit.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(row++, caption("Cache hit ratio"), edit);
        grid.add(thresholdProblem, 1, row++);
        return row;
    }

    /** Caches outside the cluster, per context: name, kind, address and where the password is. */
    private void externalCaches(GridPane grid, int row) {
        ListView<ExternalCacheEntry> list = new ListView<>(model.externalCaches());
        list.setId("settings-external-caches");
        list.setPrefHeight(110);
        list.setPlaceholder(new Label("None. Add a managed Redis or Memcached by its address."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ExternalCacheEntry item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + " · " + item.kind() + " · " + item.address()
                        + (item.passwordRef().isEmpty() ? "" : " · password from " + item.passwordRef())
                        + (item.connectionLabel().isEmpty() ? "" : " · " + item.connectionLabel()));
            }
        });
        TextField name = new TextField();
        name.setId("settings-external-name");
        name.setPromptText("name");
        name.setPrefColumnCount(10);
        ComboBox<String> kind = new ComboBox<>(
                FXCollections.observableArrayList("redis", "memcached"));
        kind.setId("settings-external-kind");
        kind.getSelectionModel().select(0);
        TextField address = new TextField();
        address.setId("settings-external-address");
        address.setPromptText("host:port");
        address.setPrefColumnCount(16);
        TextField password = new TextField();
        password.setId("settings-external-password-ref");
        password.setPromptText("env:VAR or secret:ns/name#key (optional)");
        password.setPrefColumnCount(20);
        ComboBox<String> tls = new ComboBox<>(FXCollections.observableArrayList(NO_TLS, TLS, TLS_NOT_VERIFIED));
        tls.setId("settings-external-tls");
        tls.getSelectionModel().select(0);
        TextField caFile = new TextField();
        caFile.setId("settings-external-tls-ca");
        caFile.setPromptText("CA file (PEM), optional");
        caFile.setTooltip(new Tooltip("The PEM file of the CA that signed the server's certificate; empty for the"
                + " system's trust store"));
        caFile.setPrefColumnCount(18);
        TextField serverName = new TextField();
        serverName.setId("settings-external-tls-server-name");
        serverName.setPromptText("server name, optional");
        serverName.setTooltip(new Tooltip("The name the server's certificate holds, when it is not the host of the"
                + " address"));
        serverName.setPrefColumnCount(16);
        caFile.disableProperty().bind(tls.valueProperty().isNotEqualTo(TLS));
        serverName.disableProperty().bind(tls.valueProperty().isNotEqualTo(TLS));
        CheckBox cleartext = new CheckBox("Allow its password without TLS");
        cleartext.setId("settings-external-allow-cleartext");
        cleartext.setTooltip(new Tooltip("Only for a network you trust: the password then travels unencrypted."
                + " Without TLS and without this, Opsdeck does not send it."));
        cleartext.disableProperty().bind(tls.valueProperty().isNotEqualTo(NO_TLS));
        Label externalProblem = new Label();
        externalProblem.setId("settings-external-problem");
        externalProblem.getStyleClass().add("status-error");
        Button add = new Button("Add");
        add.setId("settings-external-add");
        add.setOnAction(e -> {
            ExternalCacheEntry entry;
            try {
                entry = new ExternalCacheEntry(name.getText(), kind.getValue(), address.getText(), password.getText(),
                        tls(tls.getValue(), caFile.getText(), serverName.getText()),
                        NO_TLS.equals(tls.getValue()) && cleartext.isSelected());
            } catch (IllegalArgumentException ex) {
                externalProblem.setText(ex.getMessage());
                return;
            }
            String why = problemWith(entry);
            if (why != null) {
                externalProblem.setText(why);
                return;
            }
            externalProblem.setText("");
            List<ExternalCacheEntry> next = new ArrayList<>(model.externalCaches());
            next.add(entry);
            model.saveExternalCaches(next);
            name.clear();
            address.clear();
            password.clear();
            caFile.clear();
            serverName.clear();
            cleartext.setSelected(false);
        });
        Button remove = new Button("Remove");
        remove.setId("settings-external-remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            List<ExternalCacheEntry> next = new ArrayList<>(model.externalCaches());
            next.remove(list.getSelectionModel().getSelectedItem());
            model.saveExternalCaches(next);
        });
        HBox form = new HBox(8, name, kind, address, password, add, remove);
        form.setAlignment(Pos.CENTER_LEFT);
        HBox security = new HBox(8, tls, caFile, serverName, cleartext);
        security.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(row++, caption("External caches"), list);
        grid.add(form, 1, row++);
        grid.add(security, 1, row++);
        grid.add(externalProblem, 1, row);
    }

    static final String NO_TLS = "No TLS";
    static final String TLS = "TLS";
    static final String TLS_NOT_VERIFIED = "TLS, certificate not verified";

    /** The editor's TLS choice as settings; the CA file and server name only with a verified TLS. */
    static CacheTls tls(String choice, String caFile, String serverName) {
        if (TLS.equals(choice)) {
            return new CacheTls(true, true, caFile, serverName, "", "");
        }
        return TLS_NOT_VERIFIED.equals(choice) ? new CacheTls(true, false, "", "", "", "") : CacheTls.OFF;
    }

    /** Why an external cache cannot be saved, or null. Passwords are never accepted, only references. */
    static String problemWith(ExternalCacheEntry e) {
        if (e.name().isEmpty() || !e.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return "Give the cache a name of letters, digits, '.', '_' or '-'.";
        }
        String address = e.address();
        if (address.toLowerCase(Locale.ROOT).startsWith("rediss://")) {
            if (!"redis".equals(e.kind())) {
                return "rediss:// is a Redis address; for Memcached write host:port and choose TLS.";
            }
            if (!e.tls().enabled()) {
                return "rediss:// means TLS: choose TLS, or write host:port for a connection without it.";
            }
            address = address.substring("rediss://".length());
        }
        if (!address.matches("(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]@/]+):\\d{1,5}")) {
            return "The address must be host:port, e.g. redis.example.com:6379 (rediss://host:port for Redis over TLS).";
        }
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535) {
            return "The port must be 1–65535.";
        }
        if (!e.passwordRef().isEmpty() && !CacheAddress.isValidPasswordReference(e.passwordRef())) {
            return "Give where the password is, env:VARIABLE or secret:namespace/name#key, never the password itself.";
        }
        return null;
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
