package io.opsdeck.services.prom;

import io.opsdeck.services.prom.PrometheusException.Kind;

/**
 * How much of one answer Opsdeck reads from Prometheus, however it is reached. A Service named
 * {@code prometheus} can be stood up by anyone with a namespace, so an answer is read against this
 * cap and dropped with a sentence, never buffered whole: an endless body costs at most this much heap.
 * 64 MiB is far above what Opsdeck's queries bring back (one figure for all cache pods, an hour of
 * a cluster's nodes at 15 s steps: a few MiB at 150,000 pods).
 */
public final class BodyLimit {
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private BodyLimit() {
    }

    /** The sentence for an answer over {@code maxBytes}; {@code declared} is its Content-Length, or -1. */
    public static PrometheusException tooLarge(String endpoint, long maxBytes, long declared) {
        return new PrometheusException(Kind.TOO_LARGE, endpoint, "The answer from " + endpoint + " was larger than "
                + size(maxBytes) + (declared > maxBytes ? " (it declared " + size(declared) + ")" : "")
                + ", so Opsdeck stopped reading it; check that this address is really Prometheus", null);
    }

    /** {@code 64 MiB}, {@code 512 KiB}, {@code 300 bytes}. */
    public static String size(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1024) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
