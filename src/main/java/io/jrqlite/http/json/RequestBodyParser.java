package io.jrqlite.http.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.jrqlite.command.Parameter;
import io.jrqlite.command.Statement;
import io.jrqlite.command.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the body of {@code /db/execute}, {@code /db/query}, {@code /db/request} and {@code /db/sql} into
 * statements, as rqlite does (CONTRACT §1.3, §13).
 *
 * <p>The body is a JSON array whose elements are either a SQL string or an array {@code [sql, params...]}.
 * A parameter that is a JSON object gives named parameters (the keys as written: rqlite's clients send them
 * without the {@code :}/{@code @}/{@code $} prefix, and a key sent with one is kept as given), any other item
 * a positional one. Values: an integer that fits int64 → INTEGER; any other number → REAL; a string → TEXT,
 * except {@code x'hex'}/{@code X'hex'} (after trimming whitespace) → BLOB; an array of integers 0–255 → BLOB;
 * {@code true}/{@code false} → INTEGER 1/0; {@code null} → NULL (no kind set). Empty SQL strings produce no
 * statement. Bytes after the closing {@code ]} are ignored.
 *
 * <p>Errors ({@link RequestParseException}): {@code invalid JSON body}, {@code invalid request},
 * {@code no statements}, {@code unsupported type <go type or value>}, {@code invalid number <n>} (a number
 * beyond float64). As in rqlite, a parameterized element is checked only once its whole array has been read,
 * so a syntax error anywhere inside it wins over a type error.
 *
 * <p>Streaming, linear in the body size; thread-safe (no shared mutable state).
 */
public final class RequestBodyParser {

    private static final String GO_MAP = "map[string]interface {}";
    private static final String GO_SLICE = "[]interface {}";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1L)
                    .maxNestingDepth(10_000) // Go's decoder limit
                    .build())
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES) // parameter names need no symbol table
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private RequestBodyParser() {
    }

    /** Parses a JSON body. */
    public static List<Statement> parse(byte[] body) throws RequestParseException {
        if (body == null || body.length == 0 || hasEncodingMark(body)) {
            throw RequestParseException.invalidJson();
        }
        try (JsonParser p = FACTORY.createParser(replaceInvalidUtf8(body))) {
            return new Parse(p).statements();
        } catch (JsonProcessingException e) {
            throw RequestParseException.invalidJson();
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array", e);
        }
    }

    /**
     * Jackson sniffs a byte source's encoding: it skips a UTF-8 byte-order mark and reads UTF-16/32 (spotted by
     * NUL bytes up front). Go's decoder knows only UTF-8 and rejects both, so must we.
     */
    private static boolean hasEncodingMark(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            return true;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses a JSON body read from {@code body} (not closed). I/O failures of the stream are rethrown;
     * malformed JSON is a {@link RequestParseException}. Unlike {@link #parse(byte[])}, invalid UTF-8 inside
     * strings is rejected as {@code invalid JSON body} here (prefer the byte-array form).
     */
    public static List<Statement> parse(InputStream body) throws RequestParseException, IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return new Parse(p).statements();
        } catch (JsonProcessingException e) {
            throw RequestParseException.invalidJson();
        }
    }

    /**
     * A {@code text/plain} body: the whole body is one SQL string (which may hold several statements). An
     * empty body gives no statement.
     */
    public static List<Statement> parsePlainText(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        return List.of(Statement.newBuilder().setSql(new String(body, StandardCharsets.UTF_8)).build());
    }

    /**
     * Go's decoder turns each invalid UTF-8 byte inside a string into U+FFFD, where Jackson fails: give
     * Jackson a copy with those bytes replaced (outside strings they are a syntax error either way). Returns
     * {@code body} itself when it is valid UTF-8, the usual case, after one linear scan.
     */
    static byte[] replaceInvalidUtf8(byte[] body) {
        int i = 0;
        int n = body.length;
        while (i < n) {
            if (body[i] >= 0) {
                i++;
                continue;
            }
            int size = GoJsonWriter.utf8SequenceLength(body, i, n);
            if (size == 0) {
                break;
            }
            i += size;
        }
        if (i == n) {
            return body;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 64);
        out.write(body, 0, i);
        while (i < n) {
            int size = body[i] >= 0 ? 1 : GoJsonWriter.utf8SequenceLength(body, i, n);
            if (size == 0) {
                out.write(0xef);
                out.write(0xbf);
                out.write(0xbd);
                i++;
            } else {
                out.write(body, i, size);
                i += size;
            }
        }
        return out.toByteArray();
    }

    /** One parse: the parser plus the first deferred error of the current parameterized element. */
    private static final class Parse {
        private final JsonParser p;
        private RequestParseException pending;

        Parse(JsonParser p) {
            this.p = p;
        }

        List<Statement> statements() throws IOException, RequestParseException {
            if (next() != JsonToken.START_ARRAY) {
                throw RequestParseException.invalidRequest();
            }
            List<Statement> out = new ArrayList<>();
            int elements = 0;
            JsonToken t;
            while ((t = next()) != JsonToken.END_ARRAY) {
                elements++;
                if (t == JsonToken.VALUE_STRING) {
                    String sql = p.getText();
                    if (!sql.isEmpty()) {
                        out.add(Statement.newBuilder().setSql(sql).build());
                    }
                } else if (t == JsonToken.START_ARRAY) {
                    Statement s = parameterized();
                    if (s != null) {
                        out.add(s);
                    }
                } else {
                    throw RequestParseException.invalidRequest();
                }
            }
            // Whatever follows the closing bracket is never read.
            if (elements == 0) {
                throw RequestParseException.noStatements();
            }
            return out;
        }

        /** Reads the rest of a {@code [sql, params...]} array; null for empty SQL. */
        private Statement parameterized() throws IOException, RequestParseException {
            pending = null;
            Statement.Builder b = null;
            JsonToken t = next();
            if (t == JsonToken.END_ARRAY) {
                throw RequestParseException.invalidRequest();
            }
            if (t == JsonToken.VALUE_STRING) {
                b = Statement.newBuilder().setSql(p.getText());
            } else {
                fail(RequestParseException.invalidRequest());
                p.skipChildren();
            }
            while ((t = next()) != JsonToken.END_ARRAY) {
                if (pending != null) {
                    p.skipChildren(); // still read it: a syntax error later in the array wins
                    continue;
                }
                if (t == JsonToken.START_OBJECT) {
                    namedParameters(b);
                } else {
                    Value v = value(t);
                    if (pending == null) {
                        b.addParameters(Parameter.newBuilder().setValue(v));
                    }
                }
            }
            if (pending != null) {
                throw pending;
            }
            return b.getSql().isEmpty() ? null : b.build();
        }

        /** An object of named parameters; the reader is on its START_OBJECT. Last duplicate key wins. */
        private void namedParameters(Statement.Builder b) throws IOException {
            Map<String, Value> named = new LinkedHashMap<>();
            JsonToken t;
            while ((t = next()) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                t = next();
                if (pending != null) {
                    p.skipChildren();
                    continue;
                }
                Value v;
                if (t == JsonToken.START_OBJECT) {
                    fail(RequestParseException.unsupportedType(GO_MAP));
                    p.skipChildren();
                    continue;
                }
                v = value(t);
                named.put(name, v);
            }
            if (pending == null) {
                for (Map.Entry<String, Value> e : named.entrySet()) {
                    b.addParameters(Parameter.newBuilder().setName(e.getKey()).setValue(e.getValue()));
                }
            }
        }

        /** A scalar or byte-array value (never an object); on error records it and returns null. */
        private Value value(JsonToken t) throws IOException {
            switch (t) {
                case VALUE_STRING:
                    return text(p.getText());
                case VALUE_NUMBER_INT:
                    return integer();
                case VALUE_NUMBER_FLOAT:
                    return real(p.getText());
                case VALUE_TRUE:
                    return Value.newBuilder().setInteger(1).build();
                case VALUE_FALSE:
                    return Value.newBuilder().setInteger(0).build();
                case VALUE_NULL:
                    return Value.getDefaultInstance();
                case START_ARRAY:
                    return byteArray();
                default:
                    throw new IllegalStateException("unexpected token " + t);
            }
        }

        private Value integer() throws IOException {
            if (p.getTextLength() <= 18) {
                return Value.newBuilder().setInteger(p.getLongValue()).build();
            }
            String s = p.getText();
            try {
                return Value.newBuilder().setInteger(Long.parseLong(s)).build();
            } catch (NumberFormatException e) {
                return real(s);
            }
        }

        private Value real(String s) {
            double d = Double.parseDouble(s);
            if (Double.isInfinite(d)) {
                fail(new RequestParseException("invalid number " + s));
                return null;
            }
            return Value.newBuilder().setReal(d).build();
        }

        /** An array of integers 0..255 becomes a BLOB; the reader is on its START_ARRAY. */
        private Value byteArray() throws IOException {
            byte[] bytes = new byte[16];
            int n = 0;
            JsonToken t;
            while ((t = next()) != JsonToken.END_ARRAY) {
                if (pending != null) {
                    p.skipChildren();
                    continue;
                }
                switch (t) {
                    case VALUE_NUMBER_INT -> {
                        int len = p.getTextLength();
                        long v = len <= 18 ? p.getLongValue() : -1;
                        if (v < 0 || v > 255) {
                            fail(RequestParseException.unsupportedType(p.getText()));
                        } else {
                            if (n == bytes.length) {
                                bytes = Arrays.copyOf(bytes, n * 2);
                            }
                            bytes[n++] = (byte) v;
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> fail(RequestParseException.unsupportedType(p.getText()));
                    case VALUE_STRING -> fail(RequestParseException.unsupportedType("string"));
                    case VALUE_TRUE, VALUE_FALSE -> fail(RequestParseException.unsupportedType("bool"));
                    case VALUE_NULL -> fail(RequestParseException.unsupportedType("<nil>"));
                    case START_OBJECT -> {
                        fail(RequestParseException.unsupportedType(GO_MAP));
                        p.skipChildren();
                    }
                    case START_ARRAY -> {
                        fail(RequestParseException.unsupportedType(GO_SLICE));
                        p.skipChildren();
                    }
                    default -> throw new IllegalStateException("unexpected token " + t);
                }
            }
            if (pending != null) {
                return null;
            }
            return Value.newBuilder()
                    .setBlob(UnsafeByteOperations.unsafeWrap(n == bytes.length ? bytes : Arrays.copyOf(bytes, n)))
                    .build();
        }

        private void fail(RequestParseException e) {
            if (pending == null) {
                pending = e;
            }
        }

        /** The next token; end of input where a token is needed is a syntax error. */
        private JsonToken next() throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
            }
            return t;
        }
    }

    /** A string parameter: TEXT, or a BLOB when it is a hex literal {@code x'...'}. */
    static Value text(String s) {
        byte[] blob = hexLiteral(s);
        if (blob != null) {
            return Value.newBuilder().setBlob(UnsafeByteOperations.unsafeWrap(blob)).build();
        }
        return Value.newBuilder().setText(utf8(s)).build();
    }

    /** UTF-8 bytes of s; an unpaired surrogate (possible from a JSON escape) becomes U+FFFD as in Go. */
    static ByteString utf8(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return UnsafeByteOperations.unsafeWrap(withReplacedSurrogates(s).getBytes(StandardCharsets.UTF_8));
            }
        }
        return UnsafeByteOperations.unsafeWrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String withReplacedSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The bytes of {@code x'hex'} / {@code X'hex'} (surrounding white space allowed), else null. */
    static byte[] hexLiteral(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        int n = end - start;
        if (n < 3 || (s.charAt(start) != 'x' && s.charAt(start) != 'X') || s.charAt(start + 1) != '\''
                || s.charAt(end - 1) != '\'' || (n - 3) % 2 != 0) {
            return null;
        }
        byte[] out = new byte[(n - 3) / 2];
        for (int i = 0, k = start + 2; i < out.length; i++, k += 2) {
            int hi = Character.digit(s.charAt(k), 16);
            int lo = Character.digit(s.charAt(k + 1), 16);
            if (hi < 0 || lo < 0 || s.charAt(k) > 'f' || s.charAt(k + 1) > 'f') {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** Go's unicode.IsSpace (what strings.TrimSpace trims). */
    private static boolean isSpace(char c) {
        switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0:
                return true;
            default:
                return c > 0xff && Character.isSpaceChar(c);
        }
    }
}
