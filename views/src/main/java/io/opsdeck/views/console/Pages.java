package io.opsdeck.views.console;

import io.opsdeck.services.model.Overview;
import io.opsdeck.views.activity.ActivityPage;
import io.opsdeck.views.alerts.AlertsPage;
import io.opsdeck.views.caches.CachesPage;
import io.opsdeck.views.common.Page;
import io.opsdeck.views.services.ServicesPage;
import io.opsdeck.views.settings.SettingsPage;
import io.opsdeck.views.shell.ShellModel;
import io.opsdeck.views.topology.TopologyPage;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
     * Every page, built now (the snapshot, the tests and the benchmarks look at built pages).
     *
     * @param topologyWorker a single thread for the Topology page's indexing and layout, owned (and
     *                       stopped) by whoever owns the session's threads
     */
    public static List<Page> create(ShellModel model, Executor topologyWorker) {
        return deferred(model, topologyWorker).buildAll();
    }

    /**
     * Every page, each built when first needed: the console builds only the page it opens on before
     * its first frame (building all six took 0.2-0.4 s of the FX thread's path to it, issue #16), and
     * the others after it with {@link Deferred#buildNext()}. Each is wired to the model as
     * {@link #create} wires it.
     */
    public static Deferred deferred(ShellModel model, Executor topologyWorker) {
        return new Deferred(model, topologyWorker);
    }

    /** The console's pages as placeholders that build their page on first use; FX thread only. */
    public static final class Deferred {
        private final List<Lazy> pages = new ArrayList<>();
        private final List<Consumer<Page>> onBuilt = new ArrayList<>();

        private Deferred(ShellModel model, Executor topologyWorker) {
            Lazy topology = add("topology", "Topology", Feather.GRID, () -> {
                TopologyPage t = new TopologyPage(model.themeProperty(), topologyWorker, model.clock()::instant);
                t.link(model.selectedPodProperty(), model::showPage);
                t.followThresholds(model.hitRatioThresholdsProperty());
                t.linkActions(model.actions());
                return t;
            });
            add("caches", "Caches", Feather.DATABASE, () -> {
                CachesPage caches = new CachesPage(model.clock()::instant, model.selectedPodProperty(),
                        model.hitRatioThresholdsProperty(), model.themeProperty(), model::showPage);
                caches.linkActions(model.actions());
                return caches;
            });
            add("services", "Services", Feather.SERVER, () -> {
                ServicesPage services = new ServicesPage(model.clock()::instant);
                services.linkActions(model.actions());
                return services;
            });
            add("alerts", "Alerts & Events", Feather.BELL, () -> {
                AlertsPage alerts = new AlertsPage(model.clock()::instant);
                alerts.linkActions(model.actions(), pod -> {
                    model.showPage("topology");
                    model.selectedPodProperty().set(pod);
                }, node -> {
                    model.showPage("topology");
                    ((TopologyPage) topology.page()).revealNode(node);
                });
                return alerts;
            });
            add("activity", "Activity", Feather.LIST, () -> {
                ActivityPage activity = new ActivityPage(model.activity());
                activity.linkActions(model.actions());
                return activity;
            });
            add("settings", "Settings", Feather.SETTINGS, () -> new SettingsPage(model));
        }

        private Lazy add(String id, String title, Ikon icon, Supplier<Page> build) {
            Lazy lazy = new Lazy(id, title, icon, build);
            pages.add(lazy);
            return lazy;
        }

        /** The placeholders, in navigation order, for the shell: a page is built when the shell first shows it. */
        public List<Page> pages() {
            return List.copyOf(pages);
        }

        /** Builds every page not built yet; the built pages, in navigation order. */
        public List<Page> buildAll() {
            return pages.stream().map(Lazy::page).toList();
        }

        /** Builds the first page in navigation order not built yet; false when every page was built already. */
        public boolean buildNext() {
            for (Lazy p : pages) {
                if (!p.built()) {
                    p.page();
                    return true;
                }
            }
            return false;
        }

        /** Calls {@code then} with the page of that type once it is built: now, when it is already. */
        public <T extends Page> void whenBuilt(Class<T> type, Consumer<? super T> then) {
            Consumer<Page> call = p -> {
                if (type.isInstance(p)) {
                    then.accept(type.cast(p));
                }
            };
            onBuilt.add(call);
            pages.stream().filter(Lazy::built).map(Lazy::page).forEach(call);
        }

        /** A page's place in the navigation; builds the page on its first {@link #view()} or {@link #show}. */
        private final class Lazy implements Page {
            private final String id;
            private final String title;
            private final Ikon icon;
            private Supplier<Page> build;
            private Page page;

            Lazy(String id, String title, Ikon icon, Supplier<Page> build) {
                this.id = id;
                this.title = title;
                this.icon = icon;
                this.build = build;
            }

            boolean built() {
                return page != null;
            }

            Page page() {
                if (page == null) {
                    Page made = build.get();
                    if (!made.id().equals(id)) {
                        throw new IllegalStateException("page " + id + " built a page with id " + made.id());
                    }
                    page = made;
                    build = null;
                    List.copyOf(onBuilt).forEach(c -> c.accept(made));
                }
                return page;
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Ikon icon() {
                return icon;
            }

            @Override
            public Node view() {
                return page().view();
            }

            @Override
            public void show(Overview overview) {
                page().show(overview);
            }
        }
    }
}
