package io.opsdeck.views.shell;

import io.opsdeck.views.activity.ActivityPage;
import io.opsdeck.views.alerts.AlertsPage;
import io.opsdeck.views.caches.CachesPage;
import io.opsdeck.views.common.Page;
import io.opsdeck.views.services.ServicesPage;
import io.opsdeck.views.settings.SettingsPage;
import io.opsdeck.views.topology.TopologyPage;

import java.util.List;

/** The console's screens, in navigation order. */
public final class Pages {
    /** Page ids, in navigation order: also the values {@code --view} accepts. */
    public static final List<String> IDS = List.of("topology", "caches", "services", "alerts", "activity", "settings");

    private Pages() {
    }

    public static List<Page> create(ShellModel model) {
        TopologyPage topology = new TopologyPage(model.themeProperty());
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
        return List.of(topology, new CachesPage(model.clock()::instant, model.selectedPodProperty(),
                        model.hitRatioThresholdsProperty(), model.themeProperty(), model::showPage),
                services, alerts, activity, new SettingsPage(model));
    }
}
