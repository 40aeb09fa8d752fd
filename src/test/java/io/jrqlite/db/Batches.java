package io.jrqlite.db;

import com.google.protobuf.ByteString;
import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Parameter;
import io.jrqlite.command.Row;
import io.jrqlite.command.Rows;
import io.jrqlite.command.Statement;
import io.jrqlite.command.StatementResult;
import io.jrqlite.command.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders and readers for batches and results in tests. */
final class Batches {

    private Batches() {
    }

    static Batch batch(String... sqls) {
        Batch.Builder b = Batch.newBuilder();
        for (String s : sqls) {
            b.addStatements(Statement.newBuilder().setSql(s));
        }
        return b.build();
    }

    static Batch tx(String... sqls) {
        return batch(sqls).toBuilder().setTransaction(true).build();
    }

    static Batch of(Statement... statements) {
        return Batch.newBuilder().addAllStatements(List.of(statements)).build();
    }

    /** A statement with parameters: a {@code Map} contributes named ones, anything else a positional one. */
    static Statement stmt(String sql, Object... params) {
        Statement.Builder s = Statement.newBuilder().setSql(sql);
        for (Object p : params) {
            if (p instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    s.addParameters(Parameter.newBuilder().setName((String) e.getKey()).setValue(value(e.getValue())));
                }
            } else {
                s.addParameters(Parameter.newBuilder().setValue(value(p)));
            }
        }
        return s.build();
    }

    static Statement returning(String sql) {
        return Statement.newBuilder().setSql(sql).setReturnsRows(true).build();
    }

    static Value value(Object o) {
        Value.Builder v = Value.newBuilder();
        if (o == null) {
            return v.build();
        } else if (o instanceof Integer i) {
            v.setInteger(i);
        } else if (o instanceof Long l) {
            v.setInteger(l);
        } else if (o instanceof Double d) {
            v.setReal(d);
        } else if (o instanceof Boolean b) {
            v.setBoolean(b);
        } else if (o instanceof String s) {
            v.setText(ByteString.copyFromUtf8(s));
        } else if (o instanceof byte[] b) {
            v.setBlob(ByteString.copyFrom(b));
        } else {
            throw new IllegalArgumentException(o.toString());
        }
        return v.build();
    }

    /** A value as a plain Java object: Long, Double, Boolean, String (text or formatted), byte[] or null. */
    static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case INTEGER -> v.getInteger();
            case REAL -> v.getReal();
            case BOOLEAN -> v.getBoolean();
            case TEXT -> v.getText().toString(StandardCharsets.UTF_8);
            case FORMATTED -> v.getFormatted();
            case BLOB -> v.getBlob().toByteArray();
            case KIND_NOT_SET -> null;
        };
    }

    static List<List<Object>> values(Rows rows) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows.getValuesList()) {
            List<Object> row = new ArrayList<>();
            for (Value v : r.getValuesList()) {
                row.add(plain(v));
            }
            out.add(row);
        }
        return out;
    }

    /** The result with every {@code time} zeroed, for comparing runs. */
    static BatchResult timeless(BatchResult r) {
        BatchResult.Builder b = r.toBuilder();
        for (int i = 0; i < b.getResultsCount(); i++) {
            StatementResult.Builder s = b.getResultsBuilder(i);
            if (s.hasExecute()) {
                s.getExecuteBuilder().setTime(0);
            } else if (s.hasRows()) {
                s.getRowsBuilder().setTime(0);
            }
        }
        return b.build();
    }

    /** A short description of each result: {@code [id,n]}, {@code rows:...} or {@code error:...}. */
    static List<String> describe(BatchResult r) {
        List<String> out = new ArrayList<>();
        for (StatementResult s : r.getResultsList()) {
            if (s.hasExecute()) {
                out.add("[" + s.getExecute().getLastInsertId() + "," + s.getExecute().getRowsAffected() + "]");
            } else if (s.hasRows()) {
                out.add(s.getRows().getError().isEmpty()
                        ? "rows:" + values(s.getRows())
                        : "error:" + s.getRows().getError());
            } else {
                out.add("error:" + s.getError());
            }
        }
        if (!r.getError().isEmpty()) {
            out.add("batch-error:" + r.getError());
        }
        return out;
    }
}
