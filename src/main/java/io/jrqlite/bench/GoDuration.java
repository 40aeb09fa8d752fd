package io.jrqlite.bench;

import java.time.Duration;

/** Parses and prints durations the way Go's {@code time.ParseDuration} spells them ("60s", "1m30s", "250ms"). */
final class GoDuration {

    private GoDuration() {
    }

    /**
     * Parses a Go duration: a sequence of decimal numbers, each with an optional fraction and a unit
     * ({@code ns us µs ms s m h}). A bare {@code 0} is allowed; a negative duration is not.
     */
    static Duration parse(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        long totalNanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            double number;
            try {
                number = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = unitNanos(s.substring(unitStart, i), text);
            double part = number * unitNanos;
            if (part > Long.MAX_VALUE - totalNanos) {
                throw new IllegalArgumentException("duration \"" + text + "\" is too large");
            }
            totalNanos += (long) part;
        }
        return Duration.ofNanos(totalNanos);
    }

    private static long unitNanos(String unit, String text) {
        switch (unit) {
            case "ns": return 1L;
            case "us": case "µs": case "μs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            case "": throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
            default: throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        }
    }

    /** A short Go-like rendering, e.g. {@code 60s}, {@code 1.5s}, {@code 250ms}. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return trim(nanos / 1e6) + "ms";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
