package io.jrqlite.http.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.ExecuteResult;
import io.jrqlite.command.Row;
import io.jrqlite.command.Rows;
import io.jrqlite.command.StatementResult;
import io.jrqlite.command.Value;
import io.jrqlite.http.json.ResultsJson.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsJsonTest {

    private static final RenderOptions COMPACT = RenderOptions.DEFAULT;
    private static final RenderOptions ASSOC = new RenderOptions(false, true, false, false);
    private static final RenderOptions TIMINGS = new RenderOptions(false, false, false, true);

    private static String render(BatchResult r, RenderOptions o) {
        return new String(ResultsJson.render(r, o, 0, 0), StandardCharsets.UTF_8);
    }

    private static Value i(long v) {
        return Value.newBuilder().setInteger(v).build();
    }

    private static Value d(double v) {
        return Value.newBuilder().setReal(v).build();
    }

    private static Value t(String v) {
        return Value.newBuilder().setText(ByteString.copyFromUtf8(v)).build();
    }

    private static Value nul() {
        return Value.getDefaultInstance();
    }

    private static Row row(Value... values) {
        return Row.newBuilder().addAllValues(List.of(values)).build();
    }

    private static StatementResult exec(long lastId, long affected) {
        return StatementResult.newBuilder()
                .setExecute(ExecuteResult.newBuilder().setLastInsertId(lastId).setRowsAffected(affected)).build();
    }

    private static StatementResult err(String msg) {
        return StatementResult.newBuilder().setError(msg).build();
    }

    private static StatementResult rows(Rows.Builder r) {
        return StatementResult.newBuilder().setRows(r).build();
    }

    private static BatchResult batch(StatementResult... results) {
        return BatchResult.newBuilder().addAllResults(List.of(results)).build();
    }

    private static Rows.Builder people() {
        return Rows.newBuilder().addColumns("id").addColumns("name").addTypes("integer").addTypes("text")
                .addValues(row(i(1), t("fiona"))).addValues(row(i(2), t("declan")));
    }

    @Test
    void queryRows() {
        assertThat(render(batch(rows(people())), COMPACT)).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                        + "\"values\":[[1,\"fiona\"],[2,\"declan\"]]}]}");
    }

    @Test
    void queryWithoutRowsHasNoValuesKey() {
        Rows.Builder r = Rows.newBuilder().addColumns("id").addColumns("name").addTypes("integer").addTypes("text");
        assertThat(render(batch(rows(r)), COMPACT))
                .isEqualTo("{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"]}]}");
    }

    @Test
    void failedQuery() {
        assertThat(render(batch(rows(Rows.newBuilder().setError("no such table: bar"))), COMPACT))
                .isEqualTo("{\"results\":[{\"error\":\"no such table: bar\"}]}");
    }

    @Test
    void executeResults() {
        assertThat(render(batch(exec(0, 0), exec(1, 1), err("UNIQUE constraint failed: foo.id")), COMPACT))
                .isEqualTo("{\"results\":[{},{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"error\":\"UNIQUE constraint failed: foo.id\"}]}");
    }

    @Test
    void emptyAndRequestLevelError() {
        assertThat(render(BatchResult.getDefaultInstance(), COMPACT)).isEqualTo("{\"results\":[]}");
        assertThat(render(BatchResult.newBuilder().setError("disallowed pragma").build(), COMPACT))
                .isEqualTo("{\"results\":[],\"error\":\"disallowed pragma\"}");
    }

    @Test
    void queuedWriteReply() {
        assertThat(new String(ResultsJson.render(BatchResult.getDefaultInstance(), COMPACT, 0, 1653314298877648934L),
                StandardCharsets.UTF_8)).isEqualTo("{\"results\":[],\"sequence_number\":1653314298877648934}");
        assertThat(new String(ResultsJson.render(BatchResult.getDefaultInstance(),
                new RenderOptions(false, false, false, true), 0.5, 7), StandardCharsets.UTF_8))
                .isEqualTo("{\"results\":[],\"time\":0.5,\"sequence_number\":7}");
        assertThat(new String(ResultsJson.render(BatchResult.getDefaultInstance(), COMPACT, 0, 5),
                StandardCharsets.UTF_8)).isEqualTo("{\"results\":[],\"sequence_number\":5}");
    }

    @Test
    void topLevelFieldOrder() {
        BatchResult r = BatchResult.newBuilder().addResults(exec(1, 1)).setError("e").setRaftIndex(7).build();
        assertThat(new String(ResultsJson.render(r, TIMINGS, 0.00123, 9), StandardCharsets.UTF_8))
                .isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}],\"error\":\"e\","
                        + "\"time\":0.00123,\"sequence_number\":9,\"raft_index\":7}");
        // time only with timings
        assertThat(new String(ResultsJson.render(r, COMPACT, 0.00123, 0), StandardCharsets.UTF_8))
                .isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}],\"error\":\"e\","
                        + "\"raft_index\":7}");
    }

    @Test
    void timingsPerStatement() {
        StatementResult e = StatementResult.newBuilder()
                .setExecute(ExecuteResult.newBuilder().setLastInsertId(1).setRowsAffected(1).setTime(1.5e-7)).build();
        StatementResult q = rows(people().clearValues().setTime(0.000212));
        BatchResult b = batch(e, q);
        assertThat(new String(ResultsJson.render(b, TIMINGS, 0.5, 0), StandardCharsets.UTF_8)).isEqualTo(
                "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1,\"time\":1.5e-7},"
                        + "{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],\"time\":0.000212}],"
                        + "\"time\":0.5}");
        assertThat(render(b, COMPACT)).isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                + "{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"]}]}");
    }

    @Test
    void valueEncodings() {
        Rows.Builder r = Rows.newBuilder();
        for (String c : List.of("i", "r1", "r2", "r3", "b", "t", "bad", "blob", "f", "n", "inf")) {
            r.addColumns(c).addTypes("");
        }
        byte[] dead = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        r.addValues(row(i(-5), d(20.0), d(1e-7), d(1e21), Value.newBuilder().setBoolean(true).build(),
                t("<b>&\"x\"</b>\n"), Value.newBuilder().setText(ByteString.copyFrom(new byte[] {'a', (byte) 0xff}))
                        .build(),
                Value.newBuilder().setBlob(ByteString.copyFrom(dead)).build(),
                Value.newBuilder().setFormatted("2024-01-02T03:04:05Z").build(), nul(),
                d(Double.POSITIVE_INFINITY)));
        String expectedRow = "[-5,20,1e-7,1e+21,true,\"\\u003cb\\u003e\\u0026\\\"x\\\"\\u003c/b\\u003e\\n\","
                + "\"a\\ufffd\",%s,\"2024-01-02T03:04:05Z\",null,null]";
        String json = render(batch(rows(r)), COMPACT);
        assertThat(json).contains("\"values\":[" + expectedRow.formatted("\"3q2+7w==\"") + "]");
        String arr = render(batch(rows(r)), new RenderOptions(false, false, true, false));
        assertThat(arr).contains("\"values\":[" + expectedRow.formatted("[222,173,190,239]") + "]");
    }

    @Test
    void emptyBlob() {
        Rows.Builder r = Rows.newBuilder().addColumns("b").addTypes("blob")
                .addValues(row(Value.newBuilder().setBlob(ByteString.EMPTY).build()));
        assertThat(render(batch(rows(r)), COMPACT)).contains("\"values\":[[\"\"]]");
        assertThat(render(batch(rows(r)), new RenderOptions(false, false, true, false)))
                .contains("\"values\":[[[]]]");
    }

    @Test
    void associativeRowsSortKeys() {
        Rows.Builder r = Rows.newBuilder().addColumns("name").addColumns("id").addColumns("Age")
                .addTypes("text").addTypes("integer").addTypes("int")
                .addValues(row(t("fiona"), i(1), i(20))).addValues(row(t("declan"), i(2), nul()));
        assertThat(render(batch(rows(r)), ASSOC)).isEqualTo(
                "{\"results\":[{\"types\":{\"Age\":\"int\",\"id\":\"integer\",\"name\":\"text\"},"
                        + "\"rows\":[{\"Age\":20,\"id\":1,\"name\":\"fiona\"},{\"Age\":null,\"id\":2,\"name\":\"declan\"}]}]}");
    }

    @Test
    void associativeDuplicateColumnKeepsLastValue() {
        Rows.Builder r = Rows.newBuilder().addColumns("a").addColumns("b").addColumns("a")
                .addTypes("integer").addTypes("text").addTypes("real")
                .addValues(row(i(1), t("x"), d(2.5)));
        assertThat(render(batch(rows(r)), ASSOC)).isEqualTo(
                "{\"results\":[{\"types\":{\"a\":\"real\",\"b\":\"text\"},\"rows\":[{\"a\":2.5,\"b\":\"x\"}]}]}");
    }

    @Test
    void associativeOrderIsBytewiseUtf8() {
        // U+1F600 (4 UTF-8 bytes, a surrogate pair in Java) sorts after U+FF5E in Go
        Rows.Builder r = Rows.newBuilder().addColumns("😀").addColumns("～").addColumns("z")
                .addTypes("").addTypes("").addTypes("").addValues(row(i(1), i(2), i(3)));
        assertThat(render(batch(rows(r)), ASSOC)).contains("\"rows\":[{\"z\":3,\"～\":2,\"😀\":1}]");
    }

    @Test
    void associativeEmptyFailedAndExecute() {
        Rows.Builder empty = Rows.newBuilder().addColumns("id").addTypes("integer");
        assertThat(render(batch(rows(empty)), ASSOC))
                .isEqualTo("{\"results\":[{\"types\":{\"id\":\"integer\"},\"rows\":[]}]}");
        assertThat(render(batch(rows(Rows.newBuilder().setError("no such table: bar"))), ASSOC))
                .isEqualTo("{\"results\":[{\"rows\":[],\"error\":\"no such table: bar\"}]}");
        assertThat(render(batch(exec(1, 1), exec(0, 0), err("boom")), ASSOC)).isEqualTo(
                "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1,\"rows\":null},{\"rows\":null},"
                        + "{\"error\":\"boom\"}]}");
    }

    @Test
    void associativeTimings() {
        Rows.Builder r = Rows.newBuilder().addColumns("id").addTypes("integer").addValues(row(i(1))).setTime(0.25);
        StatementResult e = StatementResult.newBuilder()
                .setExecute(ExecuteResult.newBuilder().setLastInsertId(3).setRowsAffected(1).setTime(2e-5)).build();
        assertThat(new String(ResultsJson.render(batch(e, rows(r)), new RenderOptions(false, true, false, true), 0, 0),
                StandardCharsets.UTF_8)).isEqualTo(
                "{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1,\"time\":0.00002,\"rows\":null},"
                        + "{\"types\":{\"id\":\"integer\"},\"rows\":[{\"id\":1}],\"time\":0.25}]}");
    }

    @Test
    void prettyMatchesGoMarshalIndent() {
        BatchResult b = BatchResult.newBuilder().addResults(rows(people().removeValues(1)))
                .addResults(exec(0, 0)).addResults(exec(2, 1)).setRaftIndex(12).build();
        String json = new String(ResultsJson.render(b, new RenderOptions(true, false, true, false), 0, 0),
                StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("""
                {
                    "results": [
                        {
                            "columns": [
                                "id",
                                "name"
                            ],
                            "types": [
                                "integer",
                                "text"
                            ],
                            "values": [
                                [
                                    1,
                                    "fiona"
                                ]
                            ]
                        },
                        {},
                        {
                            "last_insert_id": 2,
                            "rows_affected": 1
                        }
                    ],
                    "raft_index": 12
                }""");
    }

    @Test
    void prettyAssociativeAndEmpty() {
        Rows.Builder r = Rows.newBuilder().addColumns("b").addColumns("a").addTypes("blob").addTypes("integer")
                .addValues(row(Value.newBuilder().setBlob(ByteString.copyFrom(new byte[] {1, 2})).build(), i(7)));
        String json = new String(ResultsJson.render(batch(rows(r), exec(0, 0)),
                new RenderOptions(true, true, true, false), 0, 0), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("""
                {
                    "results": [
                        {
                            "types": {
                                "a": "integer",
                                "b": "blob"
                            },
                            "rows": [
                                {
                                    "a": 7,
                                    "b": [
                                        1,
                                        2
                                    ]
                                }
                            ]
                        },
                        {
                            "rows": null
                        }
                    ]
                }""");
        assertThat(new String(ResultsJson.render(BatchResult.getDefaultInstance(),
                new RenderOptions(true, false, false, false), 0, 0), StandardCharsets.UTF_8))
                .isEqualTo("{\n    \"results\": []\n}");
    }

    @Test
    void largeResultRendersAndUnsignedRaftIndex() {
        Rows.Builder r = Rows.newBuilder().addColumns("x").addTypes("text");
        String big = "v".repeat(1000);
        for (int k = 0; k < 5000; k++) {
            r.addValues(row(t(big)));
        }
        BatchResult b = BatchResult.newBuilder().addResults(rows(r)).setRaftIndex(-1L).build();
        String json = render(b, COMPACT);
        String prefix = "{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[";
        String suffix = "]}],\"raft_index\":18446744073709551615}";
        assertThat(json.length()).isEqualTo(prefix.length() + 5000 * (big.length() + 4) + 4999 + suffix.length());
        assertThat(json.startsWith(prefix + "[\"" + big + "\"],[")).isTrue();
        assertThat(json.endsWith("[\"" + big + "\"]" + suffix)).isTrue();
    }
}
