package io.opsdeck.services.prom;

import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A transport that answers queries by rules on their PromQL, and records what was asked. Stands in
 * for the network where a test is about what the source makes of answers, not about HTTP.
 */
final class ScriptedTransport implements PrometheusTransport {
    static final String URL = "http://prometheus.test:9090";
    static final String NO_ALERTS = "{\"status\":\"success\",\"data\":{\"alerts\":[]}}";

    private final Map<Predicate<String>, Response> rules = new LinkedHashMap<>();
    private final List<String> queries = Collections.synchronizedList(new ArrayList<>());
    private Response alerts = new Response(200, NO_ALERTS, "application/json");
    private PrometheusException failure;

    /** Answers queries containing {@code fragment} with a vector of {@code samples}: {labels-json, value} pairs. */
    ScriptedTransport vector(String fragment, String... samples) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < samples.length; i += 2) {
            b.append(i == 0 ? "" : ",").append("{\"metric\":").append(samples[i])
                    .append(",\"value\":[1700000000,\"").append(samples[i + 1]).append("\"]}");
        }
        return answer(fragment, 200, b.append("]}}").toString());
    }

    ScriptedTransport answer(String fragment, int status, String body) {
        rules.put(q -> q.contains(fragment), new Response(status, body, "application/json"));
        return this;
    }

    ScriptedTransport alerts(String body) {
        alerts = new Response(200, body, "application/json");
        return this;
    }

    /** Every request fails as if the server could not be reached. */
    ScriptedTransport down(PrometheusException e) {
        failure = e;
        return this;
    }

    List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public String endpoint() {
        return URL;
    }

    @Override
    public Response get(String pathAndQuery) throws PrometheusException {
        if (failure != null) {
            throw failure;
        }
        HttpUrl url = HttpUrl.get(URL + pathAndQuery);
        if (url.encodedPath().equals("/api/v1/alerts")) {
            return alerts;
        }
        return query(url.queryParameter("query"));
    }

    @Override
    public Response postForm(String path, String form) throws PrometheusException {
        if (failure != null) {
            throw failure;
        }
        return query(HttpUrl.get(URL + "/?" + form).queryParameter("query"));
    }

    private Response query(String promql) {
        queries.add(promql);
        for (Map.Entry<Predicate<String>, Response> r : rules.entrySet()) {
            if (r.getKey().test(promql)) {
                return r.getValue();
            }
        }
        return new Response(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
                "application/json");
    }
}
