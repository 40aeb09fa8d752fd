package io.jrqlite.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> sqls(String s) {
        return SqlScript.split(s).stream().map(SqlScript.Piece::sql).toList();
    }

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        assertThat(sqls("SELECT 1; SELECT 2;")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(sqls("SELECT ';' AS \"a;b\", [c;d], `e;f` -- x;y\n; /* ; */ SELECT 'it''s;'"))
                .containsExactly("SELECT ';' AS \"a;b\", [c;d], `e;f` -- x;y", "/* ; */ SELECT 'it''s;'");
        assertThat(sqls("  ;; -- only a comment\n /* and another */ ")).isEmpty();
        assertThat(sqls("SELECT 'unterminated;")).containsExactly("SELECT 'unterminated;");
    }

    @Test
    void triggerBodiesStayWhole() {
        String trigger = "CREATE TEMP TRIGGER t AFTER INSERT ON x WHEN new.a = (CASE WHEN 1 THEN 1 END) BEGIN "
                + "INSERT INTO y VALUES(1); UPDATE y SET a = CASE WHEN a THEN 1 ELSE 2 END; END";
        assertThat(sqls(trigger + "; SELECT 1")).containsExactly(trigger, "SELECT 1");
        assertThat(sqls("EXPLAIN CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT 1; END; SELECT 2"))
                .hasSize(2);
        // BEGIN as a statement is not a trigger body
        assertThat(sqls("BEGIN; INSERT INTO x VALUES(1); COMMIT")).hasSize(3);
    }

    @Test
    void firstKeyword() {
        assertThat(SqlScript.firstKeyword("  /* c */ -- d\n select 1")).isEqualTo("SELECT");
        assertThat(SqlScript.firstKeyword("(SELECT 1)")).isEqualTo("");
        assertThat(SqlScript.firstKeyword("")).isEqualTo("");
    }

    @Test
    void parametersNumberedLikeSqlite() {
        SqlScript.Piece p = SqlScript.split("SELECT ?, :a, @b, $c, :a, ?, ?5, $d::e(f), ':x', \"@y\"").get(0);
        // ? is 1, :a 2 (twice), @b 3, $c 4, the second ? 5, ?5 is that same 5, $d… 6
        assertThat(p.paramNames()).containsExactly("", ":a", "@b", "$c", "", "$d::e(f)");
        assertThat(p.paramCount()).isEqualTo(6);
        assertThat(p.indexOf(":a")).isEqualTo(2);
        assertThat(p.indexOf("$d::e(f)")).isEqualTo(6);
        assertThat(p.indexOf(":nope")).isZero();
        assertThat(SqlScript.split("SELECT ?3").get(0).paramCount()).isEqualTo(3);
        assertThat(SqlScript.split("SELECT 1").get(0).paramCount()).isZero();
    }
}
