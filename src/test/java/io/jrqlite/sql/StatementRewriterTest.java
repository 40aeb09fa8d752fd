package io.jrqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.sql.StatementRewriter.Rewrite;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementRewriterTest {

    private static final Instant NOW = Instant.parse("2026-02-14T10:42:13.288Z");
    /** julianday('2026-02-14 10:42:13.288') in SQLite, printed with 6 decimals. */
    private static final String J = "2461085.945987";
    /** The stub's nextLong with the sign bit cleared. */
    private static final long STUB_LONG = 0xA1B2C3D4E5F60718L;
    private static final String R = Long.toString(STUB_LONG & Long.MAX_VALUE);
    /** nextBytes fills from nextLong little-end first: 18 07 F6 E5 ... */
    private static final String BLOB4 = "x'1807F6E5'";

    private final StatementRewriter rewriter =
        new StatementRewriter(Clock.fixed(NOW, ZoneOffset.UTC), (RandomGenerator) () -> STUB_LONG);

    static Stream<Arguments> rewritten() {
        return Stream.of(
            // RANDOM()
            Arguments.of("INSERT INTO t VALUES (random())", "INSERT INTO t VALUES (" + R + ")"),
            Arguments.of("SELECT RANDOM(), Random() FROM t", "SELECT " + R + ", " + R + " FROM t"),
            Arguments.of("SELECT random ( ) + 1", "SELECT " + R + " + 1"),
            Arguments.of("SELECT random(/* c */)", "SELECT " + R),
            Arguments.of("SELECT abs(random()) % 6", "SELECT abs(" + R + ") % 6"),
            Arguments.of("SELECT random() FROM t WHERE random() > 0 ORDER BY random(), abs(random()) LIMIT random()",
                "SELECT " + R + " FROM t WHERE " + R + " > 0 ORDER BY random(), abs(random()) LIMIT " + R),
            Arguments.of("SELECT * FROM (SELECT a FROM t ORDER BY random()) WHERE b > random()",
                "SELECT * FROM (SELECT a FROM t ORDER BY random()) WHERE b > " + R),
            Arguments.of("SELECT * FROM t WHERE a IN (SELECT a FROM s ORDER BY random() LIMIT 2) AND b < random()",
                "SELECT * FROM t WHERE a IN (SELECT a FROM s ORDER BY random() LIMIT 2) AND b < " + R),
            Arguments.of("SELECT row_number() OVER (ORDER BY random()), random() FROM t",
                "SELECT row_number() OVER (ORDER BY random()), " + R + " FROM t"),
            Arguments.of("SELECT 1 ORDER BY random(); INSERT INTO t VALUES(random())",
                "SELECT 1 ORDER BY random(); INSERT INTO t VALUES(" + R + ")"),
            Arguments.of("INSERT INTO t SELECT a FROM s ORDER BY random() ON CONFLICT(a) DO UPDATE SET b = random()",
                "INSERT INTO t SELECT a FROM s ORDER BY random() ON CONFLICT(a) DO UPDATE SET b = " + R),
            Arguments.of("UPDATE t SET a = random() WHERE 'random()' <> b -- random()",
                "UPDATE t SET a = " + R + " WHERE 'random()' <> b -- random()"),
            // RANDOMBLOB(N)
            Arguments.of("INSERT INTO t VALUES (randomblob(4))", "INSERT INTO t VALUES (" + BLOB4 + ")"),
            Arguments.of("SELECT RandomBlob( 4 )", "SELECT " + BLOB4),
            Arguments.of("SELECT randomblob(0)", "SELECT x'18'"),
            Arguments.of("SELECT randomblob(0x2)", "SELECT x'1807'"),
            Arguments.of("SELECT hex(randomblob(4)) ORDER BY randomblob(4)",
                "SELECT hex(" + BLOB4 + ") ORDER BY randomblob(4)"),
            // 'now' in the time functions
            Arguments.of("SELECT datetime('now')", "SELECT datetime(" + J + ")"),
            Arguments.of("SELECT date('NOW','start of month')", "SELECT date(" + J + ",'start of month')"),
            Arguments.of("SELECT time('now', 'localtime')", "SELECT time(" + J + ", 'localtime')"),
            Arguments.of("SELECT julianday(now)", "SELECT julianday(" + J + ")"),
            Arguments.of("SELECT unixepoch('Now')", "SELECT unixepoch(" + J + ")"),
            Arguments.of("SELECT DATETIME ( 'now' , '+1 day' )", "SELECT DATETIME ( " + J + " , '+1 day' )"),
            Arguments.of("SELECT strftime('%s','now')", "SELECT strftime('%s'," + J + ")"),
            Arguments.of("SELECT strftime('%Y' || '-%m', 'now', 'utc')",
                "SELECT strftime('%Y' || '-%m', " + J + ", 'utc')"),
            Arguments.of("SELECT timediff('now', '2020-01-01')", "SELECT timediff(" + J + ", '2020-01-01')"),
            Arguments.of("SELECT timediff('2020-01-01', 'now')", "SELECT timediff('2020-01-01', " + J + ")"),
            Arguments.of("SELECT timediff(now, 'now')", "SELECT timediff(" + J + ", " + J + ")"),
            Arguments.of("SELECT datetime(julianday('now'), '+1 day')",
                "SELECT datetime(julianday(" + J + "), '+1 day')"),
            Arguments.of("SELECT a FROM t ORDER BY datetime('now')", "SELECT a FROM t ORDER BY datetime(" + J + ")"),
            // Both kinds, in order, more than once.
            Arguments.of("INSERT INTO t VALUES (datetime('now', printf('+%d seconds', random() % 10)), randomblob(4))",
                "INSERT INTO t VALUES (datetime(" + J + ", printf('+%d seconds', " + R + " % 10)), " + BLOB4 + ")"),
            Arguments.of("INSERT INTO a VALUES(date('now'));\nINSERT INTO b VALUES(random());",
                "INSERT INTO a VALUES(date(" + J + "));\nINSERT INTO b VALUES(" + R + ");"),
            // Inside a trigger body the call is rewritten too (rqlite does the same).
            Arguments.of("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (random()); END",
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (" + R + "); END"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rewritten")
    void rewrites(String sql, String expected) {
        Rewrite r = rewriter.rewrite(sql, true, true);
        assertThat(r.sql()).isEqualTo(expected);
        assertThat(r.modified()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "SELECT * FROM t ORDER BY random()",
        "SELECT * FROM t ORDER BY a, RANDOM() DESC LIMIT 5",
        "SELECT * FROM t ORDER BY (SELECT random())",
        "SELECT 'random()', \"random()\", [random()], `random()` -- random()\n/* random() */",
        "SELECT 'a''random()' FROM t",
        "SELECT t.random() FROM t",
        "SELECT main . random() FROM t",
        "SELECT random(1)",
        "SELECT \"random\"()",
        "SELECT randomblob(n) FROM t",
        "SELECT randomblob(4.0)",
        "SELECT randomblob(-1)",
        "SELECT randomblob(4, 5)",
        "SELECT randomblob()",
        "SELECT randomblob(999999999999)",
        "SELECT date()",
        "SELECT datetime()",
        "SELECT CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME",
        "SELECT datetime('2020-01-01', 'now')",
        "SELECT strftime('now')",
        "SELECT strftime('%s', '2020-01-01', 'now')",
        "SELECT date('now ')",
        "SELECT date(now || '')",
        "SELECT date(('now'))",
        "SELECT date(\"now\")",
        "SELECT date('datetime(''now'')')",
        "SELECT x.date('now')",
        "INSERT INTO time(now) VALUES (1)",
        "CREATE TABLE IF NOT EXISTS date(now)",
        "WITH random(x) AS (SELECT 1) SELECT x FROM random",
        "SELECT nowrandom(), random_x()",
        // Odd text passes through unchanged.
        "SELECT random(), 'unterminated",
        "SELECT random(), \"unterminated",
        "SELECT random() # x",
        "SELECT random())",
        "SELECT (random()",
        "SELECT (random(); SELECT 1)",
    })
    void leavesUnchanged(String sql) {
        Rewrite r = rewriter.rewrite(sql, true, true);
        assertThat(r.sql()).isSameAs(sql);
        assertThat(r.modified()).isFalse();
    }

    static Stream<Arguments> flags() {
        String sql = "SELECT random(), randomblob(4), datetime('now')";
        return Stream.of(
            Arguments.of(sql, true, true, "SELECT " + R + ", " + BLOB4 + ", datetime(" + J + ")"),
            Arguments.of(sql, true, false, "SELECT " + R + ", " + BLOB4 + ", datetime('now')"),
            Arguments.of(sql, false, true, "SELECT random(), randomblob(4), datetime(" + J + ")"),
            Arguments.of(sql, false, false, sql));
    }

    @ParameterizedTest(name = "random={1} time={2}")
    @MethodSource("flags")
    void flagsDisableEachKind(String sql, boolean random, boolean time, String expected) {
        Rewrite r = rewriter.rewrite(sql, random, time);
        assertThat(r.sql()).isEqualTo(expected);
        assertThat(r.modified()).isEqualTo(!expected.equals(sql));
    }

    static Stream<Arguments> keywords() {
        return Stream.of(
            Arguments.of("INSERT INTO t VALUES(1) RETURNING *", true, false),
            Arguments.of("INSERT INTO t VALUES(1) returning\n*", true, false),
            Arguments.of("DELETE FROM t RETURNING id", true, false),
            Arguments.of("INSERT INTO t VALUES('returning ')", false, false),
            Arguments.of("INSERT INTO t(returning_x) VALUES(1) -- returning x", false, false),
            Arguments.of("INSERT INTO t(\"returning\") VALUES(1)", false, false),
            Arguments.of("EXPLAIN SELECT 1", false, true),
            Arguments.of("  /* c */ explain query plan select 1", false, true),
            Arguments.of("explain\tselect 1", false, true),
            Arguments.of("SELECT 'explain ' FROM t", false, false),
            Arguments.of("SELECT explain FROM t", false, false),
            Arguments.of("EXPLAIN UPDATE t SET a = 1 RETURNING a", true, true),
            Arguments.of("SELECT 1", false, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("keywords")
    void detectsReturningAndExplain(String sql, boolean returning, boolean explain) {
        for (boolean flag : new boolean[] {true, false}) {
            Rewrite r = rewriter.rewrite(sql, flag, flag);
            assertThat(r.returning()).as("returning").isEqualTo(returning);
            assertThat(r.explain()).as("explain").isEqualTo(explain);
            assertThat(r.sql()).isSameAs(sql);
            assertThat(r.modified()).isFalse();
        }
    }

    @Test
    void rewritesAndDetectsTogether() {
        Rewrite r = rewriter.rewrite("UPDATE t SET a = random() RETURNING a", true, true);
        assertThat(r).isEqualTo(new Rewrite("UPDATE t SET a = " + R + " RETURNING a", true, true, false));
        r = rewriter.rewrite("EXPLAIN SELECT random()", true, true);
        assertThat(r).isEqualTo(new Rewrite("EXPLAIN SELECT " + R, true, false, true));
    }

    @Test
    void statementWithoutCandidatesIsReturnedAsIs() {
        String sql = "INSERT INTO t VALUES (1, 'x')";
        assertThat(rewriter.rewrite(sql, true, true)).isEqualTo(new Rewrite(sql, false, false, false));
        assertThat(rewriter.rewrite(sql, true, true).sql()).isSameAs(sql);
    }

    @Test
    void everyNowInAStringGetsTheSameInstant() {
        Rewrite r = new StatementRewriter().rewrite("SELECT date('now'), time('now'); SELECT julianday(now)",
            true, true);
        Matcher m = Pattern.compile("\\d+\\.\\d{6}").matcher(r.sql());
        Set<String> values = new HashSet<>();
        while (m.find()) {
            values.add(m.group());
        }
        assertThat(values).hasSize(1);
    }

    @Test
    void defaultRewriterDrawsNonNegativeDistinctValuesAndUpperHexBlobs() {
        StatementRewriter real = new StatementRewriter();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String out = real.rewrite("SELECT random()", true, false).sql();
            long v = Long.parseLong(out.substring("SELECT ".length()));
            assertThat(v).isNotNegative();
            seen.add(v);
        }
        assertThat(seen).hasSizeGreaterThan(490);
        assertThat(real.rewrite("SELECT randomblob(16)", true, false).sql()).matches("SELECT x'[0-9A-F]{32}'");
        assertThat(real.rewrite("SELECT datetime('now')", false, true).sql())
            .matches("SELECT datetime\\(24\\d{5}\\.\\d{6}\\)");
    }

    @Test
    void acceptsASecureRandom() {
        StatementRewriter secure = new StatementRewriter(Clock.systemUTC(), new SecureRandom());
        assertThat(secure.rewrite("SELECT randomblob(3)", true, true).sql()).matches("SELECT x'[0-9A-F]{6}'");
    }

    static Stream<Arguments> julianDays() {
        return Stream.of(
            Arguments.of("1970-01-01T00:00:00Z", "2440587.500000"),
            Arguments.of("1969-12-31T12:00:00Z", "2440587.000000"),
            Arguments.of("2000-01-01T12:00:00Z", "2451545.000000"),
            Arguments.of("2026-02-14T10:42:13.288Z", J),
            // 43.2 ms is half a millionth of a day: rounds up.
            Arguments.of("2000-01-01T12:00:00.043200Z", "2451545.000001"),
            Arguments.of("2000-01-01T12:00:00.043199Z", "2451545.000000"),
            Arguments.of("2000-01-01T11:59:59.999999Z", "2451545.000000"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("julianDays")
    void formatsJulianDays(String instant, String expected) {
        assertThat(RewritePass.formatJulianDay(Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void tenMegabyteStatementsAreProcessedInOnePass() {
        String row = "(random(), datetime('now'), 'it''s', randomblob(2)),";
        StringBuilder b = new StringBuilder("INSERT INTO t VALUES ");
        int rows = 0;
        while (b.length() < 10_000_000) {
            b.append(row);
            rows++;
        }
        b.setLength(b.length() - 1);
        b.append(" RETURNING *");
        Rewrite r = rewriter.rewrite(b.toString(), true, true);
        assertThat(r.modified()).isTrue();
        assertThat(r.returning()).isTrue();
        assertThat(r.sql()).doesNotContain("random").doesNotContain("'now'");
        int growthPerRow = R.length() - "random()".length() + J.length() - "'now'".length()
            + "x'1807'".length() - "randomblob(2)".length();
        assertThat(r.sql().length()).isEqualTo(b.length() + rows * growthPerRow);

        String plain = "INSERT INTO t VALUES " + "(1, 'x'),".repeat(1_100_000) + "(1, 'x')";
        assertThat(rewriter.rewrite(plain, true, true).sql()).isSameAs(plain);

        String nested = "SELECT " + "(".repeat(1_000_000) + "random()" + ")".repeat(1_000_000);
        assertThat(rewriter.rewrite(nested, true, true).sql()).contains(R);
    }
}
