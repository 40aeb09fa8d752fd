package io.jrqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementKindTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"SELECT 1", "select * from t", "  \n\tSELECT 1", "/* c */ -- d\nSelect 1",
        "VALUES (1), (2)", "SELECT"})
    void startsWithSelect(String sql) {
        assertThat(StatementKind.startsWithSelect(sql)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", "INSERT INTO t SELECT 1", "WITH a AS (SELECT 1) SELECT * FROM a",
        "SELECTx", "\"SELECT\"", "'SELECT'", "-- SELECT", "EXPLAIN SELECT 1", "(SELECT 1)", ";SELECT 1"})
    void doesNotStartWithSelect(String sql) {
        assertThat(StatementKind.startsWithSelect(sql)).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "   ", ";", " ; ;\n", "-- only a comment", "/* c */ ; -- d", "/* unterminated"})
    void isEmpty(String sql) {
        assertThat(StatementKind.isEmpty(sql)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"SELECT 1", "; x", "'", "''", "[a]", "/* c */ 1"})
    void isNotEmpty(String sql) {
        assertThat(StatementKind.isEmpty(sql)).isFalse();
    }

    static Stream<Arguments> splits() {
        return Stream.of(
            Arguments.of("SELECT 1", List.of("SELECT 1")),
            Arguments.of("SELECT 1;", List.of("SELECT 1")),
            Arguments.of("  SELECT 1 ;  SELECT 2  ", List.of("SELECT 1", "SELECT 2")),
            Arguments.of(";;SELECT 1;;; ;", List.of("SELECT 1")),
            Arguments.of("", List.of()),
            Arguments.of("-- nothing;\n", List.of()),
            Arguments.of("INSERT INTO t VALUES('a;b'); SELECT \"c;d\", [e;f], `g;h` FROM t",
                List.of("INSERT INTO t VALUES('a;b')", "SELECT \"c;d\", [e;f], `g;h` FROM t")),
            Arguments.of("SELECT 1 /* ; */; SELECT 2 -- ;\n; SELECT 3",
                List.of("SELECT 1 /* ; */", "SELECT 2 -- ;", "SELECT 3")),
            Arguments.of("SELECT 1; -- trailing comment", List.of("SELECT 1")),
            Arguments.of("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO a VALUES(1); "
                    + "UPDATE b SET x = 1; END; SELECT 1",
                List.of("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO a VALUES(1); UPDATE b SET x = 1; END",
                    "SELECT 1")),
            Arguments.of("create temp trigger tr before delete on t when old.a > 0 begin "
                    + "select case when old.a = 1 then raise(abort, 'no;') else 1 end; delete from c; end;"
                    + "insert into t values (1)",
                List.of("create temp trigger tr before delete on t when old.a > 0 begin "
                    + "select case when old.a = 1 then raise(abort, 'no;') else 1 end; delete from c; end",
                    "insert into t values (1)")),
            Arguments.of("CREATE TEMPORARY TRIGGER IF NOT EXISTS tr AFTER UPDATE ON t "
                    + "WHEN CASE WHEN new.a THEN 1 END BEGIN SELECT 1; END; SELECT 2",
                List.of("CREATE TEMPORARY TRIGGER IF NOT EXISTS tr AFTER UPDATE ON t "
                    + "WHEN CASE WHEN new.a THEN 1 END BEGIN SELECT 1; END", "SELECT 2")),
            // BEGIN outside a trigger is a transaction, not a body.
            Arguments.of("BEGIN; INSERT INTO t VALUES(1); COMMIT",
                List.of("BEGIN", "INSERT INTO t VALUES(1)", "COMMIT")),
            Arguments.of("CREATE TABLE begin_end(a); SELECT 1", List.of("CREATE TABLE begin_end(a)", "SELECT 1")),
            Arguments.of("SELECT 'unterminated; SELECT 2", List.of("SELECT 'unterminated; SELECT 2")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("splits")
    void splitsOnTopLevelSemicolons(String sql, List<String> expected) {
        assertThat(StatementKind.split(sql)).isEqualTo(expected);
    }

    @Test
    void splitHandlesLargeInput() {
        String sql = "INSERT INTO t VALUES (1, 'a;b');\n".repeat(200_000);
        assertThat(StatementKind.split(sql)).hasSize(200_000).allMatch("INSERT INTO t VALUES (1, 'a;b')"::equals);
    }
}
