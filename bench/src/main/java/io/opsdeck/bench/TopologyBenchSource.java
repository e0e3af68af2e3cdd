package io.opsdeck.bench;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.source.ClusterSource;

import java.time.Instant;

/**
 * A cluster source the benchmark publishes snapshots into by hand, so that a batch of pod updates
 * takes the real path: {@code Monitor} → {@code OverviewBuilder} → FX thread → topology page.
 */
final class TopologyBenchSource implements ClusterSource {
    private volatile Listener listener;
    private volatile ConnectionStatus status = ConnectionStatus.connecting("bench", Instant.now());

    @Override
    public String contextName() {
        return "sandbox";
    }

    @Override
    public void start(Listener l) {
        listener = l;
    }

    /** Hands a snapshot to the monitor, on the caller's thread (as informers do on theirs). */
    void publish(ClusterSnapshot snapshot) {
        status = status.to(ConnectionState.CONNECTED, Instant.now(), "", snapshot.takenAt());
        listener.status(status);
        listener.snapshot(snapshot);
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    @Override
    public void close() {
    }
}
