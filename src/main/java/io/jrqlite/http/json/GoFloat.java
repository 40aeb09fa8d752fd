package io.jrqlite.http.json;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;

/**
 * Formats floating-point numbers exactly as Go does.
 *
 * <p>{@link #format(double)} is Go's {@code encoding/json} float64 encoding: the shortest decimal that reads
 * back as the same double, in fixed notation when {@code 1e-6 <= |x| < 1e21} and otherwise in exponent form
 * ({@code 1e-7}, {@code 1e+21}, {@code -2.5e-9}, {@code 5e-324}); whole numbers have no {@code .0};
 * {@code -0.0} is {@code -0}.
 *
 * <p>Go's encoder refuses NaN and ±Inf (the whole response would fail). SQLite can produce ±Inf (e.g.
 * {@code SELECT 1e999}), so jrqlite's rule is: <b>NaN and ±Inf are written as JSON {@code null}</b>;
 * {@link #format(double)} returns the string {@code "null"} for them.
 *
 * <p>{@link #formatG(double)} is {@code strconv.FormatFloat(x, 'g', -1, 64)}, which Go's expvar uses for
 * {@code expvar.Float} (there NaN/Inf print as {@code NaN}, {@code +Inf}, {@code -Inf}).
 *
 * <p>The digits come from Jackson's Schubfach implementation. It follows {@code Double.toString}'s rule of
 * at least two significant digits, which for a few subnormals picks a closer two-digit decimal where a
 * one-digit one also reads back ({@code 4.9E-324} vs Go's {@code 5e-324}); that case is corrected here.
 */
public final class GoFloat {

    private GoFloat() {
    }

    /** Go's JSON encoding of a float64; {@code "null"} for NaN and ±Inf. */
    public static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        double abs = Math.abs(d);
        Decimal dec = Decimal.of(abs);
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (abs < 1e-6 || abs >= 1e21) {
            appendE(sb, dec, 1);
        } else {
            appendF(sb, dec);
        }
        return sb.toString();
    }

    /**
     * {@code strconv.FormatFloat(d, 'g', -1, 64)}: shortest digits, exponent form ({@code 1e+06},
     * {@code 1.5e-05}) when the decimal exponent is below -4 or at least 6.
     */
    public static String formatG(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        double abs = Math.abs(d);
        Decimal dec = Decimal.of(abs);
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        // Go: for the shortest representation the decision uses precision 6.
        int exp = dec.dp - 1;
        if (exp < -4 || exp >= 6) {
            appendE(sb, dec, 2);
        } else {
            appendF(sb, dec);
        }
        return sb.toString();
    }

    private static void appendF(StringBuilder sb, Decimal dec) {
        String digits = dec.digits;
        int nd = digits.length();
        int dp = dec.dp;
        if (dp <= 0) {
            sb.append("0.");
            for (int i = dp; i < 0; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (dp >= nd) {
            sb.append(digits);
            for (int i = nd; i < dp; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, dp).append('.').append(digits, dp, nd);
        }
    }

    /** d[.ddd]e±x with at least minExpDigits exponent digits. */
    private static void appendE(StringBuilder sb, Decimal dec, int minExpDigits) {
        String digits = dec.digits;
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        int exp = dec.dp - 1;
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (minExpDigits == 2 && e < 10) {
            sb.append('0');
        }
        sb.append(e);
    }

    /**
     * A positive decimal 0.d1d2...dn × 10^dp: {@code digits} has no leading or trailing zeros (Go's
     * decimal-point convention).
     */
    private record Decimal(String digits, int dp) {

        static Decimal of(double abs) {
            Decimal dec = parse(DoubleToDecimal.toString(abs));
            if (abs < Double.MIN_NORMAL && dec.digits.length() == 2) {
                dec = preferOneDigit(dec, new BigDecimal(abs), abs);
            }
            return dec;
        }

        /** Parses Java's toString layout ("123.45", "1.0E-7", "4.9E-324") of a positive finite number. */
        static Decimal parse(String s) {
            int ePos = s.indexOf('E');
            int exp10 = 0;
            String mant = s;
            if (ePos >= 0) {
                exp10 = Integer.parseInt(s.substring(ePos + 1));
                mant = s.substring(0, ePos);
            }
            int dot = mant.indexOf('.');
            String intPart = dot < 0 ? mant : mant.substring(0, dot);
            String fracPart = dot < 0 ? "" : mant.substring(dot + 1);
            String all = intPart + fracPart;
            int dp = intPart.length() + exp10;
            int start = 0;
            while (start < all.length() - 1 && all.charAt(start) == '0') {
                start++;
                dp--;
            }
            int end = all.length();
            while (end > start + 1 && all.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(all.substring(start, end), dp);
        }

        /**
         * Java keeps two digits where Go would use one (only possible for subnormals): try the two one-digit
         * neighbours and take the one that reads back, the closer if both do.
         */
        private static Decimal preferOneDigit(Decimal dec, BigDecimal exact, double value) {
            int first = dec.digits.charAt(0) - '0';
            Decimal lo = new Decimal(String.valueOf(first), dec.dp);
            Decimal hi = first == 9 ? new Decimal("1", dec.dp + 1) : new Decimal(String.valueOf(first + 1), dec.dp);
            boolean loOk = readsBack(lo, value);
            boolean hiOk = readsBack(hi, value);
            if (loOk && hiOk) {
                BigDecimal dLo = exact.subtract(lo.toBigDecimal()).abs();
                BigDecimal dHi = hi.toBigDecimal().subtract(exact).abs();
                return dHi.compareTo(dLo) < 0 ? hi : lo;
            }
            if (loOk) {
                return lo;
            }
            if (hiOk) {
                return hi;
            }
            return dec;
        }

        private static boolean readsBack(Decimal d, double value) {
            String s = d.digits + "E" + (d.dp - d.digits.length());
            return Double.parseDouble(s) == value;
        }

        private BigDecimal toBigDecimal() {
            return new BigDecimal(digits).scaleByPowerOfTen(dp - digits.length());
        }
    }
}
