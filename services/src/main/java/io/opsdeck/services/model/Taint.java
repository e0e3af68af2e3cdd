package io.opsdeck.services.model;

/** A node taint. {@code value} may be empty. */
public record Taint(String key, String value, String effect) {
    @Override
    public String toString() {
        return key + (value == null || value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}
