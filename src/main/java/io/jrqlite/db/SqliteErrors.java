package io.jrqlite.db;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns sqlite-jdbc exceptions back into SQLite's own {@code sqlite3_errmsg} text. */
final class SqliteErrors {

    static final String WRITE_IN_QUERY = "attempt to change database via query operation";
    static final String EXECUTE_TIMEOUT = "execute timeout";
    static final String QUERY_TIMEOUT = "query timeout";

    private SqliteErrors() {
    }

    /**
     * The raw SQLite message: sqlite-jdbc formats {@code <code> <description> (<errmsg>)}, e.g.
     * {@code [SQLITE_ERROR] SQL error or missing database (no such table: bar)}; this returns
     * {@code no such table: bar}. Messages that sqlite-jdbc made up itself are returned unchanged.
     */
    static String message(SQLException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof SQLiteException se && m.endsWith(")")) {
            SQLiteErrorCode code = se.getResultCode();
            String prefix = code.toString() + " (";
            if (m.startsWith(prefix)) {
                return m.substring(prefix.length(), m.length() - 1);
            }
            // unknown codes are formatted "<code>:<number> (<errmsg>)"
            if (m.startsWith(code.toString() + ":")) {
                int open = m.indexOf(" (", code.toString().length());
                if (open > 0) {
                    return m.substring(open + 2, m.length() - 1);
                }
            }
        }
        return m;
    }

    /** SQLite's primary result code (the low byte of the extended code), or -1 when unknown. */
    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se) {
            return se.getResultCode().code & 0xff;
        }
        return -1;
    }
}
