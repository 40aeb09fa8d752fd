package io.jrqlite.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("-0", 0L),
                Arguments.of("+0", 0L),
                Arguments.of("0s", 0L),
                Arguments.of("5s", 5 * S),
                Arguments.of("+5s", 5 * S),
                Arguments.of("-5s", -5 * S),
                Arguments.of("1478s", 1478 * S),
                Arguments.of("5.0s", 5 * S),
                Arguments.of("5.6s", 5 * S + 600 * MS),
                Arguments.of("5.s", 5 * S),
                Arguments.of(".5s", 500 * MS),
                Arguments.of("1.004s", 1 * S + 4 * MS),
                Arguments.of("100.00100s", 100 * S + 1 * MS),
                Arguments.of("10ns", 10L),
                Arguments.of("11us", 11 * US),
                Arguments.of("12\u00b5s", 12 * US),
                Arguments.of("12\u03bcs", 12 * US),
                Arguments.of("1us", 1 * US),
                Arguments.of("13ms", 13 * MS),
                Arguments.of("300ms", 300 * MS),
                Arguments.of("15m", 15 * M),
                Arguments.of("16h", 16 * H),
                Arguments.of("-1.5h", -(H + 30 * M)),
                Arguments.of("2h45m", 2 * H + 45 * M),
                Arguments.of("3h30m", 3 * H + 30 * M),
                Arguments.of("10.5s4m", 4 * M + 10 * S + 500 * MS),
                Arguments.of("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
                Arguments.of("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6),
                Arguments.of("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
                Arguments.of("0.3333333333333333333h", 20 * M),
                Arguments.of("0.100000000000000000000h", 6 * M),
                Arguments.of("9223372036854775807ns", Long.MAX_VALUE),
                Arguments.of("9223372036854775.807us", Long.MAX_VALUE),
                Arguments.of("9223372036s854ms775us807ns", Long.MAX_VALUE),
                Arguments.of("-9223372036854775808ns", Long.MIN_VALUE),
                Arguments.of("-9223372036854775.808us", Long.MIN_VALUE),
                Arguments.of("-9223372036s854ms775us808ns", Long.MIN_VALUE),
                Arguments.of("120s", 120 * S),
                Arguments.of("0h", 0L),
                Arguments.of("24h", 24 * H));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesGoSyntax(String text, long nanos) {
        assertThat(GoDuration.parseNanos(text)).isEqualTo(nanos);
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "s", ".", "-.", ".s", "+.s", "1d", "1.5d", "3", "1h5", "x1s", "1s ",
            " 1s", "1 s", "1e3s", "--1s", "9223372036854775808ns", "9223372036854775.808us",
            "9223372036s854ms775us808ns", "9223372036854s", "-9223372036854775809ns", "99999999999999999999s", "3000000h"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorMessagesFollowGo() {
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("3")).hasMessage("time: missing unit in duration \"3\"");
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
        assertThatThrownBy(() -> GoDuration.parse("abc")).hasMessage("time: invalid duration \"abc\"");
        assertThatThrownBy(() -> GoDuration.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> formatted() {
        return Stream.of(
                Arguments.of(0L, "0s"),
                Arguments.of(1L, "1ns"),
                Arguments.of(999L, "999ns"),
                Arguments.of(1 * US, "1\u00b5s"),
                Arguments.of(1100L, "1.1\u00b5s"),
                Arguments.of(2200 * US, "2.2ms"),
                Arguments.of(250 * MS, "250ms"),
                Arguments.of(50 * MS, "50ms"),
                Arguments.of(1500 * MS, "1.5s"),
                Arguments.of(3300 * MS, "3.3s"),
                Arguments.of(10 * S, "10s"),
                Arguments.of(2 * M, "2m0s"),
                Arguments.of(120 * S, "2m0s"),
                Arguments.of(4 * M + 5 * S, "4m5s"),
                Arguments.of(4 * M + 5 * S + 1 * MS, "4m5.001s"),
                Arguments.of(H, "1h0m0s"),
                Arguments.of(24 * H, "24h0m0s"),
                Arguments.of(H + 2 * M + 3500 * MS, "1h2m3.5s"),
                Arguments.of(5 * H + 6 * M + 7 * S + 1 * MS, "5h6m7.001s"),
                Arguments.of(8 * M + 1, "8m0.000000001s"),
                Arguments.of(-1L, "-1ns"),
                Arguments.of(-1500 * MS, "-1.5s"),
                Arguments.of(-(H + 30 * M), "-1h30m0s"),
                Arguments.of(Long.MAX_VALUE, "2562047h47m16.854775807s"),
                Arguments.of(Long.MIN_VALUE, "-2562047h47m16.854775808s"));
    }

    @ParameterizedTest
    @MethodSource("formatted")
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
        assertThat(GoDuration.formatNanos(nanos)).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("formatted")
    void formatThenParseIsIdentity(long nanos, String text) {
        assertThat(GoDuration.parseNanos(text)).isEqualTo(nanos);
    }

    @Test
    void formatRejectsDurationsBeyondGoRange() {
        assertThatThrownBy(() -> GoDuration.format(Duration.ofDays(200_000)))
                .isInstanceOf(ArithmeticException.class);
    }
}
