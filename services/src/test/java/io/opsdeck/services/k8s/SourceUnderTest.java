package io.opsdeck.services.k8s;

import io.opsdeck.services.concurrent.Workers;

import java.time.Clock;
import java.time.Duration;

/**
 * A mock API server and a {@link KubernetesClusterSource} reading it, with a {@link Recorder} of what it
 * publishes; {@link #close()} stops whatever of them was started, in order.
 */
final class SourceUnderTest implements AutoCloseable {
    final MockCluster cluster = new MockCluster();
    final Recorder recorder = new Recorder();
    private final Workers workers = new Workers();
    private KubernetesClusterSource source;

    /**
     * Starts the source for the context's namespace {@code contextNamespace} ({@code null} for none).
     *
     * @param recheck how often a forbidden list is asked again, and how long a watch may stay down
     *                before a fresh list; {@code null} for the defaults
     */
    KubernetesClusterSource start(String contextNamespace, Duration recheck) {
        KubernetesClusterSource.Options d = KubernetesClusterSource.Options.DEFAULTS;
        return startWith(contextNamespace, recheck == null ? d : new KubernetesClusterSource.Options(
                d.coalesce(), d.listTimeout(), null, d.probeTimeout(), recheck, recheck));
    }

    /** Starts the source for the context's namespace {@code contextNamespace} ({@code null} for none) with these options. */
    KubernetesClusterSource startWith(String contextNamespace, KubernetesClusterSource.Options options) {
        source = new KubernetesClusterSource(cluster.client(), "ctx", contextNamespace, workers.scheduler("k8s-test"),
                Clock.systemUTC(), options);
        source.start(recorder);
        return source;
    }

    @Override
    public void close() {
        try {
            if (source != null) {
                source.close();
            }
        } finally {
            try {
                workers.close();
            } finally {
                cluster.close();
            }
        }
    }
}
