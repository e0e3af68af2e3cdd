package io.opsdeck.views.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector as {@code kubectl -l} takes it: {@code app=web,tier!=cache},
 * {@code env in (prod,staging)}, {@code release notin (canary)}, {@code gpu}, {@code !spot}.
 */
record LabelSelector(List<Requirement> requirements) {
    static final LabelSelector ANY = new LabelSelector(List.of());

    enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS }

    record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> v != null && values.contains(v);
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case NOT_EXISTS -> v == null;
            };
        }
    }

    LabelSelector {
        requirements = List.copyOf(requirements);
    }

    boolean isEmpty() {
        return requirements.isEmpty();
    }

    boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a selector; blank means "everything".
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong and where
     */
    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : split(text)) {
            out.add(requirement(part.trim(), text));
        }
        return new LabelSelector(out);
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced ')' in '" + text + "'");
                }
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("missing ')' in '" + text + "'");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Requirement requirement(String part, String whole) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("empty requirement in '" + whole + "'");
        }
        if (part.startsWith("!")) {
            return new Requirement(key(part.substring(1).trim(), part), Op.NOT_EXISTS, Set.of());
        }
        int ne = part.indexOf("!=");
        if (ne >= 0) {
            return new Requirement(key(part.substring(0, ne).trim(), part), Op.NOT_EQUALS,
                    Set.of(value(part.substring(ne + 2).trim(), part)));
        }
        int eq = part.indexOf('=');
        if (eq >= 0) {
            int valueAt = part.startsWith("==", eq) ? eq + 2 : eq + 1;
            return new Requirement(key(part.substring(0, eq).trim(), part), Op.EQUALS,
                    Set.of(value(part.substring(valueAt).trim(), part)));
        }
        String[] words = part.split("\\s+", 2);
        if (words.length == 2) {
            String rest = words[1].trim();
            Op op;
            if (rest.startsWith("notin")) {
                op = Op.NOT_IN;
                rest = rest.substring(5).trim();
            } else if (rest.startsWith("in")) {
                op = Op.IN;
                rest = rest.substring(2).trim();
            } else {
                throw new IllegalArgumentException("expected '=', '!=', 'in' or 'notin' after '" + words[0] + "'");
            }
            if (!rest.startsWith("(") || !rest.endsWith(")")) {
                throw new IllegalArgumentException("'" + part + "' needs its values in parentheses, e.g. env in (a,b)");
            }
            List<String> values = new ArrayList<>();
            for (String v : rest.substring(1, rest.length() - 1).split(",")) {
                values.add(value(v.trim(), part));
            }
            return new Requirement(key(words[0], part), op, Set.copyOf(values));
        }
        return new Requirement(key(part, part), Op.EXISTS, Set.of());
    }

    private static String key(String key, String part) {
        if (key.isEmpty() || !key.matches("[A-Za-z0-9][-A-Za-z0-9_./]*")) {
            throw new IllegalArgumentException("'" + key + "' is not a label key (in '" + part + "')");
        }
        return key;
    }

    private static String value(String value, String part) {
        if (!value.matches("[-A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("'" + value + "' is not a label value (in '" + part + "')");
        }
        return value;
    }
}
