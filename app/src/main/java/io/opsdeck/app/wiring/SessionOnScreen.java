package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.views.shell.ExternalCacheEntry;
import io.opsdeck.views.shell.MetricsSettings;
import io.opsdeck.views.shell.ShellModel;

import java.util.List;

/**
 * What an open session says about itself, put in the window's model: the one way the context, the
 * metrics in use and the context's saved settings reach the screens (the window and
 * {@code opsdeck snapshot} alike).
 */
public final class SessionOnScreen {
    private SessionOnScreen() {
    }

    /** FX thread only. */
    public static void show(Session session, ShellModel model) {
        Settings.ContextSettings saved = session.contextSettings();
        String override = saved.prometheusUrl();
        List<ExternalCacheEntry> caches = saved.externalCaches().stream()
                .map(ExternalCaches::entry).toList();
        model.sessionOpened(session.context(), new MetricsSettings(session.metricsEndpoint(), session.metricsOrigin(),
                override == null ? "" : override), caches);
    }
}
