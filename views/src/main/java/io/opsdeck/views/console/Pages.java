package io.opsdeck.views.console;

import io.opsdeck.views.activity.ActivityPage;
import io.opsdeck.views.alerts.AlertsPage;
import io.opsdeck.views.caches.CachesPage;
import io.opsdeck.views.common.Page;
import io.opsdeck.views.services.ServicesPage;
import io.opsdeck.views.settings.SettingsPage;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.topology.TopologyPage;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The console's screens, in navigation order. Outside the shell so that the screens may use the
 * shell's model while the shell knows none of them.
 */
public final class Pages {
    /** Page ids, in navigation order: also the values {@code --view} accepts. */
    public static final List<String> IDS = List.of("topology", "caches", "services", "alerts", "activity", "settings");

    private Pages() {
    }

    /**
     * @param topologyWorker a single thread for the Topology page's indexing and layout, owned (and
     *                       stopped) by whoever owns the session's threads
     */
    public static List<Page> create(ShellModel model, Executor topologyWorker) {
        TopologyPage topology = new TopologyPage(model.themeProperty(), topologyWorker);
        topology.link(model.selectedPodProperty(), model::showPage);
        topology.followThresholds(model.hitRatioThresholdsProperty());
        topology.linkActions(model.actions());
        ServicesPage services = new ServicesPage(model.clock()::instant);
        services.linkActions(model.actions());
        AlertsPage alerts = new AlertsPage(model.clock()::instant);
        alerts.linkActions(model.actions(), pod -> {
            model.showPage("topology");
            model.selectedPodProperty().set(pod);
        }, node -> {
            model.showPage("topology");
            topology.revealNode(node);
        });
        ActivityPage activity = new ActivityPage(model.activity());
        activity.linkActions(model.actions());
        CachesPage caches = new CachesPage(model.clock()::instant, model.selectedPodProperty(),
                model.hitRatioThresholdsProperty(), model.themeProperty(), model::showPage);
        caches.linkActions(model.actions());
        return List.of(topology, caches, services, alerts, activity, new SettingsPage(model));
    }
}
