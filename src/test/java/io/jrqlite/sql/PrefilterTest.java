package io.jrqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrefilterTest {

    private static final int R = Prefilter.RANDOM;
    private static final int T = Prefilter.TIME;
    private static final int K = Prefilter.KEYWORD;

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("INSERT INTO t VALUES (1)", 0),
            Arguments.of("SELECT RANDOM()", R),
            Arguments.of("SELECT randomblob(4)", R),
            Arguments.of("SELECT random \t(4)", R),
            Arguments.of("SELECT datetime('now')", T),
            Arguments.of("SELECT strftime('%s')", T),
            Arguments.of("SELECT date()", T),
            Arguments.of("SELECT JulianDay(1), unixepoch(1), timediff(1, 2)", T),
            Arguments.of("SELECT random(), time('now') RETURNING x", R | T | K),
            Arguments.of("explain select 1", K),
            Arguments.of("SELECT 'returning'", K), // the token pass sorts it out
            Arguments.of("SELECT random, date FROM t", 0),
            Arguments.of("SELECT current_timestamp", 0),
            Arguments.of("SELECT randım()", 0));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void findsCandidates(String sql, int expected) {
        assertThat(Prefilter.scan(sql, true, true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void looksOnlyForWhatIsAskedFor(String sql, int expected) {
        assertThat(Prefilter.scan(sql, false, false)).isEqualTo(expected & K);
        assertThat(Prefilter.scan(sql, true, false)).isEqualTo(expected & (K | R));
        assertThat(Prefilter.scan(sql, false, true)).isEqualTo(expected & (K | T));
    }
}
