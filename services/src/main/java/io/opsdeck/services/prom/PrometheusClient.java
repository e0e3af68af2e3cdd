package io.opsdeck.services.prom;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsdeck.services.prom.PrometheusException.Kind;
import io.opsdeck.services.prom.PrometheusTransport.Response;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Prometheus HTTP API ({@code /api/v1}), as spoken by Prometheus, Thanos, Mimir and
 * VictoriaMetrics. Blocking; call it off the FX thread. Every failure is a
 * {@link PrometheusException} whose message names the server and says what to check.
 */
public final class PrometheusClient {
    /** Prometheus refuses range queries that would return more points than this per series. */
    public static final int MAX_POINTS_PER_SERIES = 11_000;
    /** Above this many bytes of encoded parameters the request goes as a POST form, not a GET. */
    static final int MAX_GET_PARAMS_LENGTH = 1500;
    private static final int MAX_ERROR_TEXT = 500;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final PrometheusTransport transport;

    public PrometheusClient(PrometheusTransport transport) {
        this.transport = transport;
    }

    /** The server's base URL, without credentials. */
    public String endpoint() {
        return transport.endpoint();
    }

    /** Evaluates {@code promql} at the server's current time. */
    public QueryResult query(String promql) throws PrometheusException {
        return query(promql, null);
    }

    /** Evaluates {@code promql} at {@code at}, or at the server's current time when {@code at} is null. */
    public QueryResult query(String promql, Instant at) throws PrometheusException {
        Params params = new Params().add("query", promql);
        if (at != null) {
            params.add("time", seconds(at));
        }
        PromJson.Envelope<PromJson.QueryData> e = call("/api/v1/query", params, true, PromJson::queryData);
        return result(e.data(), e.warnings());
    }

    /**
     * An instant query that must give an instant vector; a scalar becomes one sample without labels.
     *
     * @throws PrometheusException of kind {@link Kind#BAD_QUERY} when the query gives a range vector or a string
     */
    public QueryResult.Vector queryVector(String promql) throws PrometheusException {
        QueryResult r = query(promql);
        if (r instanceof QueryResult.Vector v) {
            return v;
        }
        if (r instanceof QueryResult.Scalar s) {
            return new QueryResult.Vector(List.of(new Sample(Map.of(), s.value(), s.at())), s.warnings());
        }
        throw new PrometheusException(Kind.BAD_QUERY, endpoint(), 0, "", "The query sent to Prometheus at "
                + endpoint() + " gives a " + (r instanceof QueryResult.Matrix ? "range vector" : "string")
                + ", not an instant vector", null);
    }

    /**
     * Evaluates {@code promql} from {@code start} to {@code end}. The step is widened where needed so
     * that no series exceeds {@value #MAX_POINTS_PER_SERIES} points (see {@link #rangeStep}).
     */
    public QueryResult.Matrix queryRange(String promql, Instant start, Instant end, Duration step)
            throws PrometheusException {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("The range ends (" + end + ") before it starts (" + start + ")");
        }
        Params params = new Params().add("query", promql).add("start", seconds(start)).add("end", seconds(end))
                .add("step", Long.toString(rangeStep(start, end, step).toSeconds()));
        PromJson.Envelope<PromJson.QueryData> e = call("/api/v1/query_range", params, true, PromJson::queryData);
        QueryResult r = result(e.data(), e.warnings());
        if (r instanceof QueryResult.Matrix m) {
            return m;
        }
        throw notPrometheus("/api/v1/query_range", "a range query answered with something other than a matrix");
    }

    /**
     * The step a range query is sent with: the requested one, but at least 1 s and at least
     * {@code ceil((end - start) / 11,000)} s, in whole seconds.
     */
    public static Duration rangeStep(Instant start, Instant end, Duration requested) {
        long rangeMs = Math.max(0, Duration.between(start, end).toMillis());
        long minimumSeconds = (rangeMs + MAX_POINTS_PER_SERIES * 1000L - 1) / (MAX_POINTS_PER_SERIES * 1000L);
        long requestedSeconds = requested == null ? 1 : (requested.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, Math.max(requestedSeconds, minimumSeconds)));
    }

    /** The label sets of the series matching any of {@code matchers}, between start and end (either may be null). */
    public List<Map<String, String>> series(List<String> matchers, Instant start, Instant end)
            throws PrometheusException {
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("A series lookup needs at least one matcher");
        }
        Params params = new Params();
        matchers.forEach(m -> params.add("match[]", m));
        timeRange(params, start, end);
        JsonNode data = call("/api/v1/series", params, true, PromJson.TREE).data();
        List<Map<String, String>> out = new ArrayList<>();
        if (data != null) {
            data.forEach(n -> out.add(Map.copyOf(PromJson.stringMap(n))));
        }
        return out;
    }

    /** The values the label takes, optionally only on series matching {@code matchers}. */
    public List<String> labelValues(String label, String... matchers) throws PrometheusException {
        if (!LABEL_NAME.matcher(label).matches()) {
            throw new IllegalArgumentException("'" + label + "' is not a valid Prometheus label name");
        }
        Params params = new Params();
        for (String m : matchers) {
            params.add("match[]", m);
        }
        // this endpoint has no POST form
        JsonNode data = call("/api/v1/label/" + label + "/values", params, false, PromJson.TREE).data();
        List<String> out = new ArrayList<>();
        if (data != null) {
            data.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** Firing and pending alerts, as evaluated by this server's rules. */
    public List<PrometheusAlert> alerts() throws PrometheusException {
        JsonNode data = call("/api/v1/alerts", new Params(), false, PromJson.TREE).data();
        List<PrometheusAlert> out = new ArrayList<>();
        if (data != null && data.has("alerts")) {
            for (JsonNode a : data.get("alerts")) {
                out.add(new PrometheusAlert(PromJson.stringMap(a.get("labels")),
                        PromJson.stringMap(a.get("annotations")), PromJson.text(a, "state"),
                        instant(PromJson.text(a, "activeAt")), PromJson.text(a, "value")));
            }
        }
        return out;
    }

    /** The active scrape targets (dropped ones are not fetched: they can be many and say little). */
    public List<ScrapeTarget> targets() throws PrometheusException {
        JsonNode data = call("/api/v1/targets", new Params().add("state", "active"), false, PromJson.TREE).data();
        List<ScrapeTarget> out = new ArrayList<>();
        if (data != null && data.has("activeTargets")) {
            for (JsonNode t : data.get("activeTargets")) {
                out.add(new ScrapeTarget(PromJson.stringMap(t.get("labels")), PromJson.text(t, "scrapePool"),
                        PromJson.text(t, "scrapeUrl"), PromJson.text(t, "health"), PromJson.text(t, "lastError"),
                        instant(PromJson.text(t, "lastScrape"))));
            }
        }
        return out;
    }

    /**
     * The server's version, when it says: Thanos and some VictoriaMetrics versions have no
     * {@code /api/v1/status/buildinfo}, which gives an empty answer rather than an error.
     */
    public Optional<BuildInfo> buildInfo() throws PrometheusException {
        JsonNode data;
        try {
            data = call("/api/v1/status/buildinfo", new Params(), false, PromJson.TREE).data();
        } catch (PrometheusException e) {
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.BAD_RESPONSE || e.kind() == Kind.BAD_QUERY
                    || e.kind() == Kind.QUERY_FAILED) {
                return Optional.empty();
            }
            throw e;
        }
        if (data == null || !data.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new BuildInfo(PromJson.text(data, "version"), PromJson.text(data, "revision"),
                PromJson.text(data, "branch"), PromJson.text(data, "goVersion")));
    }

    private <T> PromJson.Envelope<T> call(String path, Params params, boolean postAllowed,
                                          PromJson.DataReader<T> reader) throws PrometheusException {
        String form = params.encoded();
        Response r = postAllowed && form.length() > MAX_GET_PARAMS_LENGTH
                ? transport.postForm(path, form)
                : transport.get(form.isEmpty() ? path : path + "?" + form);
        if (r.status() == 401 || r.status() == 403) {
            throw new PrometheusException(Kind.UNAUTHORIZED, endpoint(), r.status(), "", "Prometheus at "
                    + endpoint() + " refused the credentials (" + r.status() + "); check the token or password"
                    + " in settings", null);
        }
        if (r.successful()) {
            PromJson.Envelope<T> e;
            try {
                e = PromJson.envelope(r.body(), reader);
            } catch (IOException | RuntimeException ex) {
                throw notPrometheus(path, describe(r) + " (" + ex.getMessage() + ")");
            }
            if (!e.success()) {
                throw apiError(r.status(), e.errorType(), e.error());
            }
            return e;
        }
        if (r.looksLikeJson()) {
            PromJson.Envelope<Void> e = null;
            try {
                e = PromJson.envelope(r.body(), PromJson.SKIP);
            } catch (IOException | RuntimeException ignored) {
                // not the API's error object; fall through to the status
            }
            if (e != null && !(e.error().isEmpty() && e.errorType().isEmpty())) {
                throw apiError(r.status(), e.errorType(), e.error());
            }
        }
        if (r.status() >= 300 && r.status() < 400) {
            throw new PrometheusException(Kind.BAD_RESPONSE, endpoint(), r.status(), "", "Prometheus at " + endpoint()
                    + " answered " + r.status() + " " + HttpStatus.reason(r.status()) + ", a redirect (often to a"
                    + " login page), which is not followed with credentials; use the URL it redirects to, or a"
                    + " token", null);
        }
        if (r.status() == 404) {
            throw new PrometheusException(Kind.NOT_FOUND, endpoint(), 404, "", "Prometheus at " + endpoint()
                    + " has no " + path + " (404 Not Found); check the URL and its path prefix", null);
        }
        throw new PrometheusException(Kind.SERVER_ERROR, endpoint(), r.status(), "", "Prometheus at " + endpoint()
                + " answered " + r.status() + " " + HttpStatus.reason(r.status()) + plainTextHint(r), null);
    }

    private PrometheusException apiError(int status, String errorType, String error) {
        String detail = shorten(error.isEmpty() ? "no reason given" : error)
                + (errorType.isEmpty() ? "" : " (" + errorType + ")");
        String at = "Prometheus at " + endpoint();
        return switch (errorType) {
            case "bad_data" -> new PrometheusException(Kind.BAD_QUERY, endpoint(), status, errorType,
                    at + " rejected the query: " + detail, null);
            case "execution" -> new PrometheusException(Kind.QUERY_FAILED, endpoint(), status, errorType,
                    at + " could not evaluate the query: " + detail, null);
            case "timeout", "canceled" -> new PrometheusException(Kind.QUERY_FAILED, endpoint(), status, errorType,
                    at + " gave up on the query: " + detail, null);
            case "unavailable" -> new PrometheusException(Kind.SERVER_ERROR, endpoint(), status, errorType,
                    at + " is not ready to answer: " + detail, null);
            default -> new PrometheusException(Kind.QUERY_FAILED, endpoint(), status, errorType,
                    at + " answered " + status + ": " + detail, null);
        };
    }

    private PrometheusException notPrometheus(String path, String what) {
        return new PrometheusException(Kind.BAD_RESPONSE, endpoint(), 0, "", "Prometheus at " + endpoint()
                + " answered " + path + " with " + what + ", not the Prometheus API; check the URL and its"
                + " path prefix", null);
    }

    private static String describe(Response r) {
        return r.contentType().isEmpty() ? "a body of unknown type" : r.contentType();
    }

    /** Proxies often explain a 5xx in one line of text ("upstream connect error …"); HTML is never shown. */
    private static String plainTextHint(Response r) {
        String body = r.body().strip();
        if (!r.contentType().toLowerCase(Locale.ROOT).startsWith("text/plain") || body.isEmpty()
                || body.length() > 200 || body.contains("\n")) {
            return "";
        }
        return ": " + body;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_ERROR_TEXT ? s : s.substring(0, MAX_ERROR_TEXT) + "…";
    }

    private QueryResult result(PromJson.QueryData d, List<String> warnings) throws PrometheusException {
        if (d == null) {
            return new QueryResult.Vector(List.of(), warnings);
        }
        return switch (d.resultType()) {
            case "vector" -> new QueryResult.Vector(d.samples(), warnings);
            case "matrix" -> new QueryResult.Matrix(d.series(), warnings);
            case "scalar" -> new QueryResult.Scalar(d.pairValue(), d.pairAt(), warnings);
            case "string" -> new QueryResult.Text(d.pairText(), d.pairAt(), warnings);
            default -> throw notPrometheus("a query", "the unknown result type '" + d.resultType() + "'");
        };
    }

    private static void timeRange(Params params, Instant start, Instant end) {
        if (start != null) {
            params.add("start", seconds(start));
        }
        if (end != null) {
            params.add("end", seconds(end));
        }
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
    }

    /** RFC 3339 as Prometheus writes it; Go's zero time means "never". */
    private static Instant instant(String s) {
        if (s.isEmpty() || s.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Form and query parameters, encoded once, in order, repeatable ({@code match[]}). */
    private static final class Params {
        private final StringBuilder encoded = new StringBuilder();

        Params add(String name, String value) {
            if (encoded.length() > 0) {
                encoded.append('&');
            }
            encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            return this;
        }

        String encoded() {
            return encoded.toString();
        }
    }
}
