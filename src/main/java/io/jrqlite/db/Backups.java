package io.jrqlite.db;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Consistent copies of the database, taken on a read-only connection so writes go on meanwhile: a database file
 * ({@code VACUUM INTO}, a compacted snapshot of one read transaction) or a SQL dump in the sqlite3 shell's layout.
 */
final class Backups {

    private Backups() {
    }

    /** Writes a database file to {@code target} (which must not exist), in WAL or rollback-journal mode. */
    static void copy(SqliteConn c, Path target, boolean walHeader) throws SQLException, IOException {
        try (PreparedStatement ps = c.jdbc().prepareStatement("VACUUM INTO ?")) {
            // VACUUM INTO writes through the source's VFS: name the disk's, or an in-RAM source copies into RAM.
            ps.setString(1, target.toAbsolutePath().toUri().toString().replaceFirst("^file:///", "file:/")
                    + "?vfs=unix");
            ps.execute();
        }
        if (!Files.exists(target) || Files.size(target) < 100) {
            throw new IOException("the copy " + target + " was not written");
        }
        setWalHeader(target, walHeader);
    }

    /** Bytes 18 and 19 of the header are the file format versions: 2 means WAL, 1 rollback journal. */
    static void setWalHeader(Path file, boolean wal) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(18);
            int v = wal ? 2 : 1;
            f.write(new byte[] {(byte) v, (byte) v});
        }
    }

    /** The page size a database file's header gives (bytes 16–17, big-endian; 1 means 65536). */
    static int pageSize(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() < 18) {
                return 0;
            }
            f.seek(16);
            int size = f.readUnsignedShort();
            return size == 1 ? 65536 : size;
        }
    }

    /** Rewrites a rollback-journal database file with another page size. */
    static void changePageSize(Path file, int pageSize) throws SQLException {
        try (SqliteConn c = SqliteConn.open("jdbc:sqlite:" + file, false, false)) {
            c.exec("PRAGMA page_size=" + pageSize);
            c.exec("VACUUM");
        }
    }

    static boolean isWalHeader(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() < 20) {
                return false;
            }
            f.seek(18);
            return f.read() == 2 || f.read() == 2;
        }
    }

    /**
     * Writes a SQL dump: tables (all, or those named) with their rows, then indexes, triggers and views, in one
     * read transaction so the dump is consistent.
     */
    static void dump(SqliteConn c, OutputStream out, List<String> onlyTables) throws SQLException, IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        c.exec("BEGIN");
        try {
            w.write("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
            for (String[] table : tables(c, onlyTables)) {
                dumpTable(c, w, table[0], table[1]);
            }
            try (Statement s = c.jdbc().createStatement();
                    ResultSet rs = s.executeQuery("SELECT name, tbl_name, sql FROM sqlite_master"
                            + " WHERE sql NOT NULL AND type IN ('index','trigger','view') ORDER BY rowid")) {
                while (rs.next()) {
                    if (onlyTables.isEmpty() || onlyTables.contains(rs.getString(2))) {
                        w.write(rs.getString(3));
                        w.write(";\n");
                    }
                }
            }
            w.write("COMMIT;\n");
            w.flush();
        } finally {
            c.exec("COMMIT");
        }
    }

    private static List<String[]> tables(SqliteConn c, List<String> only) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement s = c.jdbc().createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT name, sql FROM sqlite_master WHERE sql NOT NULL AND type = 'table' ORDER BY rowid")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (only.isEmpty() || only.contains(name)) {
                    tables.add(new String[] {name, rs.getString(2)});
                }
            }
        }
        return tables;
    }

    private static void dumpTable(SqliteConn c, Writer w, String name, String createSql)
            throws SQLException, IOException {
        if (name.equals("sqlite_sequence")) {
            w.write("DELETE FROM \"sqlite_sequence\";\n");
        } else if (name.equals("sqlite_stat1")) {
            w.write("ANALYZE \"sqlite_master\";\n");
        } else if (name.startsWith("sqlite_")) {
            return;
        } else {
            w.write(createSql);
            w.write(";\n");
        }
        String quoted = quoteIdentifier(name);
        List<String> columns = new ArrayList<>();
        try (Statement s = c.jdbc().createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info(" + quoteLiteral(name) + ")")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        // SQLite's quote() gives each value as a SQL literal, as the sqlite3 shell's .dump does.
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : " || ',' || ").append("quote(").append(quoteIdentifier(columns.get(i)))
                    .append(')');
        }
        select.append(" FROM ").append(quoted);
        String prefix = "INSERT INTO " + quoted + " VALUES(";
        try (Statement s = c.jdbc().createStatement(); ResultSet rs = s.executeQuery(select.toString())) {
            while (rs.next()) {
                w.write(prefix);
                w.write(rs.getString(1));
                w.write(");\n");
            }
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
