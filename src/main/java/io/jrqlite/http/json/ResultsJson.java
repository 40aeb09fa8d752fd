package io.jrqlite.http.json;

import com.google.protobuf.ByteString;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.ExecuteResult;
import io.jrqlite.command.Row;
import io.jrqlite.command.Rows;
import io.jrqlite.command.StatementResult;
import io.jrqlite.command.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a {@link BatchResult} as the JSON body of {@code /db/execute}, {@code /db/query} and
 * {@code /db/request} (CONTRACT §1.4), byte for byte as rqlite does.
 *
 * <p>Top level: {@code {"results":[…],"error":…,"time":f,"sequence_number":n,"raft_index":n}}; {@code results}
 * is always present, the others are omitted when empty or zero. {@code raft_index} comes from
 * {@link BatchResult#getRaftIndex()}: callers clear it unless the request asked for {@code raft_index}.
 *
 * <p>Per statement: an execute result {@code {"last_insert_id":n,"rows_affected":n,"time":f}}; an error
 * {@code {"error":"…"}}; rows {@code {"columns":[…],"types":[…],"values":[[…]],"error":"…","time":f}} (each
 * omitted when empty). Associative: rows {@code {"types":{…},"rows":[{…}],"error":…,"time":…}} with keys in
 * Go's sorted map order ({@code rows} always present), an execute result gets a trailing
 * {@code "rows":null}. {@code time} fields appear only with {@code timings}.
 */
public final class ResultsJson {

    /** The response-shaping query parameters. */
    public record RenderOptions(boolean pretty, boolean associative, boolean blobArray, boolean timings) {

        /** Compact, column-wise, base64 blobs, no timings. */
        public static final RenderOptions DEFAULT = new RenderOptions(false, false, false, false);
    }

    private ResultsJson() {
    }

    /**
     * The response body.
     *
     * @param elapsedSeconds the request's elapsed time, written as the top-level {@code time} with timings
     * @param sequenceNumber the queued-write sequence number, 0 for none
     */
    public static byte[] render(BatchResult result, RenderOptions options, double elapsedSeconds,
                                long sequenceNumber) {
        GoJsonWriter w = new GoJsonWriter(options.pretty(), 512);
        write(w, result, options, elapsedSeconds, sequenceNumber);
        return w.toByteArray();
    }

    /**
     * Writes the response body to {@code w} (its own pretty setting applies; {@code options.pretty()} is
     * ignored here).
     */
    public static void write(GoJsonWriter w, BatchResult result, RenderOptions options, double elapsedSeconds,
                             long sequenceNumber) {
        Renderer r = new Renderer(w, options);
        w.beginObject();
        w.name("results").beginArray();
        for (StatementResult sr : result.getResultsList()) {
            r.statement(sr);
        }
        w.endArray();
        if (!result.getError().isEmpty()) {
            w.name("error").value(result.getError());
        }
        if (options.timings() && elapsedSeconds != 0) {
            w.name("time").value(elapsedSeconds);
        }
        if (sequenceNumber != 0) {
            w.name("sequence_number").value(sequenceNumber);
        }
        if (result.getRaftIndex() != 0) {
            w.name("raft_index").valueUnsigned(result.getRaftIndex());
        }
        w.endObject();
    }

    /** State for one rendering: the writer, the options and a scratch buffer for TEXT/BLOB bytes. */
    private static final class Renderer {
        private final GoJsonWriter w;
        private final RenderOptions o;
        private byte[] scratch = new byte[256];

        Renderer(GoJsonWriter w, RenderOptions o) {
            this.w = w;
            this.o = o;
        }

        void statement(StatementResult sr) {
            switch (sr.getResultCase()) {
                case EXECUTE -> execute(sr.getExecute());
                case ROWS -> {
                    if (o.associative()) {
                        associativeRows(sr.getRows());
                    } else {
                        rows(sr.getRows());
                    }
                }
                case ERROR -> w.beginObject().name("error").value(sr.getError()).endObject();
                default -> w.beginObject().endObject();
            }
        }

        private void execute(ExecuteResult e) {
            w.beginObject();
            if (e.getLastInsertId() != 0) {
                w.name("last_insert_id").value(e.getLastInsertId());
            }
            if (e.getRowsAffected() != 0) {
                w.name("rows_affected").value(e.getRowsAffected());
            }
            if (o.timings() && e.getTime() != 0) {
                w.name("time").value(e.getTime());
            }
            if (o.associative()) {
                w.name("rows").nullValue();
            }
            w.endObject();
        }

        private void rows(Rows rows) {
            w.beginObject();
            if (rows.getColumnsCount() > 0) {
                w.name("columns").beginArray();
                for (String c : rows.getColumnsList()) {
                    w.value(c);
                }
                w.endArray();
            }
            if (rows.getTypesCount() > 0) {
                w.name("types").beginArray();
                for (String t : rows.getTypesList()) {
                    w.value(t);
                }
                w.endArray();
            }
            if (rows.getValuesCount() > 0) {
                w.name("values").beginArray();
                for (Row row : rows.getValuesList()) {
                    w.beginArray();
                    for (int i = 0, n = row.getValuesCount(); i < n; i++) {
                        value(row.getValues(i));
                    }
                    w.endArray();
                }
                w.endArray();
            }
            errorAndTime(rows);
            w.endObject();
        }

        private void associativeRows(Rows rows) {
            // Go builds map[column]value: a repeated column name keeps its last value; keys sort bytewise.
            int[] order = mapOrder(rows.getColumnsList());
            w.beginObject();
            int typed = 0;
            for (int idx : order) {
                if (idx < rows.getTypesCount()) {
                    typed++;
                }
            }
            if (typed > 0) {
                w.name("types").beginObject();
                for (int idx : order) {
                    if (idx < rows.getTypesCount()) {
                        w.name(rows.getColumns(idx)).value(rows.getTypes(idx));
                    }
                }
                w.endObject();
            }
            w.name("rows").beginArray();
            for (Row row : rows.getValuesList()) {
                w.beginObject();
                for (int idx : order) {
                    w.name(rows.getColumns(idx));
                    if (idx < row.getValuesCount()) {
                        value(row.getValues(idx));
                    } else {
                        w.nullValue();
                    }
                }
                w.endObject();
            }
            w.endArray();
            errorAndTime(rows);
            w.endObject();
        }

        private void errorAndTime(Rows rows) {
            if (!rows.getError().isEmpty()) {
                w.name("error").value(rows.getError());
            }
            if (o.timings() && rows.getTime() != 0) {
                w.name("time").value(rows.getTime());
            }
        }

        private void value(Value v) {
            switch (v.getKindCase()) {
                case INTEGER -> w.value(v.getInteger());
                case REAL -> w.value(v.getReal());
                case BOOLEAN -> w.value(v.getBoolean());
                case TEXT -> {
                    int n = copy(v.getText());
                    w.textUtf8(scratch, 0, n);
                }
                case BLOB -> {
                    int n = copy(v.getBlob());
                    if (o.blobArray()) {
                        w.beginArray();
                        for (int i = 0; i < n; i++) {
                            w.value(scratch[i] & 0xff);
                        }
                        w.endArray();
                    } else {
                        w.base64(scratch, 0, n);
                    }
                }
                case FORMATTED -> w.value(v.getFormatted());
                default -> w.nullValue();
            }
        }

        /** Copies bs into the scratch buffer (no allocation once it is large enough); returns its length. */
        private int copy(ByteString bs) {
            int n = bs.size();
            if (n > scratch.length) {
                scratch = new byte[Math.max(n, scratch.length * 2)];
            }
            bs.copyTo(scratch, 0);
            return n;
        }
    }

    /**
     * Indices of the distinct column names in Go's map key order (bytewise), keeping the last index of a
     * repeated name.
     */
    static int[] mapOrder(List<String> columns) {
        List<Integer> idx = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> {
            int c = GoStringOrder.INSTANCE.compare(columns.get(a), columns.get(b));
            return c != 0 ? c : Integer.compare(b, a); // same name: last occurrence first
        });
        int[] out = new int[idx.size()];
        int n = 0;
        String prev = null;
        for (int i : idx) {
            String name = columns.get(i);
            if (name.equals(prev)) {
                continue;
            }
            out[n++] = i;
            prev = name;
        }
        return Arrays.copyOf(out, n);
    }
}
