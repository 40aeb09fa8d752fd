package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoStrconvTest {

    @ParameterizedTest
    @CsvSource({"0,0", "7,7", "+7,7", "-7,-7", "0x1f,31", "0X1F,31", "0o17,15", "017,15", "0b101,5", "1_000,1000",
            "0x_ff,255", "9223372036854775807,9223372036854775807", "-9223372036854775808,-9223372036854775808"})
    void parsesIntsInBaseZero(String text, long expected) {
        assertThat(GoStrconv.parseInt64(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "abc", "1.5", "08", "0x", "0b2", "1__0", "_1", "1_", " 1", "1e3", "--1",
            "\u0661"})
    void rejectsIntSyntax(String text) {
        assertThatThrownBy(() -> GoStrconv.parseInt64(text)).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999"})
    void rejectsIntRange(String text) {
        assertThatThrownBy(() -> GoStrconv.parseInt64(text)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void parsesUnsigned() {
        assertThat(GoStrconv.parseUint64("18446744073709551615")).isEqualTo(-1L);
        assertThat(GoStrconv.parseUint64("0x10")).isEqualTo(16L);
        assertThatThrownBy(() -> GoStrconv.parseUint64("-1")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> GoStrconv.parseUint64("+1")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> GoStrconv.parseUint64("18446744073709551616"))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void atoiIsDecimalOnly() {
        assertThat(GoStrconv.atoi("4002")).isEqualTo(4002);
        assertThat(GoStrconv.atoi("+1")).isEqualTo(1);
        assertThat(GoStrconv.atoi("-1")).isEqualTo(-1);
        for (String bad : new String[] {"", "x", "0x10", "1_0", "-", " 1"}) {
            assertThatThrownBy(() -> GoStrconv.atoi(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> GoStrconv.atoi("9223372036854775808")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void parsesBoolWords() {
        assertThat(GoStrconv.parseBool("True")).isTrue();
        assertThat(GoStrconv.parseBool("F")).isFalse();
        assertThatThrownBy(() -> GoStrconv.parseBool("yes")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> GoStrconv.parseBool("tRUE")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void quotesLikeGo() {
        assertThat(GoStrconv.quote("abc")).isEqualTo("\"abc\"");
        assertThat(GoStrconv.quote("")).isEqualTo("\"\"");
        assertThat(GoStrconv.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(GoStrconv.quote("a\nb\tc\u0001")).isEqualTo("\"a\\nb\\tc\\x01\"");
        assertThat(GoStrconv.quote("caf\u00e9")).isEqualTo("\"caf\u00e9\"");
    }
}
