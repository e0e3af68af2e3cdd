package io.opsdeck.services.prom;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus API's JSON. Query results are read by streaming, straight into primitive
 * arrays; the small answers (alerts, targets, series) go through a tree. Result elements are told
 * apart by shape ({@code value} vs {@code values}), so the order of {@code resultType} and
 * {@code result} in the object does not matter.
 */
final class PromJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private PromJson() {
    }

    interface DataReader<T> {
        /** Reads the value the parser stands on, leaving the parser on its last token. */
        T read(JsonParser p) throws IOException;
    }

    static final DataReader<JsonNode> TREE = p -> MAPPER.readTree(p);
    static final DataReader<Void> SKIP = p -> {
        p.skipChildren();
        return null;
    };

    /** The response envelope: {@code status}, {@code data}, {@code errorType}, {@code error}, {@code warnings}. */
    record Envelope<T>(String status, T data, String errorType, String error, List<String> warnings) {
        boolean success() {
            return "success".equals(status);
        }
    }

    /** What a query's {@code data} held, before the warnings (which come after it) are known. */
    record QueryData(String resultType, List<Sample> samples, List<Series> series, double pairValue,
                     String pairText, Instant pairAt) {
    }

    static <T> Envelope<T> envelope(String body, DataReader<T> reader) throws IOException {
        String status = null;
        String errorType = "";
        String error = "";
        T data = null;
        List<String> warnings = List.of();
        try (JsonParser p = MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "the answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "status" -> status = p.getValueAsString();
                    case "errorType" -> errorType = p.getValueAsString("");
                    case "error" -> error = p.getValueAsString("");
                    case "warnings" -> warnings = strings(p);
                    case "data" -> data = value == JsonToken.VALUE_NULL ? null : reader.read(p);
                    default -> p.skipChildren();
                }
            }
        }
        if (status == null) {
            throw new IOException("the answer has no \"status\" field");
        }
        return new Envelope<>(status, data, errorType, error, warnings);
    }

    static QueryData queryData(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        String type = null;
        ResultReader result = new ResultReader();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("resultType")) {
                type = p.getValueAsString();
            } else if (field.equals("result")) {
                result.read(p);
            } else {
                p.skipChildren();
            }
        }
        if (type == null) {
            throw new IOException("the query result has no resultType");
        }
        return new QueryData(type, result.samples, result.series, result.pairValue, result.pairText, result.pairAt);
    }

    /** Prometheus writes sample values as strings, including {@code NaN}, {@code +Inf} and {@code -Inf}. */
    static double parseValue(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }

    static Map<String, String> stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> m = new HashMap<>();
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.getValueAsString(""));
            p.skipChildren();
        }
        return out;
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.currentToken() != token) {
            throw new JsonParseException(p, "expected " + token + " but found " + p.currentToken());
        }
    }

    private static final class ResultReader {
        final List<Sample> samples = new ArrayList<>();
        final List<Series> series = new ArrayList<>();
        double pairValue = Double.NaN;
        String pairText = "";
        Instant pairAt;
        private long[] ts = new long[64];
        private double[] vs = new double[64];
        private int n;
        private long lastTs;
        private String lastText;

        void read(JsonParser p) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            expect(p, JsonToken.START_ARRAY);
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT && t != JsonToken.END_ARRAY) {
                // scalar or string result: [timestamp, "value"]
                readPairRest(p);
                pairAt = Instant.ofEpochMilli(lastTs);
                pairText = lastText;
                pairValue = parseLenient(lastText);
                return;
            }
            while (t == JsonToken.START_OBJECT) {
                element(p);
                t = p.nextToken();
            }
            expect(p, JsonToken.END_ARRAY);
        }

        private void element(JsonParser p) throws IOException {
            Map<String, String> labels = Map.of();
            boolean single = false;
            boolean range = false;
            double value = Double.NaN;
            long at = 0;
            n = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "metric" -> labels = labels(p);
                    case "value" -> {
                        expect(p, JsonToken.START_ARRAY);
                        p.nextToken();
                        readPairRest(p);
                        single = true;
                        value = parseValue(lastText);
                        at = lastTs;
                    }
                    case "values" -> {
                        expect(p, JsonToken.START_ARRAY);
                        range = true;
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            p.nextToken();
                            readPairRest(p);
                            add(lastTs, parseValue(lastText));
                        }
                    }
                    // native histograms ("histogram", "histograms") have no single value to show
                    default -> p.skipChildren();
                }
            }
            if (range) {
                series.add(new Series(labels, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n)));
            } else {
                samples.add(new Sample(labels, single ? value : Double.NaN, Instant.ofEpochMilli(at)));
            }
        }

        /** Reads {@code ts, "v"]} with the parser on the timestamp; leaves it on the closing bracket. */
        private void readPairRest(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            double seconds = t == JsonToken.VALUE_STRING ? Double.parseDouble(p.getText()) : p.getDoubleValue();
            lastTs = Math.round(seconds * 1000);
            p.nextToken();
            lastText = p.getText();
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new JsonParseException(p, "a sample is not a [timestamp, value] pair");
            }
        }

        private void add(long t, double v) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            n++;
        }

        private static Map<String, String> labels(JsonParser p) throws IOException {
            expect(p, JsonToken.START_OBJECT);
            Map<String, String> m = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, p.getValueAsString(""));
            }
            return m;
        }

        private static double parseLenient(String s) {
            try {
                return parseValue(s);
            } catch (NumberFormatException e) {
                return Double.NaN; // a string result
            }
        }
    }
}
