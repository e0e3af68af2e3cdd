package io.opsdeck.services.prom;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * One series of a range result, as parallel primitive arrays (a 30-day range at the 11,000-point
 * limit is 11,000 pairs; boxing them would be wasteful). The arrays are the record's own: do not
 * change them. {@code equals} compares labels and contents.
 *
 * @param timestampsMs sample times, milliseconds since the epoch, ascending
 * @param values       sample values; {@code NaN} and infinities as Prometheus says
 */
public record Series(Map<String, String> labels, long[] timestampsMs, double[] values) {
    public Series {
        labels = Map.copyOf(labels);
        if (timestampsMs.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return values.length;
    }

    public Instant at(int i) {
        return Instant.ofEpochMilli(timestampsMs[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && labels.equals(s.labels) && Arrays.equals(timestampsMs, s.timestampsMs)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series[labels=" + labels + ", points=" + values.length + "]";
    }
}
