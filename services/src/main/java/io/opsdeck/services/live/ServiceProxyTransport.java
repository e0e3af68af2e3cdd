package io.opsdeck.services.live;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.opsdeck.services.k8s.config.ClusterErrors;
import io.opsdeck.services.prom.BodyLimit;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.prom.PrometheusException.Kind;
import io.opsdeck.services.prom.PrometheusTransport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reaches a Prometheus inside the cluster through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/...}), with the kubeconfig's own
 * credentials: nothing to configure and no port-forward. Needs the {@code services/proxy} get verb.
 */
public final class ServiceProxyTransport implements PrometheusTransport {
    private final HttpClient http;
    private final String base;
    private final String endpoint;
    private final Duration timeout;
    private final long maxBodyBytes;

    public ServiceProxyTransport(KubernetesClient client, PrometheusLocator.Candidate candidate, Duration timeout) {
        this(client, candidate, timeout, BodyLimit.DEFAULT_MAX_BYTES);
    }

    /** @param maxBodyBytes the most of one answer read; a larger one is a {@link Kind#TOO_LARGE} failure */
    public ServiceProxyTransport(KubernetesClient client, PrometheusLocator.Candidate candidate, Duration timeout,
                                 long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.http = client.getHttpClient();
        String master = client.getMasterUrl().toString();
        this.base = (master.endsWith("/") ? master.substring(0, master.length() - 1) : master) + candidate.proxyPath();
        this.endpoint = ClusterErrors.safeUrl(base);
        this.timeout = timeout;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Response get(String pathAndQuery) throws PrometheusException {
        return send(http.newHttpRequestBuilder().uri(base + pathAndQuery).header("Accept", "application/json"));
    }

    @Override
    public Response postForm(String path, String urlEncodedForm) throws PrometheusException {
        return send(http.newHttpRequestBuilder().uri(base + path).header("Accept", "application/json")
                .post("application/x-www-form-urlencoded", urlEncodedForm.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sends the request and reads the answer against the size cap and one deadline for the whole call:
     * the headers and every byte of the body must arrive within the timeout.
     */
    private Response send(HttpRequest.Builder request) throws PrometheusException {
        HttpRequest req = request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Body body = new Body(maxBodyBytes);
        HttpResponse<AsyncBody> r = null;
        try {
            r = http.consumeBytes(req, body).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            if (r.code() == 403) {
                throw new PrometheusException(Kind.UNAUTHORIZED, endpoint, 403, "", "The API server refused to proxy to "
                        + endpoint + " (403: this user may not get services/proxy in that namespace); ask for that"
                        + " permission, or set the Prometheus URL in Settings", null);
            }
            long declared = r.headers("Content-Length").isEmpty() ? -1 : parseLong(r.headers("Content-Length").get(0));
            if (declared > maxBodyBytes) {
                throw BodyLimit.tooLarge(endpoint, maxBodyBytes, declared);
            }
            r.body().consume();
            try {
                r.body().done().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (CancellationException | ExecutionException e) {
                if (!body.overflowed()) {
                    throw e;
                }
            }
            if (body.overflowed()) {
                throw BodyLimit.tooLarge(endpoint, maxBodyBytes, declared);
            }
            String type = r.headers("Content-Type").isEmpty() ? "" : r.headers("Content-Type").get(0);
            return new Response(r.code(), body.text(), type);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException(Kind.CANCELLED, endpoint, "The request to " + endpoint + " was cancelled", e);
        } catch (TimeoutException e) {
            throw timedOut(e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.io.InterruptedIOException) {
                throw timedOut(cause); // the request's own timeout, which may fire just before the deadline here
            }
            throw new PrometheusException(Kind.UNREACHABLE, endpoint, "The API server's service proxy at " + endpoint
                    + " could not be reached: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " (" + ClusterErrors.redactUrls(cause.getMessage()) + ")"), cause);
        } finally {
            if (r != null) {
                r.body().cancel(); // a no-op once the body is done; stops an endless one
            }
        }
    }

    private PrometheusException timedOut(Throwable cause) {
        return new PrometheusException(Kind.TIMEOUT, endpoint, "Prometheus through the API server's service proxy at "
                + endpoint + " did not answer within " + timeout.toSeconds() + " s", cause);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Collects the body's bytes until the cap, then cancels it. */
    private static final class Body implements AsyncBody.Consumer<List<ByteBuffer>> {
        private final long max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        Body(long max) {
            this.max = max;
        }

        @Override
        public synchronized void consume(List<ByteBuffer> buffers, AsyncBody asyncBody) {
            for (ByteBuffer b : buffers) {
                if (bytes.size() + (long) b.remaining() > max) {
                    overflowed = true;
                    asyncBody.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            asyncBody.consume();
        }

        boolean overflowed() {
            return overflowed;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
