package io.opsdeck.views.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read on screen. Unknown figures read as an em dash, never 0 or NaN. */
public final class Format {
    public static final String UNKNOWN = "—";
    public static final String NO_TRAFFIC = "no traffic";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Format() {
    }

    public static String ratio(double r) {
        if (Double.isNaN(r)) {
            return NO_TRAFFIC;
        }
        return String.format(Locale.ROOT, "%.1f%%", r * 100);
    }

    public static String percent(double r) {
        if (Double.isNaN(r)) {
            return UNKNOWN;
        }
        if (r > 0 && r < 0.001) {
            return "<0.1%";
        }
        return String.format(Locale.ROOT, "%.1f%%", r * 100);
    }

    public static String rate(double perSec) {
        if (Double.isNaN(perSec)) {
            return UNKNOWN;
        }
        if (perSec >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk/s", perSec / 1000);
        }
        if (perSec >= 100) {
            return String.format(Locale.ROOT, "%.0f/s", perSec);
        }
        return String.format(Locale.ROOT, "%.1f/s", perSec);
    }

    public static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return UNKNOWN;
        }
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    public static String bytes(long b) {
        if (b < 0) {
            return UNKNOWN;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String count(long n) {
        return n < 0 ? UNKNOWN : String.format(Locale.ROOT, "%,d", n);
    }

    /** "4 s", "3 min", "2 h 5 min". */
    public static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
    }

    public static String age(Instant from, Instant now) {
        return from == null ? UNKNOWN : age(Duration.between(from, now));
    }

    public static String clock(Instant t) {
        return t == null ? UNKNOWN : CLOCK.format(t);
    }
}
