package io.opsdeck.services.cache;

import io.opsdeck.services.model.PodKey;

/** Opens a local port that leads to a pod's port (a Kubernetes port-forward, in real life). */
public interface PodPortForwarder {

    /**
     * @throws CacheReadException of kind {@link CacheReadException.Kind#CONNECTION} with a sentence saying why
     */
    Forward open(PodKey pod, int port) throws CacheReadException;

    /** An open forward; connections to {@link #localPort()} on {@link #localHost()} reach the pod. */
    interface Forward extends AutoCloseable {
        String localHost();

        int localPort();

        /** False once the forward has stopped or a connection through it failed. */
        boolean healthy();

        /** What went wrong on the way to the pod, as the API server said, or empty. */
        String problem();

        @Override
        void close();
    }
}
