package io.opsdeck.views.topology;

import io.opsdeck.views.common.Fx;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * Search (Enter finds and centres; Enter again goes to the next match) and the filters: namespace,
 * pod label selector, node state and pod phase. Every change goes to the pipeline, which dims or
 * hides off the FX thread.
 */
final class TopologyToolbar extends HBox {
    private static final String SELECTOR_TIP =
            "A label selector as kubectl -l takes it: app=web,tier!=db, env in (prod,staging), !spot";
    static final String ALL_NAMESPACES = "All namespaces";

    interface Selector {
        void select(int node, int pod);
    }

    private final TopologyPipeline pipeline;
    private final TopologyView view;
    private final Selector selector;
    private final TextField search = new TextField();
    private final Label searchStatus = new Label();
    private final ComboBox<String> namespace = new ComboBox<>();
    private final TextField labels = new TextField();
    private final ComboBox<TopologyFilter.NodeState> nodeState = new ComboBox<>();
    private final ComboBox<TopologyFilter.PodFilter> phase = new ComboBox<>();
    private final Button clear = new Button("Clear filters");
    private TopologyFilter filter = TopologyFilter.NONE;
    private List<String> namespaces = List.of();
    private List<TopologySelection> hits = List.of();
    private String hitsFor = "";
    private int hitAt;

    TopologyToolbar(TopologyPipeline pipeline, TopologyView view, Selector selector) {
        super(8);
        this.pipeline = pipeline;
        this.view = view;
        this.selector = selector;
        getStyleClass().add("topology-toolbar");
        setAlignment(Pos.CENTER_LEFT);

        search.setId("topology-search");
        search.setPromptText("Find a node or pod (Ctrl+F)");
        search.setPrefColumnCount(16);
        search.setMinWidth(160);
        search.setOnAction(e -> find());
        search.textProperty().addListener((obs, o, n) -> searchStatus.setText(""));
        searchStatus.setId("topology-search-status");
        searchStatus.getStyleClass().add("card-caption");
        searchStatus.setMinWidth(0);
        searchStatus.setMaxWidth(260);

        namespace.setId("topology-namespace");
        namespace.getItems().add(ALL_NAMESPACES);
        namespace.setValue(ALL_NAMESPACES);
        namespace.setOnAction(e -> apply(filter.withNamespace(
                namespace.getValue() == null || ALL_NAMESPACES.equals(namespace.getValue()) ? "" : namespace.getValue())));

        labels.setId("topology-selector");
        labels.setPromptText("Pod labels, e.g. app=web");
        Fx.tooltipOnHover(labels, SELECTOR_TIP);
        labels.setPrefColumnCount(16);
        labels.textProperty().addListener((obs, o, n) -> onSelectorText(n));

        nodeState.setId("topology-node-state");
        nodeState.getItems().setAll(TopologyFilter.NodeState.values());
        nodeState.setValue(TopologyFilter.NodeState.ANY);
        nodeState.setOnAction(e -> apply(filter.withNodeState(nodeState.getValue())));

        phase.setId("topology-phase");
        phase.getItems().setAll(TopologyFilter.PodFilter.values());
        phase.setValue(TopologyFilter.PodFilter.ANY);
        phase.setOnAction(e -> apply(filter.withPhase(phase.getValue())));

        clear.setId("topology-clear-filters");
        clear.setDisable(true);
        clear.setOnAction(e -> clearFilters());

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        for (Region r : List.of(namespace, nodeState, phase, clear)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        labels.setMinWidth(120);
        getChildren().addAll(search, searchStatus, grow, namespace, labels, nodeState, phase, clear);
    }

    void onFrame(TopologyFrame f) {
        List<String> ns = f.index.cluster.namespaces();
        if (!ns.equals(namespaces)) {
            namespaces = ns;
            String current = namespace.getValue();
            List<String> items = new ArrayList<>();
            items.add(ALL_NAMESPACES);
            items.addAll(ns);
            namespace.getItems().setAll(items);
            namespace.setValue(current != null && items.contains(current) ? current : ALL_NAMESPACES);
        }
    }

    TopologyFilter filter() {
        return filter;
    }

    void setNodeState(TopologyFilter.NodeState s) {
        nodeState.setValue(s);
        apply(filter.withNodeState(s));
    }

    void setPhase(TopologyFilter.PodFilter p) {
        phase.setValue(p);
        apply(filter.withPhase(p));
    }

    /** Types {@code query} into the search box and presses Enter. */
    void find(String query) {
        search.setText(query);
        find();
    }

    void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    private void onSelectorText(String text) {
        try {
            LabelSelector s = LabelSelector.parse(text);
            labels.getStyleClass().remove("topology-invalid");
            labels.setTooltip(new Tooltip(SELECTOR_TIP));
            apply(filter.withSelector(s));
        } catch (IllegalArgumentException e) {
            if (!labels.getStyleClass().contains("topology-invalid")) {
                labels.getStyleClass().add("topology-invalid");
            }
            labels.setTooltip(new Tooltip(e.getMessage()));
        }
    }

    private void apply(TopologyFilter next) {
        Fx.assertFxThread();
        if (next.equals(filter)) {
            return;
        }
        filter = next;
        clear.setDisable(next.isEmpty());
        pipeline.filter(next);
    }

    private void clearFilters() {
        namespace.setValue(ALL_NAMESPACES);
        labels.setText("");
        nodeState.setValue(TopologyFilter.NodeState.ANY);
        phase.setValue(TopologyFilter.PodFilter.ANY);
        apply(TopologyFilter.NONE);
    }

    private void find() {
        String q = search.getText().trim();
        TopologyFrame f = view.frame();
        if (q.isEmpty() || f == null) {
            return;
        }
        if (q.equals(hitsFor) && !hits.isEmpty()) {
            hitAt = (hitAt + 1) % hits.size();
            go();
            return;
        }
        searchStatus.setText("Searching…");
        pipeline.search(f, q).thenAccept(found -> {
            List<TopologySelection> selections = new ArrayList<>(found.size());
            for (TopologySearch.Hit h : found) {
                selections.add(TopologySelection.of(f, h.node(), h.pod()));
            }
            Platform.runLater(() -> onHits(q, selections));
        });
    }

    private void onHits(String q, List<TopologySelection> found) {
        if (!q.equals(search.getText().trim())) {
            return;
        }
        hitsFor = q;
        hits = found;
        hitAt = 0;
        if (found.isEmpty()) {
            searchStatus.setText("No node or pod is named like '" + q + "'");
            return;
        }
        go();
    }

    private void go() {
        TopologyFrame f = view.frame();
        TopologySelection s = hits.get(hitAt);
        int node = s.nodeIn(f);
        int pod = s.podIn(f);
        String what = s.isPod() ? s.pod().toString() : s.node();
        if (node < 0) {
            searchStatus.setText(what + " is no longer in the cluster");
            return;
        }
        selector.select(node, pod);
        String position = hits.size() == 1 ? "" : (hitAt + 1) + " of " + (hits.size() >= TopologySearch.MAX_HITS
                ? TopologySearch.MAX_HITS + "+" : hits.size()) + " — Enter for the next";
        if (!f.layout.isShown(node)) {
            searchStatus.setText(what + " is on a node the node filter hides" + (position.isEmpty() ? "" : "; " + position));
            return;
        }
        view.centreOnItem(node, pod, true);
        searchStatus.setText(position);
    }
}
