package io.jrqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.sql.Token.Kind;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTokenizerTest {

    /** Renders the tokens as "KIND:text" joined by " | ", whitespace left out. */
    private static String render(String sql) {
        return SqlTokenizer.tokenize(sql).stream()
            .filter(t -> t.kind() != Kind.WHITESPACE)
            .map(t -> t.kind() + ":" + t.text(sql))
            .collect(Collectors.joining(" | "));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("SELECT a FROM t;", "WORD:SELECT | WORD:a | WORD:FROM | WORD:t | SEMICOLON:;"),
            Arguments.of("'it''s'", "STRING:'it''s'"),
            Arguments.of("''", "STRING:''"),
            Arguments.of("'a' 'b'", "STRING:'a' | STRING:'b'"),
            Arguments.of("\"col \"\"x\"\"\"", "QUOTED_IDENTIFIER:\"col \"\"x\"\"\""),
            Arguments.of("`a``b`", "QUOTED_IDENTIFIER:`a``b`"),
            Arguments.of("[my col]", "QUOTED_IDENTIFIER:[my col]"),
            Arguments.of("x'A1b2' X''", "BLOB:x'A1b2' | BLOB:X''"),
            Arguments.of("x'abc'", "INVALID:x'abc'"),
            Arguments.of("x'zz'", "INVALID:x'zz'"),
            Arguments.of("xray", "WORD:xray"),
            Arguments.of("1 1.5 .5 1e10 1.5E-3 0x1F 1_000", "NUMBER:1 | NUMBER:1.5 | NUMBER:.5 | NUMBER:1e10 | "
                + "NUMBER:1.5E-3 | NUMBER:0x1F | NUMBER:1_000"),
            Arguments.of("12abc", "INVALID:12abc"),
            Arguments.of("1e", "INVALID:1e"),
            Arguments.of("a -- note ; 'x'\nb", "WORD:a | LINE_COMMENT:-- note ; 'x' | WORD:b"),
            Arguments.of("a /* ; 'x */ b", "WORD:a | BLOCK_COMMENT:/* ; 'x */ | WORD:b"),
            Arguments.of("f(a, b.c)", "WORD:f | LEFT_PAREN:( | WORD:a | COMMA:, | WORD:b | DOT:. | WORD:c | "
                + "RIGHT_PAREN:)"),
            Arguments.of("? ?1 :n @n $n", "VARIABLE:? | VARIABLE:?1 | VARIABLE::n | VARIABLE:@n | VARIABLE:$n"),
            Arguments.of("a||b<=c>=d<>e!=f==g<<h>>i->j->>k", "WORD:a | OPERATOR:|| | WORD:b | OPERATOR:<= | WORD:c | "
                + "OPERATOR:>= | WORD:d | OPERATOR:<> | WORD:e | OPERATOR:!= | WORD:f | OPERATOR:== | WORD:g | "
                + "OPERATOR:<< | WORD:h | OPERATOR:>> | WORD:i | OPERATOR:-> | WORD:j | OPERATOR:->> | WORD:k"),
            Arguments.of("-a+b*c/d%e&f|g~h=i<j>k", "OPERATOR:- | WORD:a | OPERATOR:+ | WORD:b | OPERATOR:* | WORD:c | "
                + "OPERATOR:/ | WORD:d | OPERATOR:% | WORD:e | OPERATOR:& | WORD:f | OPERATOR:| | WORD:g | "
                + "OPERATOR:~ | WORD:h | OPERATOR:= | WORD:i | OPERATOR:< | WORD:j | OPERATOR:> | WORD:k"),
            Arguments.of("_a$1 été", "WORD:_a$1 | WORD:été"),
            // Never throws: the bad part becomes one token running to the end.
            Arguments.of("SELECT 'abc", "WORD:SELECT | INVALID:'abc"),
            Arguments.of("SELECT \"abc", "WORD:SELECT | INVALID:\"abc"),
            Arguments.of("SELECT [abc", "WORD:SELECT | INVALID:[abc"),
            Arguments.of("SELECT x'ab", "WORD:SELECT | INVALID:x'ab"),
            Arguments.of("SELECT 1 /* open", "WORD:SELECT | NUMBER:1 | BLOCK_COMMENT:/* open"),
            Arguments.of("SELECT 1 -- end", "WORD:SELECT | NUMBER:1 | LINE_COMMENT:-- end"),
            Arguments.of("a ! b # c", "WORD:a | INVALID:! | WORD:b | INVALID:# | WORD:c"),
            Arguments.of("$ :", "INVALID:$ | INVALID::"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void tokenizes(String sql, String expected) {
        assertThat(render(sql)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "SELECT 'a''b' -- c\n/* d */ [e] \"f\" x'00' 1.5e3;", "'", "\"", "[", "x'",
        "/*", "--", "-", "0x", ".", "'''", "\u0000\uffff", "\ud800"})
    void spansCoverTheInputContiguously(String sql) {
        List<Token> tokens = SqlTokenizer.tokenize(sql);
        int pos = 0;
        for (Token t : tokens) {
            assertThat(t.start()).isEqualTo(pos);
            assertThat(t.end()).isGreaterThan(t.start());
            pos = t.end();
        }
        assertThat(pos).isEqualTo(sql.length());
    }

    @Test
    void nextSignificantSkipsTrivia() {
        String sql = "  /* a */ -- b\n SELECT";
        Token t = new SqlTokenizer(sql).nextSignificant();
        assertThat(t.text(sql)).isEqualTo("SELECT");
        assertThat(new SqlTokenizer(" -- only").nextSignificant()).isNull();
    }

    @Test
    void wordMatchingIgnoresOnlyAsciiCase() {
        String sql = "SeLeCt randım";
        List<Token> tokens = SqlTokenizer.tokenize(sql);
        assertThat(tokens.get(0).isWord(sql, "select")).isTrue();
        assertThat(tokens.get(2).isWord(sql, "random")).isFalse();
    }
}
