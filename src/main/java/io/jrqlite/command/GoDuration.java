package io.jrqlite.command;

import java.time.Duration;

/**
 * Durations written the way Go writes them ({@code 300ms}, {@code 1h2m3.5s}), because rqlite's flags,
 * query parameters and JSON use Go's {@code time.ParseDuration} and {@code Duration.String()}.
 *
 * <p>The range is Go's: a signed 64-bit count of nanoseconds. Pure and thread-safe.
 */
public final class GoDuration {

    // Go's unit table; both micro signs (U+00B5 and U+03BC) mean microseconds.
    private static final long NANOSECOND = 1L;
    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    /** 2^63 read as an unsigned 64-bit number: the largest magnitude Go accepts (for negative values). */
    private static final long TWO_POW_63 = Long.MIN_VALUE;

    private GoDuration() {
    }

    /**
     * Parses a duration with Go's grammar: an optional sign, then one or more decimal numbers, each with an
     * optional fraction and a unit ({@code ns us µs ms s m h}); {@code "0"} alone needs no unit.
     *
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "x"},
     *                                  {@code time: missing unit in duration "1"}, {@code time: unknown unit ...})
     */
    public static Duration parse(String text) {
        return Duration.ofNanos(parseNanos(text));
    }

    /** As {@link #parse}, giving the count of nanoseconds. */
    public static long parseNanos(String text) {
        if (text == null) {
            throw new IllegalArgumentException("time: invalid duration \"\"");
        }
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        long total = 0; // unsigned
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(text);
            }
            // Integer part.
            int start = i;
            long whole = 0; // unsigned, at most 2^63
            while (i < s.length() && isDigit(s.charAt(i))) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_POW_63, 10)) > 0) {
                    throw invalid(text);
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, TWO_POW_63) > 0) {
                    throw invalid(text);
                }
                i++;
            }
            boolean hasWhole = i != start;
            // Fraction: digits past what fits are ignored, as Go does.
            long fraction = 0;
            double scale = 1;
            boolean hasFraction = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean overflow = false;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    if (!overflow) {
                        if (fraction > (Long.MAX_VALUE) / 10) {
                            overflow = true;
                        } else {
                            long next = fraction * 10 + (s.charAt(i) - '0');
                            if (next < 0) {
                                overflow = true;
                            } else {
                                fraction = next;
                                scale *= 10;
                            }
                        }
                    }
                    i++;
                }
                hasFraction = i != fracStart;
            }
            if (!hasWhole && !hasFraction) {
                throw invalid(text);
            }
            // Unit: everything up to the next digit or dot.
            int unitStart = i;
            while (i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String unitText = s.substring(unitStart, i);
            long unit = unit(unitText);
            if (unit == 0) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unitText) + " in duration " + quote(text));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_POW_63, unit)) > 0) {
                throw invalid(text);
            }
            long value = whole * unit;
            if (fraction > 0) {
                // A double is exact enough here: the fraction of even an hour is below 3.6e12 ns.
                value += (long) (fraction * (unit / scale));
                if (Long.compareUnsigned(value, TWO_POW_63) > 0) {
                    throw invalid(text);
                }
            }
            total += value;
            if (Long.compareUnsigned(total, TWO_POW_63) > 0) {
                throw invalid(text);
            }
        }
        if (negative) {
            return -total; // -(2^63) wraps to Long.MIN_VALUE, which is right
        }
        if (total == TWO_POW_63) {
            throw invalid(text);
        }
        return total;
    }

    /**
     * Formats like Go's {@code Duration.String()}: {@code 1h2m3.5s}, {@code 2m0s}, {@code 1.5s},
     * {@code 250ms}, {@code 1µs}, {@code 0s}.
     *
     * @throws ArithmeticException if the duration does not fit in a signed 64-bit count of nanoseconds
     */
    public static String format(Duration duration) {
        return formatNanos(duration.toNanos());
    }

    /** As {@link #format}, from a count of nanoseconds. */
    public static String formatNanos(long nanos) {
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos; // unsigned magnitude; Long.MIN_VALUE stays 2^63
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u == 0) {
                return "0s";
            }
            // Below a second the largest fitting small unit is used, with a fraction.
            int precision;
            String unit;
            if (u < MICROSECOND) {
                precision = 0;
                unit = "ns";
            } else if (u < MILLISECOND) {
                precision = 3;
                unit = "µs";
            } else {
                precision = 6;
                unit = "ms";
            }
            appendNumberWithFraction(out, u, precision);
            out.append(unit);
        } else {
            long totalSeconds = Long.divideUnsigned(u, SECOND);
            long fractionNanos = Long.remainderUnsigned(u, SECOND);
            long hours = totalSeconds / 3600;
            long minutes = (totalSeconds / 60) % 60;
            long seconds = totalSeconds % 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                out.append(minutes).append('m');
            }
            out.append(seconds);
            appendFraction(out, fractionNanos, 9);
            out.append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    /** Appends {@code value / 10^precision} with its fraction, trailing zeros (and a bare dot) dropped. */
    private static void appendNumberWithFraction(StringBuilder out, long value, int precision) {
        long pow = 1;
        for (int k = 0; k < precision; k++) {
            pow *= 10;
        }
        out.append(value / pow);
        appendFraction(out, value % pow, precision);
    }

    private static void appendFraction(StringBuilder out, long fraction, int digits) {
        if (fraction == 0) {
            return;
        }
        StringBuilder f = new StringBuilder(Long.toString(fraction));
        while (f.length() < digits) {
            f.insert(0, '0');
        }
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') {
            end--;
        }
        out.append('.').append(f, 0, end);
    }

    private static long unit(String unit) {
        switch (unit) {
            case "ns":
                return NANOSECOND;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return MICROSECOND;
            case "ms":
                return MILLISECOND;
            case "s":
                return SECOND;
            case "m":
                return MINUTE;
            case "h":
                return HOUR;
            default:
                return 0;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /** Go's %q for the plain strings durations are made of; control characters are escaped. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
