package io.opsdeck.services.model;

/** The small text helpers that the sentences Opsdeck shows are built with, wherever they are built. */
public final class Sentences {
    private Sentences() {
    }

    /** {@code s} with its first letter upper-cased: a clause made into the start of a sentence. */
    public static String capitalised(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
