package io.opsdeck.views.common;

import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Overview;
import javafx.scene.control.Label;

import java.time.Instant;

/**
 * A line above a panel that says when what it shows is stale: the source is down or degraded, since
 * when, why, and how old the figures are. Hidden while everything is fresh.
 */
public final class StaleBanner extends Label {
    /** Which of the overview's sources a panel shows. */
    public enum Uses { CLUSTER, METRICS, BOTH }

    private final Uses uses;

    public StaleBanner(String id, Uses uses) {
        this.uses = uses;
        setId(id);
        getStyleClass().addAll("banner", "warning");
        setWrapText(true);
        setMaxWidth(Double.MAX_VALUE);
        setVisible(false);
        setManaged(false);
    }

    /** Hides the banner: what the panel shows is current even though a source is not. */
    public void hide() {
        setText("");
        setVisible(false);
        setManaged(false);
    }

    public void show(Overview o, Instant now) {
        String text = "";
        if (uses != Uses.METRICS) {
            text = describe("Cluster", o.clusterStatus(), o.cluster().takenAt(), now);
        }
        if (text.isEmpty() && uses != Uses.CLUSTER) {
            text = describe("Metrics", o.metricsStatus(), o.metrics().takenAt(), now);
        }
        boolean down = o.clusterStatus().state() == ConnectionState.DOWN
                || (uses != Uses.CLUSTER && o.metricsStatus().state() == ConnectionState.DOWN);
        getStyleClass().removeAll("warning", "danger");
        getStyleClass().add(down ? "danger" : "warning");
        setText(text);
        setVisible(!text.isEmpty());
        setManaged(!text.isEmpty());
    }

    /**
     * What an empty table should say: that there is no data yet because the source is down, or
     * {@code otherwise} when the source answered and there really is nothing.
     */
    public static String emptyText(Overview o, String otherwise) {
        if (o.cluster().takenAt().equals(Instant.EPOCH)) {
            return o.clusterStatus().state() == ConnectionState.DOWN
                    ? "No data: the cluster cannot be reached (see above)." : "Loading…";
        }
        return otherwise;
    }

    static String describe(String what, ConnectionStatus s, Instant dataAt, Instant now) {
        if (s.state() == ConnectionState.CONNECTED || s.state() == ConnectionState.CONNECTING) {
            return "";
        }
        if (s.state() == ConnectionState.NOT_CONFIGURED) {
            return what + ": " + (s.lastError().isEmpty() ? "not configured" : s.lastError());
        }
        String state = s.state() == ConnectionState.DOWN ? "unreachable" : "degraded";
        String age = dataAt == null || dataAt.equals(Instant.EPOCH) ? "No data has arrived yet."
                : "What is shown is from " + Format.clock(dataAt) + " (" + Format.age(dataAt, now) + " old).";
        return what + " " + state + " for " + Format.age(s.since(), now)
                + (s.lastError().isEmpty() ? "" : ": " + s.lastError()) + ". " + age;
    }
}
