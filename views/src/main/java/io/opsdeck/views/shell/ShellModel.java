package io.opsdeck.views.shell;

import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.views.action.ActionModel;
import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.common.Fx;
import io.opsdeck.views.common.FxPublisher;
import io.opsdeck.views.theme.Theme;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The main window's view model. Properties change only on the FX thread; background work hands
 * it whole overviews through {@link FxPublisher}.
 */
public final class ShellModel {
    static final int MAX_ACTIVITY = 500;

    private final ReadOnlyObjectWrapper<Overview> overview = new ReadOnlyObjectWrapper<>();
    private final StringProperty page = new SimpleStringProperty("topology");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ObservableList<ActivityEntry> activity = FXCollections.observableArrayList();
    private final ObservableList<ContextChoice> contexts = FXCollections.observableArrayList();
    private final StringProperty currentContext = new SimpleStringProperty("");
    private final ObjectProperty<MetricsSettings> metricsSettings = new SimpleObjectProperty<>(MetricsSettings.NONE);
    private final ObjectProperty<PodKey> selectedPod = new SimpleObjectProperty<>();
    private final ObjectProperty<HitRatioThresholds> hitRatioThresholds =
            new SimpleObjectProperty<>(HitRatioThresholds.DEFAULTS);
    private final ObservableList<ExternalCacheEntry> externalCaches = FXCollections.observableArrayList();
    private Consumer<List<ExternalCacheEntry>> externalCachesSaver = list -> { };
    private final Clock clock;
    private final Runnable refresh;
    private Consumer<String> contextSwitcher = name -> { };
    private Consumer<String> prometheusOverride = url -> { };
    private final ActionModel actions = new ActionModel();

    /**
     * @param refresh asks the background to refresh at once; it must return without waiting
     */
    public ShellModel(Clock clock, Runnable refresh) {
        this.clock = clock;
        this.refresh = refresh;
        theme.addListener((obs, old, now) -> record("theme", "Switched to the " + now.id() + " theme"));
        actions.setRecorder(text -> record("action", text));
    }

    /** The actions of the current session (the app sets its pipeline), shared by every page. */
    public ActionModel actions() {
        return actions;
    }

    // ---- Properties

    public ReadOnlyObjectProperty<Overview> overviewProperty() {
        return overview.getReadOnlyProperty();
    }

    public Overview overview() {
        return overview.get();
    }

    public StringProperty pageProperty() {
        return page;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ObservableList<ActivityEntry> activity() {
        return activity;
    }

    public Clock clock() {
        return clock;
    }

    /** The kubeconfig contexts the switcher offers; empty on the sandbox. */
    public ObservableList<ContextChoice> contexts() {
        return contexts;
    }

    public StringProperty currentContextProperty() {
        return currentContext;
    }

    public ObjectProperty<MetricsSettings> metricsSettingsProperty() {
        return metricsSettings;
    }

    /**
     * The pod the user is looking at, shared by the views: selecting a cache node in Caches selects
     * its pod in Topology and the other way round. Null when nothing is selected.
     */
    public ObjectProperty<PodKey> selectedPodProperty() {
        return selectedPod;
    }

    /** When a hit ratio is a warning or critical; the app loads and saves it. */
    public ObjectProperty<HitRatioThresholds> hitRatioThresholdsProperty() {
        return hitRatioThresholds;
    }

    /** The current context's caches outside the cluster, as saved; change them with {@link #saveExternalCaches}. */
    public ObservableList<ExternalCacheEntry> externalCaches() {
        return externalCaches;
    }

    /** What saving the external caches does (save, then reconnect); the app sets it. */
    public void setExternalCachesSaver(Consumer<List<ExternalCacheEntry>> saver) {
        this.externalCachesSaver = saver;
    }

    /** Saves the current context's external caches; they are read from the next poll on. FX thread only. */
    public void saveExternalCaches(List<ExternalCacheEntry> entries) {
        Fx.assertFxThread();
        externalCaches.setAll(entries);
        record("settings", "External caches for " + currentContext.get() + ": " + (entries.isEmpty() ? "none"
                : String.join(", ", entries.stream().map(e -> e.name() + " (" + e.kind() + " " + e.address() + ")")
                .toList())));
        externalCachesSaver.accept(List.copyOf(entries));
    }

    /** Switches to a page by id (topology, caches, …). FX thread only. */
    public void showPage(String id) {
        Fx.assertFxThread();
        page.set(id);
    }

    /** What switching to a context does; the app sets it. It must return without waiting on the network. */
    public void setContextSwitcher(Consumer<String> switcher) {
        this.contextSwitcher = switcher;
    }

    /** What saving a Prometheus URL for the current context does (empty clears it); the app sets it. */
    public void setPrometheusOverride(Consumer<String> override) {
        this.prometheusOverride = override;
    }

    // ---- Commands

    /** Applies a new overview; records connection changes in the activity list. FX thread only. */
    public void apply(Overview next) {
        Fx.assertFxThread();
        Overview prev = overview.get();
        noteTransition("Cluster", prev == null ? null : prev.clusterStatus(), next.clusterStatus());
        noteTransition("Metrics", prev == null ? null : prev.metricsStatus(), next.metricsStatus());
        overview.set(next);
    }

    public void toggleTheme() {
        Fx.assertFxThread();
        theme.set(theme.get().other());
    }

    /**
     * What the session just opened says about itself: the context it looks at (the kubeconfig's
     * current one when none was chosen), the metrics it uses and the context's saved external caches.
     * The only way these come back from the app. FX thread only.
     */
    public void sessionOpened(String context, MetricsSettings metrics, List<ExternalCacheEntry> caches) {
        Fx.assertFxThread();
        currentContext.set(context);
        metricsSettings.set(metrics);
        externalCaches.setAll(caches);
    }

    /**
     * Switches to another context: the old connection is torn down and the new one opened; the name
     * shows at once, and the new session's own state follows through {@link #sessionOpened}. FX thread only.
     */
    public void switchContext(String name) {
        Fx.assertFxThread();
        if (name == null || name.equals(currentContext.get())) {
            return;
        }
        record("context", "Switching to context " + name);
        currentContext.set(name);
        overview.set(null);
        contextSwitcher.accept(name);
    }

    public void overridePrometheus(String url) {
        Fx.assertFxThread();
        String clean = url == null ? "" : url.trim();
        record("settings", clean.isEmpty() ? "Prometheus URL override cleared for " + currentContext.get()
                : "Prometheus URL for " + currentContext.get() + " set to " + clean);
        prometheusOverride.accept(clean);
    }

    public void refreshNow() {
        record("refresh", "Refresh requested");
        refresh.run();
    }

    public void record(String category, String text) {
        Fx.assertFxThread();
        activity.add(0, new ActivityEntry(clock.instant(), category, text));
        if (activity.size() > MAX_ACTIVITY) {
            activity.remove(MAX_ACTIVITY, activity.size());
        }
    }

    private void noteTransition(String what, ConnectionStatus before, ConnectionStatus after) {
        if (before != null && before.state() == after.state()) {
            return;
        }
        if (after.state() == ConnectionState.CONNECTING) {
            return;
        }
        String text = what + " " + describe(after.state())
                + (after.endpoint().isEmpty() ? "" : " (" + after.endpoint() + ")")
                + (after.lastError().isEmpty() ? "" : ": " + after.lastError());
        record("connection", text);
    }

    static String describe(ConnectionState s) {
        return switch (s) {
            case CONNECTING -> "connecting";
            case CONNECTED -> "connected";
            case DEGRADED -> "degraded";
            case DOWN -> "down";
            case NOT_CONFIGURED -> "not configured";
        };
    }

    Instant now() {
        return clock.instant();
    }
}
