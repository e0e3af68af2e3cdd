package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ReadScope;
import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.Fx;
import io.opsdeck.views.common.FxPublisher;
import io.opsdeck.views.common.StaleBanner;
import io.opsdeck.views.theme.Theme;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Regions → zones → nodes → pods on one canvas ({@link TopologyView}), with search, filters, a
 * zone strip, problem shortcuts and a details pane. Overviews go to a {@link TopologyPipeline} on
 * the page's own background thread, which indexes and lays them out; finished frames come back to
 * the FX thread once each, and the FX thread only draws.
 *
 * <p>The page makes no thread: it is given its worker by whoever owns the session's threads, who
 * stops it.
 */
public final class TopologyPage extends BasePage {
    private final TopologyPipeline pipeline;
    private final TopologyView view;
    private final TopologyDetails details;
    private final TopologyToolbar toolbar;
    private final TopologyStrip strip;
    private final Label loading = new Label("Loading the topology…");
    private Overview submitted;
    private ObjectProperty<PodKey> focus;
    /** A pod selected elsewhere before it was on the canvas. */
    private PodKey pendingFocus;
    /** Centre on the selection once the canvas has a size (it was selected while another page showed). */
    private boolean centreWhenShown;
    private double laidOutWidth = TopologyPipeline.DEFAULT_WIDTH;
    private double laidOutHeight = TopologyPipeline.DEFAULT_HEIGHT;
    private TopologyActions actions;
    private final StaleBanner stale = new StaleBanner("topology-stale", StaleBanner.Uses.CLUSTER);
    private final Supplier<Instant> now;

    /**
     * @param worker runs the page's indexing and layout, one task at a time (a single thread); the
     *               page never stops it
     */
    public TopologyPage(ObservableValue<Theme> theme, Executor worker) {
        this(theme, worker, Instant::now);
    }

    /**
     * @param worker runs the page's indexing and layout, one task at a time (a single thread); the
     *               page never stops it
     * @param now    the console's clock, for how long the cluster has been down and how old its data is
     */
    public TopologyPage(ObservableValue<Theme> theme, Executor worker, Supplier<Instant> now) {
        super("topology", "Topology", Feather.GRID);
        this.now = Objects.requireNonNull(now);
        this.view = new TopologyView(theme.getValue());
        this.pipeline = new TopologyPipeline(Objects.requireNonNull(worker, "worker"), new FxPublisher<>(this::onFrame));
        this.details = new TopologyDetails(this::selectPod, this::selectNodeOfPod, () -> select(-1, -1));
        this.toolbar = new TopologyToolbar(pipeline, view, this::select);
        this.strip = new TopologyStrip(view, toolbar, theme.getValue());

        loading.getStyleClass().add("empty-note");
        loading.setMouseTransparent(true);
        // the rounded frame is the picture's sibling behind it, not its parent: the renderer starts
        // painting a frame at the picture (opaque, square), so it never paints the frame's
        // anti-aliased background and border under it again, which cost more than the picture itself
        Region frame = new Region();
        frame.getStyleClass().add("topology-frame");
        frame.setManaged(false);
        frame.setMouseTransparent(true);
        StackPane canvas = new StackPane(frame, view, zoomControls(), loading);
        canvas.getStyleClass().add("topology-canvas");
        canvas.layoutBoundsProperty().addListener((obs, o, b) -> frame.resizeRelocate(0, 0, b.getWidth(),
                b.getHeight()));
        StackPane.setAlignment(loading, Pos.CENTER);
        HBox.setHgrow(canvas, Priority.ALWAYS);
        HBox centre = new HBox(10, canvas, details);
        VBox.setVgrow(centre, Priority.ALWAYS);
        // while the cluster is down or degraded: since when, why, and how old the picture is
        root.getChildren().addAll(stale, toolbar, strip, centre, strip.footer());

        theme.addListener((obs, o, n) -> {
            view.setTheme(n);
            strip.setTheme(n);
        });
        view.selectionProperty().addListener((obs, o, n) ->
                details.show(view.frame(), view.selectedNode(), view.selectedPod()));
        view.widthProperty().addListener((obs, o, n) -> reshape());
        view.heightProperty().addListener((obs, o, n) -> reshape());
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    }

    /**
     * Shares the selection with the other views: selecting a pod here sets {@code focus}; a pod set in
     * {@code focus} elsewhere (the Caches view), now or later, is selected and centred here, once it is on
     * the canvas.
     *
     * @param showPage switches the console to a page by id, for the details pane's links
     */
    public void link(ObjectProperty<PodKey> focus,
                     Consumer<String> showPage) {
        this.focus = focus;
        details.setOpenCaches(() -> showPage.accept("caches"));
        view.selectionProperty().addListener((obs, o, n) -> {
            PodKey pod = n == null ? null : n.pod();
            if (n != null && !Objects.equals(pod, focus.get())) {
                focus.set(pod);
            } else if (n == null && focus.get() != null && view.frame() != null
                    && view.frame().index.podByKey.containsKey(focus.get())) {
                focus.set(null);
            }
        });
        focus.addListener((obs, o, n) -> focusOn(n));
        // a page built after the selection was made (the console builds its pages after the first frame)
        focusOn(focus.get());
    }

    /**
     * Makes the details pane's actions live, adds the canvas's context menu and the action keys
     * (S, C, U), all going through {@code model}.
     */
    public void linkActions(io.opsdeck.views.action.ActionModel model) {
        actions = new TopologyActions(model, view);
        details.setActions(actions);
        details.show(view.frame(), view.selectedNode(), view.selectedPod());
    }

    /** Selects the node named {@code name} and centres on it (Alerts & Events' "Show in Topology"). FX thread. */
    public void revealNode(String name) {
        Fx.assertFxThread();
        Integer n = view.frame() == null ? null : view.frame().index.nodeByName.get(name);
        if (n == null) {
            toolbar.find(name);
            return;
        }
        select(n, -1);
        if (view.getWidth() > 50 && view.getHeight() > 50) {
            view.centreOnItem(n, -1, false);
        }
    }

    /** Colours cache pods' hit ratio bands (and says in the legend) by {@code thresholds}, as they change. */
    public void followThresholds(ObservableValue<HitRatioThresholds> thresholds) {
        applyThresholds(thresholds.getValue());
        thresholds.addListener((obs, o, n) -> applyThresholds(n));
    }

    private void applyThresholds(HitRatioThresholds t) {
        view.setThresholds(t);
        strip.setThresholds(t);
    }

    /** Selects and centres on {@code pod}; when it is not on the canvas yet, once it is. */
    private void focusOn(PodKey pod) {
        pendingFocus = null;
        if (pod == null) {
            return;
        }
        TopologySelection sel = view.selectionProperty().get();
        if (sel != null && pod.equals(sel.pod())) {
            return;
        }
        Integer i = view.frame() == null ? null : view.frame().index.podByKey.get(pod);
        if (i == null) {
            pendingFocus = pod;
            return;
        }
        select(-1, i);
        if (view.getWidth() > 50 && view.getHeight() > 50) {
            view.centreOnItem(view.selectedNode(), i, false);
        } else {
            centreWhenShown = true;
        }
    }

    /** The canvas, for the benchmark and tests. */
    public TopologyView canvas() {
        return view;
    }

    /** Finds a node or pod by name and centres on it, as the search box does. FX thread. */
    public void find(String query) {
        Fx.assertFxThread();
        toolbar.find(query);
    }

    /**
     * The counts above the picture. What could not be read is unknown, never 0: before anything was read (the
     * cluster is down or still loading), nodes that may not be listed, pods read in some namespaces only.
     */
    static String summary(TopologyIndex ix) {
        ClusterSnapshot c = ix.cluster;
        if (c.takenAt().equals(Instant.EPOCH)) {
            return "Nodes and pods unknown: nothing has been read from the cluster yet";
        }
        String nodes = c.nodesScope().everywhere()
                ? String.format("%s nodes (%s ready, %s cordoned)", Format.count(ix.nodes.length),
                Format.count(ix.nodesReady), Format.count(ix.nodesCordoned)) + " · " + ix.zoneNames.length + " zones"
                : "nodes unknown";
        ReadScope podsRead = c.podsScope();
        String pods = podsRead.everywhere() || !podsRead.namespaces().isEmpty()
                ? String.format("%s pods (%s running)", Format.count(ix.pods.length), Format.count(ix.podsRunning))
                + (podsRead.everywhere() ? "" : " in " + podsRead.namespaces().size()
                + (podsRead.namespaces().size() == 1 ? " namespace" : " namespaces") + " only")
                : "pods unknown";
        return nodes + " · " + pods + (c.unavailable().isEmpty() ? "" : " · cannot list: "
                + String.join("; ", c.unavailable()));
    }

    @Override
    public void show(Overview o) {
        Fx.assertFxThread();
        stale.show(o, now.get());
        if (o != submitted) {
            boolean first = submitted == null;
            submitted = o;
            pipeline.submit(o);
            if (first) {
                // while the worker builds the first frame
                Platform.runLater(view::prepareText);
            }
        }
    }

    private void onFrame(TopologyFrame f) {
        Fx.assertFxThread();
        loading.setVisible(false);
        view.setFrame(f);
        TopologyIndex ix = f.index;
        subtitle.setText(summary(ix));
        toolbar.onFrame(f);
        strip.onFrame(f);
        details.show(f, view.selectedNode(), view.selectedPod());
        reshape();
        if (pendingFocus != null) {
            focusOn(pendingFocus);
        }
    }

    private void selectPod(PodKey key) {
        Integer pod = view.frame() == null ? null : view.frame().index.podByKey.get(key);
        if (pod != null) {
            select(-1, pod);
        }
    }

    private void selectNodeOfPod() {
        if (view.selectedPod() >= 0) {
            select(view.frame().index.podNode[view.selectedPod()], -1);
        }
    }

    private void select(int node, int pod) {
        view.select(node, pod);
        details.show(view.frame(), view.selectedNode(), view.selectedPod());
    }

    /** While the picture is still fitted and nothing is selected, lay it out for the view's shape. */
    private void reshape() {
        double w = view.getWidth();
        double h = view.getHeight();
        if (centreWhenShown && view.frame() != null && w > 50 && h > 50 && view.selectedPod() >= 0) {
            centreWhenShown = false;
            view.centreOnItem(view.selectedNode(), view.selectedPod(), false);
        }
        if (view.frame() == null || w < 50 || h < 50 || !view.autoFit() || view.selectedNode() >= 0) {
            return;
        }
        if (Math.abs(Math.log(w / laidOutWidth)) > 0.2 || Math.abs(Math.log(h / laidOutHeight)) > 0.2) {
            laidOutWidth = w;
            laidOutHeight = h;
            pipeline.relayout(w, h);
        }
    }

    private Region zoomControls() {
        Button in = zoomButton(Feather.ZOOM_IN, "Zoom in (+)", "topology-zoom-in");
        in.setOnAction(e -> view.zoomAt(TopologyInput.KEY_ZOOM, view.getWidth() / 2, view.getHeight() / 2));
        Button out = zoomButton(Feather.ZOOM_OUT, "Zoom out (-)", "topology-zoom-out");
        out.setOnAction(e -> view.zoomAt(1 / TopologyInput.KEY_ZOOM, view.getWidth() / 2, view.getHeight() / 2));
        Button fit = zoomButton(Feather.MAXIMIZE, "Fit to screen (F or 0)", "topology-fit");
        fit.setOnAction(e -> view.fit());
        VBox box = new VBox(4, in, out, fit);
        box.getStyleClass().add("topology-zoom");
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(box, Pos.BOTTOM_RIGHT);
        return box;
    }

    private static Button zoomButton(Feather icon, String tip, String id) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.setFocusTraversable(false);
        Fx.tooltipOnHover(b, tip);
        b.getStyleClass().add("topology-zoom-button");
        return b;
    }

    private void onKey(KeyEvent e) {
        boolean typing = e.getTarget() instanceof TextInputControl;
        if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)
                || "/".equals(e.getText()) && !typing) {
            toolbar.focusSearch();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && typing) {
            view.requestFocus();
        } else if (actions != null && actions.onKey(e)) {
            e.consume();
        }
    }
}
