package io.opsdeck.services.k8s.slim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes quantities ({@code 250m}, {@code 1.5}, {@code 128Mi}, {@code 1G}, {@code 1e3}) as
 * milli-units or plain units, rounded up as the API server does. The common forms (an integer and a
 * suffix) are parsed without allocating; anything else goes through {@link BigDecimal}. A value
 * that cannot be read counts as 0.
 */
public final class Quantities {
    private Quantities() {
    }

    /** CPU and other quantities as milli-units: {@code 250m → 250}, {@code 2 → 2000}. */
    public static long milli(String quantity) {
        return scaled(quantity, 1000);
    }

    /** Memory and other quantities in plain units: {@code 128Mi → 134217728}, {@code 1k → 1000}. */
    public static long units(String quantity) {
        return scaled(quantity, 1);
    }

    private static long scaled(String q, long factor) {
        if (q == null) {
            return 0;
        }
        int n = q.length();
        int end = 0;
        long whole = 0;
        boolean simple = n > 0;
        while (end < n) {
            char c = q.charAt(end);
            if (c < '0' || c > '9') {
                break;
            }
            if (whole > (Long.MAX_VALUE - 9) / 10) {
                simple = false;
                break;
            }
            whole = whole * 10 + (c - '0');
            end++;
        }
        if (end == 0) {
            simple = false;
        }
        if (simple) {
            String suffix = q.substring(end);
            long mul = multiplier(suffix);
            if (mul > 0) {
                return mulOrMax(mulOrMax(whole, mul), factor);
            }
            // milli / micro / nano: divide, rounding up
            long div = divisor(suffix);
            if (div > 0) {
                long v = mulOrMax(whole, factor);
                return v / div + (v % div == 0 ? 0 : 1);
            }
        }
        return viaBigDecimal(q, factor);
    }

    private static long multiplier(String suffix) {
        return switch (suffix) {
            case "" -> 1L;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "P" -> 1_000_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "Pi" -> 1L << 50;
            case "Ei" -> 1L << 60;
            default -> -1L;
        };
    }

    private static long divisor(String suffix) {
        return switch (suffix) {
            case "m" -> 1_000L;
            case "u" -> 1_000_000L;
            case "n" -> 1_000_000_000L;
            default -> -1L;
        };
    }

    private static long viaBigDecimal(String q, long factor) {
        try {
            String s = q.trim();
            int i = s.length();
            while (i > 0 && Character.isLetter(s.charAt(i - 1))) {
                i--;
            }
            String number = s.substring(0, i);
            String suffix = s.substring(i);
            // an exponent form ("1e3", "5E-2") ends in a digit, so its suffix is empty
            BigDecimal value = new BigDecimal(number.isEmpty() ? "0" : number);
            long mul = multiplier(suffix);
            if (mul > 0) {
                value = value.multiply(BigDecimal.valueOf(mul));
            } else if (suffix.equals("E")) {
                value = value.multiply(BigDecimal.TEN.pow(18));
            } else {
                long div = divisor(suffix);
                if (div <= 0) {
                    return 0;
                }
                value = value.divide(BigDecimal.valueOf(div));
            }
            BigDecimal scaled = value.multiply(BigDecimal.valueOf(factor)).setScale(0, RoundingMode.CEILING);
            return scaled.signum() <= 0 ? 0 : scaled.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return 0;
        }
    }

    private static long mulOrMax(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }
}
