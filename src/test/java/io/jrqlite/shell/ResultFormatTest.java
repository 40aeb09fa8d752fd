package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultFormatTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    private static final String FOO = "{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
            + "\"values\":[[1,\"fiona\"],[20,\"a,\\\"b\\\"\"],[3,null]]}";

    @Test
    void columnIsARuledTableWithCellsPaddedToTheWidestValue() {
        assertThat(ResultFormat.COLUMN.format(result(FOO))).isEqualTo("""
                +----+-------+
                | id | name  |
                +----+-------+
                | 1  | fiona |
                | 20 | a,"b" |
                | 3  |       |
                +----+-------+
                """);
    }

    @Test
    void columnWithNoRowsShowsOnlyTheHeader() {
        assertThat(ResultFormat.COLUMN.format(result("{\"columns\":[\"name\"],\"types\":[\"text\"]}")))
                .isEqualTo("""
                        +------+
                        | name |
                        +------+
                        """);
    }

    @Test
    void csvQuotesCellsWithCommasAndQuotes() {
        assertThat(ResultFormat.CSV.format(result(FOO))).isEqualTo("id,name\n1,fiona\n20,\"a,\"\"b\"\"\"\n3,\n");
    }

    @Test
    void lineRightAlignsNamesAndSeparatesRows() {
        assertThat(ResultFormat.LINE.format(result(FOO))).isEqualTo("""
                  id = 1
                name = fiona

                  id = 20
                name = a,"b"

                  id = 3
                name =\s
                """);
    }

    @Test
    void jsonPrintsTheResultObjectIndented() {
        String out = ResultFormat.JSON.format(result("{\"columns\":[\"x\"],\"types\":[\"real\"],\"values\":[[1.5]]}"));
        assertThat(out).isEqualTo("{\n  \"columns\" : [ \"x\" ],\n  \"types\" : [ \"real\" ],\n"
                + "  \"values\" : [ [ 1.5 ] ]\n}\n");
    }

    @Test
    void modesAreFoundByNameInAnyCase() {
        assertThat(ResultFormat.of("CSV")).isEqualTo(ResultFormat.CSV);
        assertThat(ResultFormat.of("table")).isNull();
    }

    @Test
    void keyValuesSortKeysAndIndentSections() {
        Object status = Json.parse("{\"store\":{\"raft\":{\"term\":2},\"addr\":\"a\"},\"build\":{\"version\":\"v1\"}}");
        assertThat(KeyValues.format((Map<?, ?>) status)).isEqualTo("""
                build:
                  version: v1
                store:
                  addr: a
                  raft:
                    term: 2
                """);
    }

    @Test
    void smallFloatsShowAllTheirDigitsWithoutExponent() {
        assertThat(Json.cell(Json.parse("1.7774E-5"))).isEqualTo("0.000017774");
    }
}
