package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Objects;

/**
 * An open fabric8 client for one context, with the context it was opened for and the server it
 * talks to. Closing it closes the client.
 *
 * @param context   the context, as listed by {@link KubeconfigSet}
 * @param serverUrl the API server's URL
 * @param client    the client; owned by this handle
 */
public record KubeConnection(KubeContext context, String serverUrl, KubernetesClient client)
        implements AutoCloseable {

    public KubeConnection {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(client, "client");
    }

    @Override
    public void close() {
        client.close();
    }

    /** Without the client, whose configuration holds credentials. */
    @Override
    public String toString() {
        return "KubeConnection[context=" + context.name() + ", server=" + ClusterErrors.safeUrl(serverUrl) + "]";
    }
}
