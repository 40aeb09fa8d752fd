package io.jrqlite.cli;

/**
 * The parts of Go's {@code strconv} that rqlited's flag values go through, so that jrqlite accepts and rejects
 * exactly the same spellings: integers in base 0 ({@code 0x1f}, {@code 0o17}, {@code 017}, {@code 0b101},
 * {@code 1_000}), Go's boolean words, and {@code %q} quoting for messages.
 *
 * <p>Syntax errors are {@link NumberFormatException}s, out-of-range values {@link ArithmeticException}s.
 */
final class GoStrconv {

    private GoStrconv() {
    }

    /** Go's {@code strconv.ParseBool}. */
    static boolean parseBool(String s) {
        switch (s) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True":
                return true;
            case "0": case "f": case "F": case "FALSE": case "false": case "False":
                return false;
            default:
                throw new NumberFormatException(s);
        }
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}. */
    static long parseInt64(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException(s);
        }
        boolean negative = false;
        String digits = s;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            negative = s.charAt(0) == '-';
            digits = s.substring(1);
        }
        long magnitude = parseUint64(digits); // unsigned
        if (!negative && Long.compareUnsigned(magnitude, Long.MIN_VALUE) >= 0) {
            throw new ArithmeticException(s);
        }
        if (negative && Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
            throw new ArithmeticException(s);
        }
        return negative ? -magnitude : magnitude;
    }

    /** Go's {@code strconv.ParseUint(s, 0, 64)}; the result is an unsigned 64-bit value in a long. */
    static long parseUint64(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException(s);
        }
        int base = 10;
        int i = 0;
        if (s.charAt(0) == '0') {
            char prefix = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
            if (prefix == 'b') {
                base = 2;
                i = 2;
            } else if (prefix == 'o') {
                base = 8;
                i = 2;
            } else if (prefix == 'x') {
                base = 16;
                i = 2;
            } else {
                base = 8;
                i = 1;
            }
        }
        boolean underscores = false;
        long n = 0;
        long cutoff = Long.divideUnsigned(-1L, base) + 1; // first value whose product overflows
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                underscores = true;
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0 || d >= base || c > 'z') {
                throw new NumberFormatException(s);
            }
            if (Long.compareUnsigned(n, cutoff) >= 0) {
                throw new ArithmeticException(s);
            }
            n *= base;
            long next = n + d;
            if (Long.compareUnsigned(next, n) < 0) {
                throw new ArithmeticException(s);
            }
            n = next;
        }
        if (underscores && !underscoresWellPlaced(s)) {
            throw new NumberFormatException(s);
        }
        return n;
    }

    /** Go's {@code strconv.Atoi}: base 10 only, optional sign, no underscores. */
    static long atoi(String s) {
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            i = 1;
        }
        if (i == s.length()) {
            throw new NumberFormatException(s);
        }
        for (int k = i; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                throw new NumberFormatException(s);
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ArithmeticException(s);
        }
    }

    /** Underscores may only separate digits (or follow a base prefix), as Go requires. */
    private static boolean underscoresWellPlaced(String s) {
        char saw = '^'; // ^ start, 0 digit or prefix, _ underscore, ! anything else
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'b' || p == 'o' || p == 'x') {
                i = 2;
                saw = '0';
                hex = p == 'x';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /** Go's {@code %q} (strconv.Quote) for the text of command-line arguments. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case 7: b.append("\\a"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case 11: b.append("\\v"); break;
                default:
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                            || Character.getType(cp) == Character.UNASSIGNED
                            || Character.getType(cp) == Character.SURROGATE) {
                        b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
            }
        }
        return b.append('"').toString();
    }
}
