package io.jrqlite.http.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a generic tree of Java values as Go's {@code encoding/json} would (used for {@code /status},
 * {@code /nodes}, {@code /leader}, {@code /reap}...), and renders Go's expvar page ({@code /debug/vars}).
 *
 * <p>Supported values: {@link Map} (written in its iteration order: pass a {@code LinkedHashMap} for struct
 * field order or a {@code TreeMap} for Go's sorted map order; keys via {@code String.valueOf}), {@link
 * Collection} and {@code Object[]} (arrays), {@link String}, {@link Boolean}, {@code null}, {@code Long},
 * {@code Integer}, {@code Short}, {@code Byte}, {@code AtomicLong}, {@code AtomicInteger}, {@link BigInteger}
 * (integers), {@code Double} (Go float64), {@code Float} (Go float32), {@link BigDecimal} (its plain digits),
 * {@code byte[]} (base64, as Go encodes {@code []byte}), {@link Func} (its value). Anything else is an
 * {@link IllegalArgumentException}.
 */
public final class TreeJson {

    /**
     * In {@link #expvar}, a variable rendered like Go's {@code expvar.Func}: the value passed through
     * {@code json.Marshal} (compact JSON). Elsewhere it is just its value.
     */
    public record Func(Object value) {
    }

    private TreeJson() {
    }

    /** The tree as JSON: {@code json.Marshal} or, when {@code pretty}, {@code json.MarshalIndent(v, "", "    ")}. */
    public static byte[] toJson(Object tree, boolean pretty) {
        GoJsonWriter w = new GoJsonWriter(pretty);
        write(w, tree);
        return w.toByteArray();
    }

    /** Writes one value (recursively) to {@code w}. */
    public static void write(GoJsonWriter w, Object v) {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.value(s);
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                write(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                write(w, o);
            }
            w.endArray();
        } else if (v instanceof Object[] a) {
            w.beginArray();
            for (Object o : a) {
                write(w, o);
            }
            w.endArray();
        } else if (v instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof AtomicLong || v instanceof AtomicInteger) {
            w.value(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            w.value(((Number) v).doubleValue());
        } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            String s = v instanceof BigDecimal bd ? bd.toPlainString() : v.toString();
            w.rawJson(s.getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof byte[] bytes) {
            w.base64(bytes);
        } else if (v instanceof Func f) {
            write(w, f.value());
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " as JSON");
        }
    }

    /**
     * Go's expvar page: <code>{\n"name": value,\n"name2": value\n}\n</code>, names sorted bytewise.
     *
     * <p>Values are rendered as the matching expvar type does: a {@link Map} like {@code expvar.Map}
     * (keys sorted, <code>{"a": 1, "b": 2}</code> with a space after each colon and comma, recursively); an
     * integer like {@code expvar.Int}; a {@code Double}/{@code Float} like {@code expvar.Float}
     * ({@code strconv.FormatFloat(f, 'g', -1, 64)}, e.g. {@code 1.5e+06}); a {@link String} like
     * {@code expvar.String}; {@code null} as {@code null}; a {@link Func} or any other value as compact
     * JSON ({@code json.Marshal}, e.g. {@code cmdline} and {@code memstats}).
     */
    public static byte[] expvar(Map<String, ?> vars) {
        GoJsonWriter w = new GoJsonWriter(false, 4096);
        w.rawAscii("{\n");
        boolean first = true;
        for (Map.Entry<String, Object> e : sortedEntries(vars)) {
            if (!first) {
                w.rawAscii(",\n");
            }
            first = false;
            w.expvarString(e.getKey());
            w.rawAscii(": ");
            writeExpvarValue(w, e.getValue());
        }
        w.rawAscii("\n}\n");
        return w.toByteArray();
    }

    private static void writeExpvarValue(GoJsonWriter w, Object v) {
        if (v instanceof Map<?, ?> m) {
            w.rawAscii("{");
            boolean first = true;
            for (Map.Entry<String, Object> e : sortedEntries(m)) {
                if (!first) {
                    w.rawAscii(", ");
                }
                first = false;
                w.expvarString(e.getKey());
                w.rawAscii(": ");
                writeExpvarValue(w, e.getValue());
            }
            w.rawAscii("}");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof AtomicLong || v instanceof AtomicInteger) {
            w.rawAscii(Long.toString(((Number) v).longValue()));
        } else if (v instanceof Double || v instanceof Float) {
            w.rawAscii(GoFloat.formatG(((Number) v).doubleValue()));
        } else if (v instanceof String s) {
            w.expvarString(s);
        } else if (v instanceof Func f) {
            write(w, f.value());
        } else {
            write(w, v);
        }
    }

    /** Entries with keys as strings, sorted by their UTF-8 bytes (Go's string order). */
    private static List<Map.Entry<String, Object>> sortedEntries(Map<?, ?> m) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            entries.add(new SimpleImmutableEntry<>(String.valueOf(e.getKey()), e.getValue()));
        }
        entries.sort(Map.Entry.comparingByKey(GoStringOrder.INSTANCE));
        return entries;
    }
}
