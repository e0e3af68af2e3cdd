package io.opsdeck.views.topology;

import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.Overview;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.ZoneSummary;
import io.opsdeck.views.common.Format;
import io.opsdeck.views.common.BasePage;
import io.opsdeck.views.theme.Theme;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zones → nodes → pods. Each zone lists its nodes as cards with a cell per pod. Large clusters
 * show the first {@value #MAX_CARDS_PER_ZONE} nodes of each zone, worst first, and count the rest.
 */
public final class TopologyPage extends BasePage {
    static final int MAX_CARDS_PER_ZONE = 40;

    private final VBox zones = new VBox(14);
    private final ObservableValue<Theme> theme;
    private Overview last;

    public TopologyPage(ObservableValue<Theme> theme) {
        super("topology", "Topology", Feather.GRID);
        this.theme = theme;
        ScrollPane scroll = new ScrollPane(zones);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        root.getChildren().add(scroll);
        theme.addListener((obs, o, n) -> {
            if (last != null) {
                show(last);
            }
        });
    }





    @Override
    public void show(Overview o) {
        last = o;
        var c = o.cluster();
        subtitle.setText(String.format("%s nodes (%s ready, %s cordoned) · %s pods (%s running) · %d zones",
                Format.count(c.nodes().size()), Format.count(c.nodesReady()), Format.count(c.nodesCordoned()),
                Format.count(c.pods().size()), Format.count(c.podsRunning()), o.zones().size()));

        Map<String, List<PodInfo>> podsByNode = new HashMap<>();
        for (PodInfo p : c.pods()) {
            if (p.scheduled()) {
                podsByNode.computeIfAbsent(p.nodeName(), k -> new ArrayList<>()).add(p);
            }
        }
        Set<String> cachePods = new HashSet<>();
        for (CacheNodeStatus cn : o.caches()) {
            cachePods.add(cn.node().pod().toString());
        }
        Map<String, List<NodeInfo>> nodesByZone = new LinkedHashMap<>();
        for (NodeInfo n : c.nodes()) {
            nodesByZone.computeIfAbsent(n.zoneOrUnzoned(), k -> new ArrayList<>()).add(n);
        }
        Theme.Palette palette = theme.getValue().palette();
        List<Node> sections = new ArrayList<>();
        for (ZoneSummary z : o.zones()) {
            List<NodeInfo> nodes = new ArrayList<>(nodesByZone.getOrDefault(z.zone(), List.of()));
            nodes.sort(Comparator.comparing(NodeInfo::healthy).thenComparing(NodeInfo::name));
            Label header = new Label(z.zone() + (z.region() == null || z.region().isEmpty() ? "" : "  ·  " + z.region()));
            header.getStyleClass().add("zone-header");
            Label counts = new Label(String.format("%s nodes, %s ready, %s cordoned · %s pods", Format.count(z.nodes()),
                    Format.count(z.nodesReady()), Format.count(z.nodesCordoned()), Format.count(z.pods())));
            counts.getStyleClass().add("page-subtitle");
            HBox head = new HBox(12, header, counts);
            head.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
            head.setId("zone-" + z.zone());
            FlowPane cards = new FlowPane(10, 10);
            int shown = Math.min(nodes.size(), MAX_CARDS_PER_ZONE);
            for (int i = 0; i < shown; i++) {
                NodeInfo n = nodes.get(i);
                cards.getChildren().add(new NodeCard(n, podsByNode.getOrDefault(n.name(), List.of()), cachePods, palette));
            }
            VBox section = new VBox(6, head, cards);
            if (nodes.size() > shown) {
                Label more = new Label("… and " + Format.count(nodes.size() - shown)
                        + " more nodes in this zone (nodes with problems are listed first)");
                more.getStyleClass().add("page-subtitle");
                section.getChildren().add(more);
            }
            sections.add(section);
        }
        if (sections.isEmpty()) {
            Label empty = new Label(c.unavailable().isEmpty() ? "No nodes yet." : "Nodes cannot be listed: "
                    + String.join("; ", c.unavailable()));
            empty.getStyleClass().add("empty-note");
            sections.add(empty);
        }
        zones.getChildren().setAll(sections);
    }
}
