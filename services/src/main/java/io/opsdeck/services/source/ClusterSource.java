package io.opsdeck.services.source;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;

import java.util.concurrent.CompletionStage;

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

    /**
     * Starts watching, but holds the work that costs CPU (decoding what it receives) until {@code heavyWork}
     * completes; the console passes its first frame. Returns at once. This default starts only then, on the
     * thread that completes it, and not at all when it completes exceptionally (the caller is closing this
     * source); a live cluster asks for its lists at once and receives them while it waits.
     */
    default void start(Listener listener, CompletionStage<?> heavyWork) {
        heavyWork.thenRun(() -> start(listener));
    }

    ConnectionStatus status();

    /** Stops watching and releases threads and sockets. Idempotent. */
    @Override
    void close();

    interface Listener {
        void snapshot(ClusterSnapshot snapshot);

        void status(ConnectionStatus status);
    }
}
