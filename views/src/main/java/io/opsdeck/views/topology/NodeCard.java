package io.opsdeck.views.topology;

import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.views.common.Badge;
import io.opsdeck.views.theme.Theme;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A node: name, state badges, requested CPU and memory, and one cell per pod. */
final class NodeCard extends VBox {
    static final double CELL = 9;
    static final double GAP = 2;
    static final int COLUMNS = 16;

    NodeCard(NodeInfo node, List<PodInfo> pods, Set<String> cachePods, Theme.Palette palette) {
        getStyleClass().add("card");
        setId("node-" + node.name());
        setPrefWidth(COLUMNS * (CELL + GAP) + 24);
        setMaxWidth(getPrefWidth());
        if (!node.ready() || !node.pressures().isEmpty()) {
            getStyleClass().add("danger");
        } else if (node.unschedulable()) {
            getStyleClass().add("warning");
        }
        Label name = new Label(node.name());
        name.getStyleClass().add("card-title");
        FlowPane badges = new FlowPane(4, 4);
        badges.getChildren().add(node.ready() ? Badge.of("Ready", Badge.Tone.SUCCESS) : Badge.of("NotReady", Badge.Tone.DANGER));
        if (node.unschedulable()) {
            badges.getChildren().add(Badge.of("Cordoned", Badge.Tone.WARNING));
        }
        for (NodeCondition c : node.pressures()) {
            badges.getChildren().add(Badge.of(c.kubernetesName(), Badge.Tone.DANGER));
        }
        long cpu = pods.stream().filter(NodeCard::consumes).mapToLong(PodInfo::cpuRequestMilli).sum();
        long mem = pods.stream().filter(NodeCard::consumes).mapToLong(PodInfo::memoryRequestBytes).sum();
        double cpuRatio = node.cpuAllocatableMilli() > 0 ? (double) cpu / node.cpuAllocatableMilli() : 0;
        double memRatio = node.memoryAllocatableBytes() > 0 ? (double) mem / node.memoryAllocatableBytes() : 0;
        Label caption = new Label(String.format(Locale.ROOT, "%d pods · CPU %.0f%% · mem %.0f%% requested",
                pods.size(), cpuRatio * 100, memRatio * 100));
        caption.getStyleClass().add("card-caption");
        HBox bars = new HBox(6, bar(cpuRatio), bar(memRatio));
        Canvas cells = drawPods(pods, cachePods, palette);
        getChildren().addAll(name, badges, caption, bars, cells);
        Tooltip.install(this, new Tooltip(tooltip(node)));
    }

    private static boolean consumes(PodInfo p) {
        return p.phase() == PodPhase.RUNNING || p.phase() == PodPhase.PENDING;
    }

    private static ProgressBar bar(double ratio) {
        ProgressBar b = new ProgressBar(Math.min(1, ratio));
        b.setPrefWidth((COLUMNS * (CELL + GAP)) / 2 - 3);
        b.setPrefHeight(6);
        return b;
    }

    private static Canvas drawPods(List<PodInfo> pods, Set<String> cachePods, Theme.Palette palette) {
        int rows = Math.max(1, (pods.size() + COLUMNS - 1) / COLUMNS);
        Canvas c = new Canvas(COLUMNS * (CELL + GAP), rows * (CELL + GAP));
        GraphicsContext g = c.getGraphicsContext2D();
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            double x = (i % COLUMNS) * (CELL + GAP);
            double y = (i / COLUMNS) * (CELL + GAP);
            g.setFill(colour(p, palette));
            g.fillRoundRect(x, y, CELL, CELL, 3, 3);
            if (cachePods.contains(p.namespace() + "/" + p.name())) {
                g.setStroke(palette.accent());
                g.setLineWidth(2);
                g.strokeRoundRect(x + 1, y + 1, CELL - 2, CELL - 2, 3, 3);
            }
        }
        return c;
    }

    static Color colour(PodInfo p, Theme.Palette palette) {
        return switch (p.phase()) {
            case RUNNING -> p.ready() ? palette.ok() : palette.danger();
            case PENDING -> palette.warning();
            case SUCCEEDED -> palette.muted();
            case FAILED -> palette.failed();
            case UNKNOWN -> palette.muted();
        };
    }

    private static String tooltip(NodeInfo n) {
        StringBuilder sb = new StringBuilder(n.name()).append('\n');
        sb.append("Zone: ").append(n.zoneOrUnzoned()).append(n.region() == null ? "" : " (" + n.region() + ")").append('\n');
        sb.append("Role: ").append(n.role()).append(" · kubelet ").append(n.kubeletVersion()).append('\n');
        sb.append("Allocatable: ").append(n.cpuAllocatableMilli()).append("m CPU, ")
                .append(n.memoryAllocatableBytes() >> 30).append(" GiB memory");
        if (!n.taints().isEmpty()) {
            sb.append("\nTaints: ").append(n.taints().stream().map(Object::toString).collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }
}
