package io.opsdeck.services.prom;

import java.time.Instant;
import java.util.List;

/**
 * What a PromQL query returned, by its result type. Each carries the response's warnings (for
 * example from a Thanos store that did not answer): the data is complete only when they are empty.
 */
public sealed interface QueryResult {

    List<String> warnings();

    /** Instant vector: one sample per series. */
    record Vector(List<Sample> samples, List<String> warnings) implements QueryResult {
        public Vector {
            samples = List.copyOf(samples);
            warnings = List.copyOf(warnings);
        }
    }

    /** Range vector: the answer of every range query, and of an instant query over a range selector. */
    record Matrix(List<Series> series, List<String> warnings) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
            warnings = List.copyOf(warnings);
        }
    }

    record Scalar(double value, Instant at, List<String> warnings) implements QueryResult {
        public Scalar {
            warnings = List.copyOf(warnings);
        }
    }

    record Text(String value, Instant at, List<String> warnings) implements QueryResult {
        public Text {
            warnings = List.copyOf(warnings);
        }
    }
}
