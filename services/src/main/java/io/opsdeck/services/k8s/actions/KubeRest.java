package io.opsdeck.services.k8s.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionException.Kind;
import io.opsdeck.services.k8s.config.KubeReadLimits;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * JSON requests to the API server through the fabric8 client's HTTP client (the kubeconfig's
 * authentication, TLS and proxy apply). Every answer is read with a size cap and a timeout, and a
 * failure becomes an {@link ActionException} with a sentence: 401 expired credentials, 403 the
 * server's own reason, 404 no such object, 409 changed meanwhile.
 */
public final class KubeRest {
    /** Answers larger than this are not the API server's for these requests. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    /** Items per page of {@link #pages}. */
    static final int PAGE = 500;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    private final int maxItems;

    public KubeRest(KubernetesClient client, Duration timeout) {
        this(client, timeout, KubeReadLimits.MAX_OBJECTS);
    }

    /** @param maxItems the most items {@link #pages} reads of one list */
    KubeRest(KubernetesClient client, Duration timeout, int maxItems) {
        // fabric8's client retries 429 and 5xx answers itself (up to 10 times, backing off): an action
        // must see them at once (a drain reads the budget's cause from the 429 and retries on its own terms)
        this.http = client.getHttpClient().newBuilder().tag(new RequestConfigBuilder(client.getConfiguration()
                .getRequestConfig()).withRequestRetryBackoffLimit(0).build()).build();
        String master = client.getMasterUrl().toString();
        this.base = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
        this.timeout = timeout;
        this.maxItems = maxItems;
    }

    /** A status code and the parsed JSON body (a missing or non-JSON body is an empty object). */
    public record Answer(int code, JsonNode body) {
        public boolean ok() {
            return code >= 200 && code < 300;
        }

        /** The {@code message} of a Kubernetes Status, else empty. */
        public String statusMessage() {
            return body.path("message").asText("");
        }
    }

    public Answer get(String path) throws ActionException {
        return send(http.newHttpRequestBuilder().uri(base + path), path);
    }

    public Answer send(String method, String path, String contentType, Object body) throws ActionException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ActionException(Kind.FAILED, "Could not write the request to " + path + ": " + e.getMessage(), e);
        }
        HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path);
        switch (method) {
            case "POST" -> b.post(contentType, bytes);
            case "PUT" -> b.put(contentType, new String(bytes, StandardCharsets.UTF_8));
            case "PATCH" -> b.method("PATCH", contentType, new String(bytes, StandardCharsets.UTF_8));
            case "DELETE" -> b.delete(contentType, new String(bytes, StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException(method);
        }
        return send(b, path);
    }

    /**
     * A list read page by page ({@code limit}/{@code continue}), so that no answer outgrows {@link #MAX_BODY};
     * a server that keeps sending pages is stopped after {@link KubeReadLimits#MAX_OBJECTS} items (500,000).
     *
     * @param path a path with its query, ending in {@code ?} when it has none yet
     * @param what what is listed, for sentences ("pods on node n1")
     */
    public void pages(String path, String what, Consumer<JsonNode> item) throws ActionException {
        if (!pages(path, what, maxItems, item)) {
            throw new ActionException(Kind.FAILED, "The API server listed more than "
                    + String.format(Locale.ROOT, "%,d", maxItems) + " " + what
                    + "; Opsdeck stopped reading them (that many is far beyond any cluster Kubernetes supports)");
        }
    }

    /**
     * Like {@link #pages(String, String, Consumer)}, but reads at most {@code atMost} items (and the pages
     * they are on) and says whether that was all.
     *
     * @return {@code false} when the list went on beyond {@code atMost} items
     */
    public boolean pages(String path, String what, int atMost, Consumer<JsonNode> item) throws ActionException {
        String sep = path.endsWith("?") ? "" : "&";
        String cont = "";
        long seen = 0;
        do {
            JsonNode list = expectOk(get(path + sep + "limit=" + PAGE
                    + (cont.isEmpty() ? "" : "&continue=" + URLEncoder.encode(cont, StandardCharsets.UTF_8))), what);
            for (JsonNode i : list.path("items")) {
                if (++seen > atMost) {
                    return false;
                }
                item.accept(i);
            }
            cont = list.path("metadata").path("continue").asText("");
        } while (!cont.isEmpty());
        return true;
    }

    /** Like {@link #get}, {@link #send}, but a non-2xx answer is thrown as an {@link ActionException}. */
    public JsonNode expectOk(Answer a, String what) throws ActionException {
        if (a.ok()) {
            return a.body();
        }
        throw failure(a, what);
    }

    /** The sentence and kind for a non-2xx answer about {@code what} ("deployment shop/web"). */
    public static ActionException failure(Answer a, String what) {
        String server = a.statusMessage();
        return switch (a.code()) {
            case 401 -> new ActionException(Kind.FORBIDDEN, "The API server did not accept the credentials (401 Unauthorized):"
                    + " the token may have expired; log in again (e.g. run the kubeconfig's login command) and retry");
            case 403 -> new ActionException(Kind.FORBIDDEN, "The API server refused it (403): " + server);
            case 404 -> new ActionException(Kind.BAD_REQUEST, "No " + what + " (404 Not Found)");
            case 409 -> new ActionException(Kind.CONFLICT, what + " changed meanwhile (409 Conflict): " + server);
            case 400, 422 -> new ActionException(Kind.BAD_REQUEST, "The API server rejected the request for " + what
                    + " (" + a.code() + "): " + server);
            default -> new ActionException(Kind.FAILED, "The API server answered " + a.code() + " for " + what
                    + (server.isEmpty() ? "" : ": " + server));
        };
    }

    private Answer send(HttpRequest.Builder builder, String path) throws ActionException {
        HttpRequest req = builder.header("Accept", "application/json")
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        CompletableFuture<HttpResponse<InputStream>> answer = http.sendAsync(req, InputStream.class);
        try {
            // the request's own timeout ends the call; this one bounds the wait should it not
            HttpResponse<InputStream> r = answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            try (InputStream in = r.body()) {
                byte[] body = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new ActionException(Kind.FAILED, "The API server's answer to " + path + " is larger than "
                            + (MAX_BODY >> 20) + " MiB; Opsdeck stopped reading it");
                }
                JsonNode json;
                try {
                    json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                } catch (IOException e) {
                    json = JSON.createObjectNode();
                }
                return new Answer(r.code(), json == null ? JSON.createObjectNode() : json);
            }
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ActionException(Kind.FAILED, "The request to " + path + " was interrupted", e);
        } catch (TimeoutException e) {
            // fabric8 closes the answer's body when it comes to a cancelled future
            answer.cancel(true);
            throw new ActionException(Kind.UNREACHABLE, "The API server did not answer " + path + " within "
                    + timeout.toSeconds() + " s; check the connection and retry", e);
        } catch (ExecutionException | IOException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ActionException(Kind.UNREACHABLE, "The API server could not be reached (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "); check the connection and retry", cause);
        }
    }
}
