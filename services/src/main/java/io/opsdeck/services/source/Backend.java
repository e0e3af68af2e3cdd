package io.opsdeck.services.source;

/** The pair of sources a console window or a headless command works against. */
public record Backend(ClusterSource cluster, MetricsSource metrics) implements AutoCloseable {
    @Override
    public void close() {
        cluster.close();
        metrics.close();
    }
}
