package io.jrqlite.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoFloatTest {

    /** Values and what Go's json.Marshal(float64) prints for them. */
    static Stream<Arguments> goFloat64() {
        return Stream.of(
                Arguments.of(1e23, "1e+23"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(1.0 / 3, "0.3333333333333333"),
                Arguments.of(2.0 / 3, "0.6666666666666666"),
                Arguments.of(100.0, "100"),
                Arguments.of(20.0, "20"),
                Arguments.of(1e20, "100000000000000000000"),
                Arguments.of(1e21, "1e+21"),
                Arguments.of(123456789012345680000.0, "123456789012345680000"),
                Arguments.of(1e-6, "0.000001"),
                Arguments.of(1e-7, "1e-7"),
                Arguments.of(2.5e-9, "2.5e-9"),
                Arguments.of(-2.5e-9, "-2.5e-9"),
                Arguments.of(1e-10, "1e-10"),
                Arguments.of(1.5e300, "1.5e+300"),
                Arguments.of(Double.MIN_VALUE, "5e-324"),
                Arguments.of(2 * Double.MIN_VALUE, "1e-323"),
                Arguments.of(3 * Double.MIN_VALUE, "1.5e-323"),
                Arguments.of(Double.MIN_NORMAL, "2.2250738585072014e-308"),
                Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308"),
                Arguments.of(-0.0, "-0"),
                Arguments.of(0.0, "0"),
                Arguments.of(0.000001234, "0.000001234"),
                Arguments.of(3.14, "3.14"),
                Arguments.of(-3.5, "-3.5"),
                Arguments.of(12345678.9, "12345678.9"),
                Arguments.of(1e7, "10000000"),
                Arguments.of(9007199254740993.0, "9007199254740992"),
                Arguments.of(4.468743327960138e16, "44687433279601380"),
                Arguments.of(5e-7, "5e-7"),
                Arguments.of(123.456e-10, "1.23456e-8"),
                Arguments.of(0.001, "0.001"),
                Arguments.of(Double.NaN, "null"),
                Arguments.of(Double.POSITIVE_INFINITY, "null"),
                Arguments.of(Double.NEGATIVE_INFINITY, "null"));
    }

    @ParameterizedTest
    @MethodSource("goFloat64")
    void formatsLikeGoJson(double value, String expected) {
        assertThat(GoFloat.format(value)).isEqualTo(expected);
        GoJsonWriter w = new GoJsonWriter(false);
        w.value(value);
        assertThat(new String(w.toByteArray())).isEqualTo(expected);
    }

    @Test
    void formatGLikeStrconv() {
        assertThat(GoFloat.formatG(1.5e6)).isEqualTo("1.5e+06");
        assertThat(GoFloat.formatG(1e6)).isEqualTo("1e+06");
        assertThat(GoFloat.formatG(123456.0)).isEqualTo("123456");
        assertThat(GoFloat.formatG(0.0001)).isEqualTo("0.0001");
        assertThat(GoFloat.formatG(0.00001)).isEqualTo("1e-05");
        assertThat(GoFloat.formatG(100.0)).isEqualTo("100");
        assertThat(GoFloat.formatG(0.5)).isEqualTo("0.5");
        assertThat(GoFloat.formatG(1e100)).isEqualTo("1e+100");
        assertThat(GoFloat.formatG(0)).isEqualTo("0");
        assertThat(GoFloat.formatG(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFloat.formatG(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(GoFloat.formatG(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void everyOutputReadsBackExactly() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 200_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            String s = GoFloat.format(d);
            if (Double.parseDouble(s) != d || s.contains("E") || s.contains("e+0") || s.contains("e-0")) {
                fail(d + " formatted as " + s);
            }
        }
    }

    @Test
    void subnormalsUseShortestDigits() {
        // Every one-digit subnormal that Go would print must come out with one digit.
        for (int k = 1; k <= 9; k++) {
            double d = Double.parseDouble(k + "e-324");
            String s = GoFloat.format(d);
            assertThat(Double.parseDouble(s)).isEqualTo(d);
        }
        assertThat(GoFloat.format(Double.parseDouble("4e-323"))).isEqualTo("4e-323");
    }
}
