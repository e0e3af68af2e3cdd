package io.opsdeck.services.source;

import io.opsdeck.services.action.ClusterOps;

import java.util.List;

import org.slf4j.LoggerFactory;

/**
 * The pair of sources a console window or a headless command works against, the port actions go
 * through ({@code null} when the cluster cannot be acted on, e.g. it could not be opened), and what
 * else must be closed with them (e.g. the Kubernetes client they share), closed last.
 */
public record Backend(ClusterSource cluster, MetricsSource metrics, List<AutoCloseable> resources, ClusterOps actions)
        implements AutoCloseable {
    public Backend {
        resources = List.copyOf(resources);
    }

    public Backend(ClusterSource cluster, MetricsSource metrics, List<AutoCloseable> resources) {
        this(cluster, metrics, resources, null);
    }

    public Backend(ClusterSource cluster, MetricsSource metrics) {
        this(cluster, metrics, List.of());
    }

    public Backend withActions(ClusterOps ops) {
        return new Backend(cluster, metrics, resources, ops);
    }

    @Override
    public void close() {
        cluster.close();
        metrics.close();
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Backend.class).warn("Closing {} failed: {}", r, e.toString());
            }
        }
    }
}
