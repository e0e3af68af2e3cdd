package io.opsdeck.services.live;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.opsdeck.services.prom.PrometheusException;
import io.opsdeck.services.prom.PrometheusException.Kind;
import io.opsdeck.services.prom.PrometheusTransport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    public ServiceProxyTransport(KubernetesClient client, PrometheusLocator.Candidate candidate, Duration timeout) {
        this.http = client.getHttpClient();
        String master = client.getMasterUrl().toString();
        this.base = (master.endsWith("/") ? master.substring(0, master.length() - 1) : master) + candidate.proxyPath();
        this.endpoint = base;
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

    private Response send(HttpRequest.Builder request) throws PrometheusException {
        HttpRequest req = request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        try {
            HttpResponse<String> r = http.sendAsync(req, String.class).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            String type = r.headers("Content-Type").isEmpty() ? "" : r.headers("Content-Type").get(0);
            if (r.code() == 403) {
                throw new PrometheusException(Kind.UNAUTHORIZED, endpoint, 403, "", "The API server refused to proxy to "
                        + endpoint + " (403: this user may not get services/proxy in that namespace); ask for that"
                        + " permission, or set the Prometheus URL in Settings", null);
            }
            return new Response(r.code(), r.body(), type);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException(Kind.CANCELLED, endpoint, "The request to " + endpoint + " was cancelled", e);
        } catch (TimeoutException e) {
            throw new PrometheusException(Kind.TIMEOUT, endpoint, "Prometheus through the API server's service proxy at "
                    + endpoint + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Kind kind = Kind.UNREACHABLE;
            throw new PrometheusException(kind, endpoint, "The API server's service proxy at " + endpoint
                    + " could not be reached: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        }
    }
}
