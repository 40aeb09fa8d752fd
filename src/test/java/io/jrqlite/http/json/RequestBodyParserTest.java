package io.jrqlite.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jrqlite.command.Parameter;
import io.jrqlite.command.Statement;
import io.jrqlite.command.Value;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestBodyParserTest {

    private static List<Statement> parse(String body) throws RequestParseException {
        return RequestBodyParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Value param(String body) throws RequestParseException {
        List<Statement> s = parse(body);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).getParametersCount()).isEqualTo(1);
        return s.get(0).getParameters(0).getValue();
    }

    private static Value integer(long v) {
        return Value.newBuilder().setInteger(v).build();
    }

    private static Value real(double v) {
        return Value.newBuilder().setReal(v).build();
    }

    private static Value text(String v) {
        return Value.newBuilder().setText(ByteString.copyFromUtf8(v)).build();
    }

    private static Value blob(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Value.newBuilder().setBlob(ByteString.copyFrom(b)).build();
    }

    @Test
    void simpleStrings() throws Exception {
        List<Statement> s = parse("[\"CREATE TABLE foo (id INTEGER)\", \"INSERT INTO foo VALUES(1)\"]");
        assertThat(s).extracting(Statement::getSql)
                .containsExactly("CREATE TABLE foo (id INTEGER)", "INSERT INTO foo VALUES(1)");
        assertThat(s.get(0).getParametersCount()).isZero();
    }

    @Test
    void positionalParameters() throws Exception {
        List<Statement> s = parse("[[\"INSERT INTO foo(name, age) VALUES(?, ?)\", \"fiona\", 20]]");
        assertThat(s).hasSize(1);
        assertThat(s.get(0).getSql()).isEqualTo("INSERT INTO foo(name, age) VALUES(?, ?)");
        assertThat(s.get(0).getParametersList()).containsExactly(
                Parameter.newBuilder().setValue(text("fiona")).build(),
                Parameter.newBuilder().setValue(integer(20)).build());
    }

    @Test
    void namedParametersKeepKeyAsGiven() throws Exception {
        List<Statement> s = parse("[[\"INSERT INTO foo(name, age) VALUES(:name, :age)\", "
                + "{\"name\": \"fiona\", \"age\": 20, \":raw\": null}]]");
        assertThat(s.get(0).getParametersList()).containsExactly(
                Parameter.newBuilder().setName("name").setValue(text("fiona")).build(),
                Parameter.newBuilder().setName("age").setValue(integer(20)).build(),
                Parameter.newBuilder().setName(":raw").setValue(Value.getDefaultInstance()).build());
    }

    @Test
    void duplicateNamedKeyLastWins() throws Exception {
        List<Statement> s = parse("[[\"SELECT :a\", {\"a\": 1, \"a\": 2}]]");
        assertThat(s.get(0).getParametersList())
                .containsExactly(Parameter.newBuilder().setName("a").setValue(integer(2)).build());
    }

    @Test
    void mixedFormsAndMixedParameters() throws Exception {
        List<Statement> s = parse("[\"SELECT 1\", [\"SELECT ?, :b\", 7, {\"b\": \"x\"}], [\"SELECT 2\"]]");
        assertThat(s).extracting(Statement::getSql).containsExactly("SELECT 1", "SELECT ?, :b", "SELECT 2");
        assertThat(s.get(1).getParametersList()).containsExactly(
                Parameter.newBuilder().setValue(integer(7)).build(),
                Parameter.newBuilder().setName("b").setValue(text("x")).build());
        assertThat(s.get(2).getParametersCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "-0|0", "42|42", "-7|-7",
        "9223372036854775807|9223372036854775807", "-9223372036854775808|-9223372036854775808",
        "123456789012345678|123456789012345678"})
    void integers(String json, long expected) throws Exception {
        assertThat(param("[[\"q\", " + json + "]]")).isEqualTo(integer(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1.0", "1e3|1000.0", "1E3|1000.0", "-2.5|-2.5", "0.1|0.1", "1e-400|0.0",
        "9223372036854775808|9.223372036854775808E18", "-9223372036854775809|-9.223372036854775809E18",
        "123456789012345678901234567890|1.2345678901234568E29"})
    void reals(String json, double expected) throws Exception {
        assertThat(param("[[\"q\", " + json + "]]")).isEqualTo(real(expected));
    }

    @Test
    void numberBeyondFloat64() {
        assertThatThrownBy(() -> parse("[[\"q\", 1e400]]")).hasMessage("invalid number 1e400");
    }

    @Test
    void stringsAndHexBlobs() throws Exception {
        assertThat(param("[[\"q\", \"hello\"]]")).isEqualTo(text("hello"));
        assertThat(param("[[\"q\", \"héllo 😀\"]]")).isEqualTo(text("héllo 😀"));
        assertThat(param("[[\"q\", \"\"]]")).isEqualTo(text(""));
        assertThat(param("[[\"q\", \"x'DEADbeef'\"]]")).isEqualTo(blob(0xde, 0xad, 0xbe, 0xef));
        assertThat(param("[[\"q\", \"  X'00ff'\\n\"]]")).isEqualTo(blob(0x00, 0xff));
        assertThat(param("[[\"q\", \"x''\"]]")).isEqualTo(blob());
        assertThat(param("[[\"q\", \"x'abc'\"]]")).isEqualTo(text("x'abc'"));
        assertThat(param("[[\"q\", \"x'zz'\"]]")).isEqualTo(text("x'zz'"));
        assertThat(param("[[\"q\", \"y'00'\"]]")).isEqualTo(text("y'00'"));
        assertThat(param("[[\"q\", \"x'00\"]]")).isEqualTo(text("x'00"));
        // an escaped lone surrogate becomes U+FFFD, as Go's decoder does
        assertThat(param("[[\"q\", \"a\\ud800b\"]]")).isEqualTo(text("a\uFFFDb"));
    }

    @Test
    void invalidUtf8InStringsBecomesReplacementCharacters() throws Exception {
        byte[] body = {'[', '[', '"', 'S', '"', ',', '"', 'a', (byte) 0xff, (byte) 0xe2, (byte) 0x82, 'b', '"',
            ']', ']'};
        List<Statement> s = RequestBodyParser.parse(body);
        assertThat(s.get(0).getParameters(0).getValue()).isEqualTo(text("a\uFFFD\uFFFD\uFFFDb"));
        byte[] sql = {'[', '"', 'S', (byte) 0xc0, '"', ']'};
        assertThat(RequestBodyParser.parse(sql).get(0).getSql()).isEqualTo("S\uFFFD");
        byte[] valid = "[\"héllo 😀\"]".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodyParser.replaceInvalidUtf8(valid)).isSameAs(valid);
        assertThatThrownBy(() -> RequestBodyParser.parse(new byte[] {'[', (byte) 0xff, ']'}))
                .hasMessage("invalid JSON body");
    }

    @Test
    void byteOrderMarkAndUtf16AreNotJson() {
        for (byte[] body : new byte[][] {"\uFEFF[\"SELECT 1\"]".getBytes(StandardCharsets.UTF_8),
                "[\"SELECT 1\"]".getBytes(StandardCharsets.UTF_16LE),
                "[\"SELECT 1\"]".getBytes(StandardCharsets.UTF_16BE),
                "[\"SELECT 1\"]".getBytes(StandardCharsets.UTF_16)}) {
            assertThatThrownBy(() -> RequestBodyParser.parse(body)).hasMessage("invalid JSON body");
        }
    }

    @Test
    void byteArrays() throws Exception {
        assertThat(param("[[\"q\", [222, 173, 190, 239]]]")).isEqualTo(blob(0xde, 0xad, 0xbe, 0xef));
        assertThat(param("[[\"q\", [0, 255]]]")).isEqualTo(blob(0, 255));
        assertThat(param("[[\"q\", []]]")).isEqualTo(blob());
        assertThat(param("[[\"q\", {\"b\": [1, 2]}]]")).isEqualTo(blob(1, 2));
    }

    @Test
    void booleansBindAsIntegersAndNullHasNoKind() throws Exception {
        assertThat(param("[[\"q\", true]]")).isEqualTo(integer(1));
        assertThat(param("[[\"q\", false]]")).isEqualTo(integer(0));
        Value n = param("[[\"q\", null]]");
        assertThat(n.getKindCase()).isEqualTo(Value.KindCase.KIND_NOT_SET);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[[\"q\", {\"a\": {\"b\": 1}}]]|unsupported type map[string]interface {}",
        "[[\"q\", [{\"b\": 1}]]]|unsupported type map[string]interface {}",
        "[[\"q\", [256]]]|unsupported type 256",
        "[[\"q\", [-1]]]|unsupported type -1",
        "[[\"q\", [1.5]]]|unsupported type 1.5",
        "[[\"q\", [1, \"a\"]]]|unsupported type string",
        "[[\"q\", [true]]]|unsupported type bool",
        "[[\"q\", [null]]]|unsupported type <nil>",
        "[[\"q\", [[1]]]]|unsupported type []interface {}",
        "[[\"q\", [99999999999999999999]]]|unsupported type 99999999999999999999",
        "[[\"q\", {\"a\": [300]}]]|unsupported type 300"})
    void unsupportedTypes(String body, String message) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(RequestParseException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|invalid JSON body",
        "'   '|invalid JSON body",
        "[|invalid JSON body",
        "[\"a\"|invalid JSON body",
        "[\"a\",]|invalid JSON body",
        "[\"a\" \"b\"]|invalid JSON body",
        "nonsense|invalid JSON body",
        "[\"unterminated]|invalid JSON body",
        "[[\"q\", 1|invalid JSON body",
        "{}|invalid request",
        "{\"a\": 1}|invalid request",
        "\"SELECT 1\"|invalid request",
        "42|invalid request",
        "null|invalid request",
        "[1]|invalid request",
        "[null]|invalid request",
        "[true]|invalid request",
        "[{\"sql\": \"SELECT 1\"}]|invalid request",
        "[\"SELECT 1\", 5]|invalid request",
        "[[]]|invalid request",
        "[[1, 2]]|invalid request",
        "[[null]]|invalid request",
        "[[{\"a\": 1}]]|invalid request",
        "[]|no statements",
        "  [ ]  |no statements"})
    void errors(String body, String message) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(RequestParseException.class).hasMessage(message);
    }

    @Test
    void errorOrderFollowsRqlite() {
        // the first bad element wins over a later syntax error
        assertThatThrownBy(() -> parse("[1, !!!")).hasMessage("invalid request");
        // inside a parameterized element the whole array is read first: a syntax error wins over a type error
        assertThatThrownBy(() -> parse("[[\"q\", [300], !!!]]")).hasMessage("invalid JSON body");
        assertThatThrownBy(() -> parse("[[1, !!!]]")).hasMessage("invalid JSON body");
        // ...and its own errors come before anything later in the body
        assertThatThrownBy(() -> parse("[[\"q\", [300]], !!!")).hasMessage("unsupported type 300");
        assertThatThrownBy(() -> parse("[[\"q\", [300], [\"x\"]]]")).hasMessage("unsupported type 300");
    }

    @Test
    void nullBodyIsInvalidJson() {
        assertThatThrownBy(() -> RequestBodyParser.parse((byte[]) null)).hasMessage("invalid JSON body");
    }

    @Test
    void trailingBytesAfterTheArrayAreIgnored() throws Exception {
        assertThat(parse("[\"SELECT 1\"]garbage{{{")).extracting(Statement::getSql).containsExactly("SELECT 1");
        assertThat(parse("[\"SELECT 1\"] [\"SELECT 2\"]")).hasSize(1);
    }

    @Test
    void emptySqlIsSkipped() throws Exception {
        assertThat(parse("[\"\"]")).isEmpty();
        assertThat(parse("[\"\", \"SELECT 1\", [\"\", 1]]")).extracting(Statement::getSql)
                .containsExactly("SELECT 1");
    }

    @Test
    void inputStream() throws Exception {
        List<Statement> s = RequestBodyParser.parse(
                new ByteArrayInputStream("[[\"SELECT ?\", 1]]".getBytes(StandardCharsets.UTF_8)));
        assertThat(s.get(0).getParameters(0).getValue()).isEqualTo(integer(1));
        assertThatThrownBy(() -> RequestBodyParser.parse(new ByteArrayInputStream(new byte[0])))
                .hasMessage("invalid JSON body");
    }

    @Test
    void plainText() {
        List<Statement> s = RequestBodyParser.parsePlainText(
                "CREATE TABLE a (x); INSERT INTO a VALUES(1)".getBytes(StandardCharsets.UTF_8));
        assertThat(s).extracting(Statement::getSql).containsExactly("CREATE TABLE a (x); INSERT INTO a VALUES(1)");
        assertThat(RequestBodyParser.parsePlainText(new byte[0])).isEmpty();
    }

    @Test
    void hugeStringStatement() throws Exception {
        String sql = "INSERT INTO t VALUES('" + "x".repeat(30_000_000) + "')";
        List<Statement> s = parse("[\"" + sql + "\"]");
        assertThat(s.get(0).getSql()).isEqualTo(sql);
    }

    @Test
    void twentyMegabyteBodyParsesInLinearTime() throws Exception {
        StringBuilder sb = new StringBuilder(21_000_000);
        sb.append('[');
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("[\"INSERT INTO foo(id, name, score, data, ok) VALUES(?, ?, ?, ?, ?)\", ").append(i)
                    .append(", \"name number ").append(i).append(" with some padding text here\", ")
                    .append(i * 0.5).append(", \"x'00112233445566778899'\", {\"ok\": true, \"pad\": \"")
                    .append("p".repeat(20)).append("\"}]");
        }
        sb.append(']');
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(20_000_000);
        long t0 = System.nanoTime();
        List<Statement> s = RequestBodyParser.parse(body);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s).hasSize(n);
        assertThat(s.get(n - 1).getParameters(0).getValue()).isEqualTo(integer(n - 1));
        assertThat(s.get(n - 1).getParametersCount()).isEqualTo(6);
        assertThat(ms).as("parse time in ms").isLessThan(15_000);
    }
}
