package io.jrqlite.db;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The datetime quirk of rqlite's SQLite driver: values in columns declared {@code date}, {@code datetime}
 * or {@code timestamp} come back as RFC 3339 strings in UTC, with fractional seconds only when present.
 */
final class DateTimes {

    /** What an unparsable date becomes (Go's zero time). */
    static final String ZERO = "0001-01-01T00:00:00Z";

    private DateTimes() {
    }

    /** An INTEGER: Unix seconds, or milliseconds when its magnitude is above 10^12. */
    static String fromInteger(long v) {
        Instant t = (v > 1_000_000_000_000L || v < -1_000_000_000_000L)
                ? Instant.ofEpochMilli(v)
                : Instant.ofEpochSecond(v);
        return format(t);
    }

    /**
     * TEXT in one of SQLite's usual layouts, after dropping one trailing {@code Z}:
     * {@code YYYY-MM-DD}, {@code YYYY-MM-DD[ T]HH:MM}, or {@code YYYY-MM-DD[ T]HH:MM:SS[.fff][±HH:MM]};
     * anything else gives {@link #ZERO}.
     */
    static String fromText(String text) {
        Instant t = parse(text);
        return t == null ? ZERO : format(t);
    }

    static Instant parse(String text) {
        String s = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        Cursor c = new Cursor(s);
        int year = c.digits(4, 4);
        if (year < 0 || !c.take('-')) {
            return null;
        }
        int month = c.digits(2, 2);
        if (month < 0 || !c.take('-')) {
            return null;
        }
        int day = c.digits(2, 2);
        if (day < 0) {
            return null;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        int offsetSeconds = 0;
        if (!c.atEnd()) {
            if (!c.take(' ') && !c.take('T')) {
                return null;
            }
            hour = c.digits(1, 2);
            if (hour < 0 || !c.take(':')) {
                return null;
            }
            minute = c.digits(2, 2);
            if (minute < 0) {
                return null;
            }
            if (!c.atEnd()) {
                if (!c.take(':')) {
                    return null;
                }
                second = c.digits(2, 2);
                if (second < 0) {
                    return null;
                }
                if ((c.peek() == '.' || c.peek() == ',') && isDigit(c.peekAt(1))) {
                    c.pos++;
                    nanos = c.fraction();
                }
                if (!c.atEnd()) {
                    int sign = c.peek();
                    if (sign != '+' && sign != '-') {
                        return null;
                    }
                    c.pos++;
                    int oh = c.digits(2, 2);
                    if (oh < 0 || !c.take(':')) {
                        return null;
                    }
                    int om = c.digits(2, 2);
                    if (om < 0 || !c.atEnd() || oh > 24 || om > 60) {
                        return null;
                    }
                    offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.UTC)
                    .minusSeconds(offsetSeconds);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** RFC 3339 in UTC with trailing zeros of the fraction removed: {@code 2024-01-02T03:04:05.5Z}. */
    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(30);
        int year = d.getYear();
        if (year < 0) {
            sb.append('-');
            year = -year;
        }
        pad(sb, year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nanos = d.getNano();
        if (nanos != 0) {
            StringBuilder f = new StringBuilder(9);
            pad(f, nanos, 9);
            int end = 9;
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static final class Cursor {
        private final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        int peek() {
            return peekAt(0);
        }

        int peekAt(int k) {
            return pos + k < s.length() ? s.charAt(pos + k) : -1;
        }

        boolean take(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        /** Between min and max decimal digits as a number, or -1. */
        int digits(int min, int max) {
            int v = 0;
            int n = 0;
            while (n < max && isDigit(peek())) {
                v = v * 10 + (s.charAt(pos) - '0');
                pos++;
                n++;
            }
            return n >= min ? v : -1;
        }

        /** Fractional-second digits (any number, kept to nanoseconds). */
        int fraction() {
            int v = 0;
            int n = 0;
            while (isDigit(peek())) {
                if (n < 9) {
                    v = v * 10 + (s.charAt(pos) - '0');
                    n++;
                }
                pos++;
            }
            for (; n < 9; n++) {
                v *= 10;
            }
            return v;
        }
    }
}
