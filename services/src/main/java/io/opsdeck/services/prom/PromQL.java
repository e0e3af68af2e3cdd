package io.opsdeck.services.prom;

/** Quoting for values spliced into PromQL. */
final class PromQL {
    private static final String REGEX_META = "\\.+*?()|[]{}^$";

    private PromQL() {
    }

    /** A double-quoted PromQL string literal. */
    static String string(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A regular expression (RE2) matching exactly {@code value}. */
    static String regexLiteral(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (REGEX_META.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
