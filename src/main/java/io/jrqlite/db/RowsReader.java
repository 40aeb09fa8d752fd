package io.jrqlite.db;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.jrqlite.command.Row;
import io.jrqlite.command.Rows;
import io.jrqlite.command.Value;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.core.DB;

/**
 * Reads the rows of an executed statement into {@link Rows}: column names, the {@code types} list and each
 * value mapped as rqlite's driver maps it (CONTRACT §1.4).
 */
final class RowsReader {

    private static final int SQLITE_INTEGER = 1;
    private static final int SQLITE_FLOAT = 2;
    private static final int SQLITE_TEXT = 3;
    private static final int SQLITE_BLOB = 4;

    private static final Value NULL = Value.getDefaultInstance();
    private static final byte[] EMPTY = new byte[0];

    private RowsReader() {
    }

    /**
     * Reads every row of {@code ps}, which has just been executed; {@code hasResultSet} is what
     * {@code execute()} returned (true for any statement with result columns, even without rows).
     * The statement is reset afterwards.
     */
    static Rows.Builder read(SqliteConn conn, PreparedStatement ps, boolean hasResultSet, boolean qualify)
            throws SQLException {
        DB db = conn.db();
        long p = SqliteConn.ptr(ps);
        int n = db.column_count(p);
        Rows.Builder out = Rows.newBuilder();
        String[] decl = new String[n];
        int[] kind = new int[n];
        for (int c = 0; c < n; c++) {
            String name = db.column_name(p, c);
            if (qualify) {
                String table = db.column_table_name(p, c);
                if (table != null && !table.isEmpty()) {
                    name = table + "." + name;
                }
            }
            out.addColumns(name == null ? "" : name);
            String d = db.column_decltype(p, c);
            decl[c] = d == null ? "" : d.toLowerCase(Locale.ROOT);
            kind[c] = kindOf(decl[c]);
        }
        ResultSet rs = hasResultSet ? ps.getResultSet() : null;
        boolean first = true;
        try {
            while (rs != null && rs.next()) { // the first next() does not step: execute() already did
                Row.Builder row = Row.newBuilder();
                for (int c = 0; c < n; c++) {
                    int type = db.column_type(p, c);
                    if (first) {
                        out.addTypes(decl[c].isEmpty() ? storageClassName(type) : decl[c]);
                    }
                    row.addValues(value(db, p, c, type, kind[c]));
                }
                out.addValues(row);
                first = false;
            }
        } finally {
            conn.reset(ps);
        }
        if (first) {
            for (int c = 0; c < n; c++) {
                out.addTypes(decl[c]);
            }
        }
        return out;
    }

    // how a declared type changes the mapping of values
    private static final int PLAIN = 0;
    private static final int BOOLEAN = 1;
    private static final int DATE = 2;
    private static final int TEXT_LIKE = 3;

    private static int kindOf(String decl) {
        if (decl.isEmpty()) {
            return TEXT_LIKE; // a BLOB with no declared type is returned as text
        }
        return switch (decl) {
            case "boolean" -> BOOLEAN;
            case "date", "datetime", "timestamp" -> DATE;
            case "text", "json" -> TEXT_LIKE;
            default -> decl.startsWith("varchar") || decl.startsWith("nchar") || decl.startsWith("nvarchar")
                    || decl.startsWith("varying character") || decl.startsWith("native character")
                    || decl.startsWith("clob") ? TEXT_LIKE : PLAIN;
        };
    }

    private static String storageClassName(int type) {
        return switch (type) {
            case SQLITE_INTEGER -> "integer";
            case SQLITE_FLOAT -> "real";
            case SQLITE_TEXT, SQLITE_BLOB -> "text";
            default -> "";
        };
    }

    private static Value value(DB db, long p, int c, int type, int kind) throws SQLException {
        switch (type) {
            case SQLITE_INTEGER -> {
                long v = db.column_long(p, c);
                if (kind == BOOLEAN) {
                    return Value.newBuilder().setBoolean(v > 0).build();
                }
                if (kind == DATE) {
                    return Value.newBuilder().setFormatted(DateTimes.fromInteger(v)).build();
                }
                return Value.newBuilder().setInteger(v).build();
            }
            case SQLITE_FLOAT -> {
                return Value.newBuilder().setReal(db.column_double(p, c)).build();
            }
            case SQLITE_TEXT -> {
                byte[] b = bytes(db, p, c);
                if (kind == DATE) {
                    return Value.newBuilder()
                            .setFormatted(DateTimes.fromText(new String(b, StandardCharsets.UTF_8))).build();
                }
                return Value.newBuilder().setText(UnsafeByteOperations.unsafeWrap(b)).build();
            }
            case SQLITE_BLOB -> {
                ByteString b = UnsafeByteOperations.unsafeWrap(bytes(db, p, c));
                return kind == TEXT_LIKE
                        ? Value.newBuilder().setText(b).build()
                        : Value.newBuilder().setBlob(b).build();
            }
            default -> {
                return NULL;
            }
        }
    }

    /** The raw bytes of a TEXT or BLOB value (TEXT as stored, even if not valid UTF-8); a fresh array. */
    private static byte[] bytes(DB db, long p, int c) throws SQLException {
        byte[] b = db.column_blob(p, c);
        return b == null ? EMPTY : b;
    }
}
