package io.opsdeck.services.cache;

import io.opsdeck.services.model.ReplicationState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis-compatible server's {@code INFO} answer, parsed once for the Caches view's reader and the
 * flush plan alike: {@code field:value} lines, the keyspace ({@code db0:keys=1,expires=0,…}) and a
 * primary's replicas ({@code slave0:ip=…,port=…,state=…,offset=…,lag=…}).
 *
 * @param fields    every other field as it was sent (trimmed)
 * @param keysPerDb keys per database number; empty when the keyspace section lists none
 */
record RedisInfo(Map<String, String> fields, TreeMap<Integer, Long> keysPerDb,
                 List<ReplicationState.ReplicaLink> replicas) {

    static RedisInfo parse(String info) {
        Map<String, String> f = new HashMap<>();
        TreeMap<Integer, Long> keys = new TreeMap<>();
        List<ReplicationState.ReplicaLink> replicas = new ArrayList<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (key.matches("db\\d{1,9}") && value.startsWith("keys=")) {
                keys.put(Integer.parseInt(key.substring(2)), longOr(subField(value, "keys"), 0));
            } else if (key.startsWith("slave") && value.startsWith("ip=")) {
                replicas.add(new ReplicationState.ReplicaLink(subField(value, "ip"),
                        (int) longOr(subField(value, "port"), -1), subField(value, "state"),
                        longOr(subField(value, "offset"), -1), longOr(subField(value, "lag"), -1)));
            } else {
                f.put(key, value);
            }
        }
        return new RedisInfo(f, keys, replicas);
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    String text(String field) {
        return fields.getOrDefault(field, "");
    }

    /** The field as a number; -1 when absent or not a number. */
    long number(String field) {
        return longOr(fields.get(field), -1);
    }

    /** Keys in every database; -1 when the answer says nothing of the keyspace (not a Redis INFO). */
    long keys() {
        return keysPerDb.isEmpty() && !has("redis_version") ? -1
                : keysPerDb.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code primary}, {@code replica}, or empty when it does not say. */
    String role() {
        return switch (rawRole()) {
            case "master" -> "primary";
            case "slave", "replica" -> "replica";
            default -> "";
        };
    }

    String rawRole() {
        return text("role").toLowerCase(Locale.ROOT);
    }

    /** Hits over reads since the server started; NaN when it had none or does not say. */
    double hitRatio() {
        long hits = number("keyspace_hits");
        long misses = number("keyspace_misses");
        return hits >= 0 && misses >= 0 && hits + misses > 0 ? hits / (double) (hits + misses) : Double.NaN;
    }

    /** {@code b} from {@code a=1,b=2,c=3}; empty when absent. */
    static String subField(String value, String name) {
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return part.substring(eq + 1);
            }
        }
        return "";
    }

    static long longOr(String s, long otherwise) {
        if (s == null || s.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s.trim());
            } catch (NumberFormatException e2) {
                return otherwise;
            }
        }
    }
}
