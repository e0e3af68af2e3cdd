package io.opsdeck.services.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the API server which versions of the APIs with alternatives it serves (one GET of
 * {@code /apis}, plus {@code /version}), without blocking a thread: EndpointSlices
 * (discovery.k8s.io/v1, else v1beta1, else core/v1 Endpoints) and PodDisruptionBudgets (policy/v1,
 * else v1beta1, else none).
 */
final class ApiDiscovery {

    enum EndpointsApi {
        SLICES_V1("endpointslices"), SLICES_V1BETA1("endpointslices"), ENDPOINTS("endpoints");

        final String plural;

        EndpointsApi(String plural) {
            this.plural = plural;
        }
    }

    enum PdbApi { V1, V1BETA1, NONE }

    /** What the server serves; {@code serverVersion} is e.g. {@code v1.30.2}, empty when unknown. */
    record Result(String serverVersion, EndpointsApi endpoints, PdbApi pdbs) {
        static final Result CURRENT = new Result("", EndpointsApi.SLICES_V1, PdbApi.V1);
    }

    private ApiDiscovery() {
    }

    /**
     * Completes with what the server serves, or exceptionally when it cannot be asked (no connection,
     * 401, 5xx). A server that refuses or lacks discovery (403, 404, an empty list) is taken to serve
     * the current APIs; the informers then say for themselves if it does not.
     */
    static CompletableFuture<Result> discover(KubernetesClient client, Duration timeout) {
        CompletableFuture<String> version = get(client, "version", timeout)
                .thenApply(r -> r.isSuccessful() ? parseVersion(client, r.body()) : "")
                .exceptionally(t -> "");
        CompletableFuture<Result> apis = get(client, "apis", timeout).thenApply(r -> {
            int code = r.code();
            if (code == 403 || code == 404) {
                return Result.CURRENT;
            }
            if (!r.isSuccessful()) {
                throw new KubernetesClientException("GET /apis answered " + code, code, null);
            }
            return choose(client.getKubernetesSerialization().unmarshal(r.body(), APIGroupList.class), "");
        });
        return apis.thenCombine(version, (a, v) -> new Result(v, a.endpoints(), a.pdbs()));
    }

    /** Picks the API versions from a discovery answer; an answer without the {@code apps} group is not trusted. */
    static Result choose(APIGroupList groups, String serverVersion) {
        Map<String, Set<String>> versions = new HashMap<>();
        if (groups != null && groups.getGroups() != null) {
            for (APIGroup g : groups.getGroups()) {
                Set<String> vs = versions.computeIfAbsent(g.getName(), k -> new HashSet<>());
                if (g.getVersions() != null) {
                    for (GroupVersionForDiscovery gv : g.getVersions()) {
                        vs.add(gv.getVersion());
                    }
                }
            }
        }
        if (!versions.containsKey("apps")) {
            return new Result(serverVersion, EndpointsApi.SLICES_V1, PdbApi.V1);
        }
        Set<String> discovery = versions.getOrDefault("discovery.k8s.io", Set.of());
        EndpointsApi endpoints = discovery.contains("v1") ? EndpointsApi.SLICES_V1
                : discovery.contains("v1beta1") ? EndpointsApi.SLICES_V1BETA1 : EndpointsApi.ENDPOINTS;
        Set<String> policy = versions.getOrDefault("policy", Set.of());
        PdbApi pdbs = policy.contains("v1") ? PdbApi.V1 : policy.contains("v1beta1") ? PdbApi.V1BETA1 : PdbApi.NONE;
        return new Result(serverVersion, endpoints, pdbs);
    }

    /** A GET of {@code path} relative to the API server's URL, on the client's own HTTP stack and credentials. */
    static CompletableFuture<HttpResponse<String>> get(KubernetesClient client, String path, Duration timeout) {
        try {
            HttpClient http = client.getHttpClient();
            String url = URLUtils.join(client.getMasterUrl().toString(), path);
            return http.sendAsync(http.newHttpRequestBuilder().uri(url)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build(), String.class);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String parseVersion(KubernetesClient client, String body) {
        try {
            JsonNode v = client.getKubernetesSerialization().unmarshal(body, JsonNode.class);
            String git = v.path("gitVersion").asText("");
            if (!git.isEmpty()) {
                return git;
            }
            String major = v.path("major").asText("");
            String minor = v.path("minor").asText("");
            return major.isEmpty() ? "" : "v" + major + "." + minor;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
