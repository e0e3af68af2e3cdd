package io.opsdeck.services.sandbox;

import java.util.Locale;

/**
 * Size and seed of a generated sandbox cluster.
 *
 * @param nodes number of nodes (1 to {@value #MAX_NODES})
 * @param pods  number of pods (0 to {@value #MAX_PODS})
 */
public record SandboxSpec(long seed, int nodes, int pods) {
    public static final int MAX_NODES = 20_000;
    public static final int MAX_PODS = 600_000;
    public static final long DEFAULT_SEED = 42;
    public static final SandboxSpec DEFAULT = new SandboxSpec(DEFAULT_SEED, 12, 150);

    public SandboxSpec {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("a sandbox needs 1 to " + MAX_NODES + " nodes, not " + nodes);
        }
        if (pods < 0 || pods > MAX_PODS) {
            throw new IllegalArgumentException("a sandbox holds 0 to " + MAX_PODS + " pods, not " + pods);
        }
    }

    /** Parses {@code NODESxPODS}, e.g. {@code 5000x150000}. */
    public static SandboxSpec parse(String size, long seed) {
        String[] parts = size.trim().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("size must be NODESxPODS, e.g. 5000x150000, not '" + size + "'");
        }
        try {
            return new SandboxSpec(seed, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must be NODESxPODS with whole numbers, e.g. 5000x150000, not '"
                    + size + "'", e);
        }
    }

    @Override
    public String toString() {
        return nodes + "x" + pods + " (seed " + seed + ")";
    }
}
