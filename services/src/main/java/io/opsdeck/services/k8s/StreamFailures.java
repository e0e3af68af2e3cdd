package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;

/**
 * The streaming informer's failures as the exceptions fabric8 throws for the same ones (with the
 * answer's {@link Status}, the cause kept), so that {@link KubeProblems} reads both alike.
 */
final class StreamFailures {
    private StreamFailures() {
    }

    static Throwable rootOf(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** No answer, or one cut short. */
    static KubernetesClientException requestException(HttpRequest request, Throwable t) {
        Throwable cause = rootOf(t);
        if (cause instanceof KubernetesClientException k) {
            return k;
        }
        if (request != null && cause instanceof Exception e) {
            return OperationSupport.requestException(request, e);
        }
        return new KubernetesClientException(cause.getMessage(), cause);
    }

    /** An answer that cannot be decoded; {@code request} is {@code null} for a websocket message. */
    static KubernetesClientException undecodable(HttpRequest request, Throwable cause) {
        return new KubernetesClientException("Cannot decode the answer to "
                + (request == null ? "a watch" : "GET " + request.uri()) + ": " + cause.getMessage(), cause);
    }

    /** An HTTP error answer: the Status in its body, or one made from the code. */
    static KubernetesClientException requestFailure(KubernetesSerialization serialization, HttpRequest request,
                                                    int code, ByteWindow body) {
        Status status = null;
        if (body.size() > 0) {
            try {
                String text = new String(body.array(), body.start(), body.size(), StandardCharsets.UTF_8);
                Status s = serialization.unmarshal(text, Status.class);
                if (s != null && (s.getCode() != null || s.getMessage() != null)) {
                    status = s.getCode() == null ? new StatusBuilder(s).withCode(code).build() : s;
                }
            } catch (RuntimeException e) {
                // not a Status (an HTML page from a proxy, say)
            }
        }
        if (status == null) {
            status = OperationSupport.createStatus(code, "");
        }
        return OperationSupport.requestFailure(request, status);
    }
}
