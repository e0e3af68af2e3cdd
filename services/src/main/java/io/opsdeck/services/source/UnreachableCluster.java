package io.opsdeck.services.source;

import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;

import java.time.Clock;

/** A cluster that cannot be opened (a broken kubeconfig, a refused login): reports DOWN with the reason, once. */
public final class UnreachableCluster implements ClusterSource {
    private final String context;
    private final ConnectionStatus status;

    public UnreachableCluster(String context, String endpoint, String why, Clock clock) {
        this.context = context;
        this.status = new ConnectionStatus(ConnectionState.DOWN, clock.instant(), why, null, endpoint);
    }

    @Override
    public String contextName() {
        return context;
    }

    @Override
    public void start(Listener listener) {
        listener.status(status);
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    @Override
    public void close() {
    }
}
