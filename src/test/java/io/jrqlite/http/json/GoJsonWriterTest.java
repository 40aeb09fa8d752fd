package io.jrqlite.http.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoJsonWriterTest {

    private static String str(GoJsonWriter w) {
        return new String(w.toByteArray(), StandardCharsets.UTF_8);
    }

    private static String quoted(String s) {
        return str(new GoJsonWriter(false).value(s));
    }

    private static String quotedBytes(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return str(new GoJsonWriter(false).textUtf8(b));
    }

    @Test
    void escapesLikeGo() {
        assertThat(quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(quoted("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(quoted("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\u007f\"");
        assertThat(quoted("<a href='x'>&amp;</a>"))
                .isEqualTo("\"\\u003ca href='x'\\u003e\\u0026amp;\\u003c/a\\u003e\"");
        assertThat(quoted("a/b")).isEqualTo("\"a/b\"");
        assertThat(quoted("x\u2028y\u2029z")).isEqualTo("\"x\\u2028y\\u2029z\"");
    }

    @Test
    void nonAsciiIsRawUtf8() {
        assertThat(quoted("héllo wörld ☃ 日本")).isEqualTo("\"héllo wörld ☃ 日本\"");
        String emoji = "😀";
        byte[] out = new GoJsonWriter(false).value(emoji).toByteArray();
        assertThat(out).containsExactly('"', 0xf0, 0x9f, 0x98, 0x80, '"');
        assertThat(quoted("\uFFFD")).isEqualTo("\"\uFFFD\"");
    }

    @Test
    void unpairedSurrogatesBecomeReplacementEscape() {
        assertThat(quoted("a\uD800b")).isEqualTo("\"a\\ufffdb\"");
        assertThat(quoted("\uDC00")).isEqualTo("\"\\ufffd\"");
        assertThat(quoted("x\uD83D")).isEqualTo("\"x\\ufffd\"");
    }

    @Test
    void rawUtf8ValidPassesThrough() {
        byte[] s = "héllo 😀 ☃ <&>\n".getBytes(StandardCharsets.UTF_8);
        assertThat(str(new GoJsonWriter(false).textUtf8(s))).isEqualTo("\"héllo 😀 ☃ \\u003c\\u0026\\u003e\\n\"");
    }

    @Test
    void invalidUtf8BytesBecomeOneEscapeEach() {
        assertThat(quotedBytes('a', 0xff, 'b')).isEqualTo("\"a\\ufffdb\"");
        assertThat(quotedBytes(0xe2, 0x82)).isEqualTo("\"\\ufffd\\ufffd\"");           // truncated
        assertThat(quotedBytes(0xe2, 0x82, 'x')).isEqualTo("\"\\ufffd\\ufffdx\"");
        assertThat(quotedBytes(0xc0, 0x80)).isEqualTo("\"\\ufffd\\ufffd\"");           // overlong NUL
        assertThat(quotedBytes(0xe0, 0x80, 0x80)).isEqualTo("\"\\ufffd\\ufffd\\ufffd\"");
        assertThat(quotedBytes(0xed, 0xa0, 0x80)).isEqualTo("\"\\ufffd\\ufffd\\ufffd\""); // surrogate
        assertThat(quotedBytes(0xf4, 0x90, 0x80, 0x80))
                .isEqualTo("\"\\ufffd\\ufffd\\ufffd\\ufffd\"");                         // > U+10FFFF
        assertThat(quotedBytes(0x80)).isEqualTo("\"\\ufffd\"");
        assertThat(quotedBytes(0xef, 0xbf, 0xbd)).isEqualTo("\"\uFFFD\"");               // real U+FFFD raw
        assertThat(quotedBytes(0xe2, 0x80, 0xa8)).isEqualTo("\"\\u2028\"");
        assertThat(quotedBytes(0xe2, 0x80, 0xa9)).isEqualTo("\"\\u2029\"");
        assertThat(quotedBytes(0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f)).isEqualTo("\"😀\\ufffd\\ufffd\"");
        assertThat(quotedBytes(0x01, 0x08, 0x0c)).isEqualTo("\"\\u0001\\b\\f\"");
    }

    @Test
    void textUtf8Slice() {
        byte[] s = "xxabcxx".getBytes(StandardCharsets.UTF_8);
        assertThat(str(new GoJsonWriter(false).textUtf8(s, 2, 3))).isEqualTo("\"abc\"");
    }

    @Test
    void numbersAndLiterals() {
        GoJsonWriter w = new GoJsonWriter(false);
        w.beginArray().value(0).value(-1).value(Long.MAX_VALUE).value(Long.MIN_VALUE).valueUnsigned(-1L)
                .value(true).value(false).nullValue().value((String) null).value(2.0).value(-0.0)
                .value(1e21).value(Double.NaN).endArray();
        assertThat(str(w)).isEqualTo("[0,-1,9223372036854775807,-9223372036854775808,18446744073709551615,"
                + "true,false,null,null,2,-0,1e+21,null]");
    }

    @Test
    void base64LikeGoByteSlices() {
        GoJsonWriter w = new GoJsonWriter(false);
        w.beginArray().base64(new byte[0]).base64("f".getBytes()).base64("fo".getBytes())
                .base64("foo".getBytes()).base64(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef})
                .base64(new byte[] {(byte) 0xfb, (byte) 0xff}).endArray();
        assertThat(str(w)).isEqualTo("[\"\",\"Zg==\",\"Zm8=\",\"Zm9v\",\"3q2+7w==\",\"+/8=\"]");
    }

    @Test
    void compactStructure() {
        GoJsonWriter w = new GoJsonWriter(false);
        w.beginObject().name("a").value(1).name("b").beginArray().endArray().name("c").beginObject().endObject()
                .name("d").beginArray().value("x").beginObject().name("e").nullValue().endObject().endArray()
                .endObject();
        assertThat(str(w)).isEqualTo("{\"a\":1,\"b\":[],\"c\":{},\"d\":[\"x\",{\"e\":null}]}");
    }

    @Test
    void prettyIsGoMarshalIndent() {
        GoJsonWriter w = new GoJsonWriter(true);
        w.beginObject().name("a").value(1).name("b").beginArray().endArray().name("c").beginObject().endObject()
                .name("d").beginArray().value("x").beginObject().name("e").nullValue().endObject()
                .beginArray().value(1).value(2).endArray().endArray()
                .endObject();
        assertThat(str(w)).isEqualTo("""
                {
                    "a": 1,
                    "b": [],
                    "c": {},
                    "d": [
                        "x",
                        {
                            "e": null
                        },
                        [
                            1,
                            2
                        ]
                    ]
                }""");
    }

    @Test
    void prettyTopLevelScalarAndEmpty() {
        assertThat(str(new GoJsonWriter(true).value(5))).isEqualTo("5");
        assertThat(str(new GoJsonWriter(true).beginArray().endArray())).isEqualTo("[]");
        assertThat(str(new GoJsonWriter(true).beginObject().endObject())).isEqualTo("{}");
    }

    @Test
    void growsForLargeOutputAndWritesTo() throws Exception {
        String big = "é<".repeat(300_000);
        GoJsonWriter w = new GoJsonWriter(false, 16);
        w.beginArray();
        for (int i = 0; i < 3; i++) {
            w.value(big);
        }
        byte[] raw = new byte[1_000_003];
        java.util.Arrays.fill(raw, (byte) 0xff);
        w.textUtf8(raw);
        w.endArray();
        String s = str(w);
        String one = "\"" + "é\\u003c".repeat(300_000) + "\"";
        assertThat(s).startsWith("[" + one + "," + one + "," + one + ",\"\\ufffd\\ufffd");
        assertThat(s).endsWith("\\ufffd\"]");
        assertThat(w.size()).isEqualTo(1 + 3 * (one.length() + 300_000 + 1) + 2 + 6 * 1_000_003 + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(w.toByteArray());
    }

    @Test
    void resetReuses() {
        GoJsonWriter w = new GoJsonWriter(false);
        w.beginArray().value(1);
        w.reset();
        w.beginArray().value(2).endArray();
        assertThat(str(w)).isEqualTo("[2]");
    }

    @Test
    void rawJsonIsAValue() {
        GoJsonWriter w = new GoJsonWriter(false);
        w.beginArray().value(1).rawJson("{\"x\":[1]}".getBytes()).endArray();
        assertThat(str(w)).isEqualTo("[1,{\"x\":[1]}]");
    }
}
