package io.opsdeck.services.cache;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.PodKey;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Port-forwards through the API server with fabric8 ({@code pods/portforward}), bound to 127.0.0.1
 * on a free port. Each connection to the local port opens its own stream to the pod, so one
 * forward serves every poll; it is only replaced when it broke.
 */
public final class Fabric8PortForwarder implements PodPortForwarder {
    private final KubernetesClient client;

    public Fabric8PortForwarder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Forward open(PodKey pod, int port) throws CacheReadException {
        try {
            LocalPortForward f = client.pods().inNamespace(pod.namespace()).withName(pod.name())
                    .portForward(port, InetAddress.getLoopbackAddress(), 0);
            return new Fabric8Forward(f);
        } catch (KubernetesClientException e) {
            throw new CacheReadException(Kind.CONNECTION, "Could not port-forward to " + pod + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private record Fabric8Forward(LocalPortForward forward) implements Forward {
        @Override
        public String localHost() {
            return forward.getLocalAddress().getHostAddress();
        }

        @Override
        public int localPort() {
            return forward.getLocalPort();
        }

        @Override
        public boolean healthy() {
            return forward.isAlive() && !forward.errorOccurred();
        }

        @Override
        public String problem() {
            List<String> msgs = new ArrayList<>();
            collect(forward.getServerThrowables(), msgs);
            collect(forward.getClientThrowables(), msgs);
            return String.join("; ", msgs);
        }

        private static void collect(Collection<Throwable> from, List<String> into) {
            for (Throwable t : from) {
                String m = t instanceof WebSocketHandshakeException h && h.getResponse() != null
                        ? "the port-forward was refused with HTTP " + h.getResponse().code()
                        + (h.getResponse().code() == 403 ? " (may this user create pods/portforward?)"
                        : h.getResponse().code() == 404 ? " (is the pod there?)" : "")
                        : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                if (!into.contains(m) && into.size() < 3) {
                    into.add(m);
                }
            }
        }

        @Override
        public void close() {
            try {
                forward.close();
            } catch (IOException ignored) {
                // a forward that cannot close cleanly is gone all the same
            }
        }
    }
}
