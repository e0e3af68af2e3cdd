package io.opsdeck.views.caches;

import java.util.Locale;

/**
 * When a hit ratio is a warning or critical, as the user set it in Settings (defaults: warn below
 * 0.90, critical below 0.75).
 */
public record HitRatioThresholds(double warnBelow, double criticalBelow) {
    public static final HitRatioThresholds DEFAULTS = new HitRatioThresholds(0.90, 0.75);

    /** @throws IllegalArgumentException unless 0 ≤ critical ≤ warn ≤ 1 */
    public HitRatioThresholds {
        if (!(criticalBelow >= 0 && criticalBelow <= warnBelow && warnBelow <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "The critical threshold (%.0f%%) must be at or below the warning one (%.0f%%), both within 0–100%%",
                    criticalBelow * 100, warnBelow * 100));
        }
    }

    /** How a hit ratio reads: {@link Level#NONE} for NaN (no traffic). */
    public Level level(double ratio) {
        if (Double.isNaN(ratio)) {
            return Level.NONE;
        }
        return ratio < criticalBelow ? Level.CRITICAL : ratio < warnBelow ? Level.WARNING : Level.OK;
    }

    /** A hit ratio's judgement, with the style classes the tables and cards use. */
    public enum Level {
        OK("health-healthy"), WARNING("health-degraded"), CRITICAL("health-down"), NONE("health-unknown");

        private final String styleClass;

        Level(String styleClass) {
            this.styleClass = styleClass;
        }

        public String styleClass() {
            return styleClass;
        }
    }
}
