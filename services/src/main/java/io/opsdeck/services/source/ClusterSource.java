package io.opsdeck.services.source;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;

/**
 * Where cluster snapshots come from: a live cluster's informers, or the sandbox. Implementations
 * publish immutable snapshots, coalesced, off the FX thread.
 */
public interface ClusterSource extends AutoCloseable {

    /** The kubeconfig context (or sandbox name) this source shows. */
    String contextName();

    /**
     * Starts watching and returns at once. The listener is called on the source's own thread,
     * never concurrently, first with the initial snapshot once it has been loaded.
     */
    void start(Listener listener);

    ConnectionStatus status();

    /** Stops watching and releases threads and sockets. Idempotent. */
    @Override
    void close();

    interface Listener {
        void snapshot(ClusterSnapshot snapshot);

        void status(ConnectionStatus status);
    }
}
