package io.opsdeck.services.model;

import java.time.Instant;

/** A Kubernetes Event (the views show Warning events). */
public record ClusterEvent(
        String namespace,
        String type,
        String reason,
        String objectKind,
        String objectName,
        String message,
        int count,
        Instant lastSeen) {

    public boolean warning() {
        return "Warning".equals(type);
    }
}
