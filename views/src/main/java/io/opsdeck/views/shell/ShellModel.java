package io.opsdeck.views.shell;

import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.Fx;
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

/**
 * The main window's view model. Properties change only on the FX thread; background work hands
 * it whole overviews through {@link io.opsdeck.views.common.FxPublisher}.
 */
public final class ShellModel {
    static final int MAX_ACTIVITY = 500;

    private final ReadOnlyObjectWrapper<Overview> overview = new ReadOnlyObjectWrapper<>();
    private final StringProperty page = new SimpleStringProperty("topology");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ObservableList<ActivityEntry> activity = FXCollections.observableArrayList();
    private final Clock clock;
    private final Runnable refresh;

    /**
     * @param refresh asks the background to refresh at once; it must return without waiting
     */
    public ShellModel(Clock clock, Runnable refresh) {
        this.clock = clock;
        this.refresh = refresh;
        theme.addListener((obs, old, now) -> record("theme", "Switched to the " + now.id() + " theme"));
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
