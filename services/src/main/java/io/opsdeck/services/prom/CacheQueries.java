package io.opsdeck.services.prom;

import io.opsdeck.services.model.CacheKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PromQL behind each cache figure: one query per figure for every cache node at once, Redis
 * (redis_exporter) and Memcached (memcached_exporter) joined with {@code or}, each aggregated by the
 * configured namespace and pod labels so that results key straight onto pods. Rates are taken over
 * the configured window. Gauges use {@code max}, so a pod scraped by two jobs is not counted twice;
 * rates and key counts use {@code sum}, as they add up over commands and databases.
 */
public final class CacheQueries {

    /** The figures read for every cache node, each with one query. */
    public enum Figure {
        EXPORTER_UP("exporter up"),
        HITS("hits per second"),
        MISSES("misses per second"),
        OPS("operations per second"),
        MEMORY_USED("memory used"),
        MEMORY_MAX("memory limit"),
        EVICTIONS("evictions per second"),
        CLIENTS("connected clients"),
        KEYS("keys");

        private final String label;

        Figure(String label) {
            this.label = label;
        }

        /** The figure in words, for messages. */
        public String label() {
            return label;
        }
    }

    private final String namespaceLabel;
    private final String podLabel;
    private final String window;

    public CacheQueries(String namespaceLabel, String podLabel, Duration window) {
        this.namespaceLabel = namespaceLabel;
        this.podLabel = podLabel;
        this.window = promDuration(window);
    }

    /**
     * The query for one figure of all cache nodes of the given kinds. When {@code namespaces} is not
     * empty the series are narrowed to them, so a Prometheus that watches many clusters does less work.
     */
    public String promql(Figure figure, Set<CacheKind> kinds, Collection<String> namespaces) {
        String ns = namespaceMatcher(namespaces);
        List<String> parts = new ArrayList<>();
        if (kinds.contains(CacheKind.REDIS)) {
            parts.add(redis(figure, ns));
        }
        if (kinds.contains(CacheKind.MEMCACHED)) {
            parts.add(memcached(figure, ns));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("No cache kinds to query");
        }
        return String.join(" or ", parts);
    }

    private String redis(Figure figure, String ns) {
        return switch (figure) {
            case EXPORTER_UP -> max(select("redis_up", ns));
            case HITS -> sumRate(select("redis_keyspace_hits_total", ns));
            case MISSES -> sumRate(select("redis_keyspace_misses_total", ns));
            case OPS -> sumRate(select("redis_commands_processed_total", ns));
            case MEMORY_USED -> max(select("redis_memory_used_bytes", ns));
            case MEMORY_MAX -> max(select("redis_memory_max_bytes", ns));
            case EVICTIONS -> sumRate(select("redis_evicted_keys_total", ns));
            case CLIENTS -> max(select("redis_connected_clients", ns));
            case KEYS -> sum(select("redis_db_keys", ns));
        };
    }

    private String memcached(Figure figure, String ns) {
        return switch (figure) {
            case EXPORTER_UP -> max(select("memcached_up", ns));
            case HITS -> sumRate(select("memcached_commands_total", "command=\"get\"", "status=\"hit\"", ns));
            case MISSES -> sumRate(select("memcached_commands_total", "command=\"get\"", "status=\"miss\"", ns));
            case OPS -> sumRate(select("memcached_commands_total", ns));
            case MEMORY_USED -> max(select("memcached_current_bytes", ns));
            case MEMORY_MAX -> max(select("memcached_limit_bytes", ns));
            case EVICTIONS -> sumRate(select("memcached_items_evicted_total", ns));
            case CLIENTS -> max(select("memcached_current_connections", ns));
            case KEYS -> max(select("memcached_current_items", ns));
        };
    }

    /** The exporter whose series a kind's figures come from, for messages. */
    static String exporter(CacheKind kind) {
        return kind == CacheKind.REDIS ? "redis_exporter" : "memcached_exporter";
    }

    static String upMetric(CacheKind kind) {
        return kind == CacheKind.REDIS ? "redis_up" : "memcached_up";
    }

    /** A duration as PromQL writes it: {@code 5m}, {@code 90s}, {@code 1h}. */
    static String promDuration(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            throw new IllegalArgumentException("A PromQL duration must be at least 1 s, not " + d);
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private String by() {
        return "by (" + namespaceLabel + ", " + podLabel + ")";
    }

    private String sumRate(String selector) {
        return "sum " + by() + " (rate(" + selector + "[" + window + "]))";
    }

    private String sum(String selector) {
        return "sum " + by() + " (" + selector + ")";
    }

    private String max(String selector) {
        return "max " + by() + " (" + selector + ")";
    }

    private static String select(String metric, String... matchers) {
        List<String> m = new ArrayList<>();
        for (String s : matchers) {
            if (!s.isEmpty()) {
                m.add(s);
            }
        }
        return m.isEmpty() ? metric : metric + "{" + String.join(",", m) + "}";
    }

    private String namespaceMatcher(Collection<String> namespaces) {
        Set<String> sorted = new TreeSet<>(namespaces);
        if (sorted.isEmpty()) {
            return "";
        }
        if (sorted.size() == 1) {
            return namespaceLabel + "=" + PromQL.string(sorted.iterator().next());
        }
        List<String> alternatives = new ArrayList<>();
        sorted.forEach(ns -> alternatives.add(PromQL.regexLiteral(ns)));
        return namespaceLabel + "=~" + PromQL.string(String.join("|", alternatives));
    }
}
