package io.jrqlite.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The equivalent of {@code sqlite3_stmt_readonly()}, which sqlite-jdbc does not expose.
 *
 * <p>SQLite decides read-only-ness from the program it compiles: a statement is not read-only when it opens
 * a write transaction ({@code Transaction} with p2 ≠ 0) or checkpoints, vacuums or changes the journal mode.
 * The same program is visible through {@code EXPLAIN <sql>}, so that is what is checked here, for the opcodes
 * above plus the ones that only ever appear in writing programs. Statements starting with {@code SELECT} or
 * {@code VALUES} are read-only without looking; {@code EXPLAIN …} is read-only by rqlite's rule. Results are
 * cached per SQL text (the verdict depends on the text, not on the data). Thread-safe.
 */
final class ReadOnlyClassifier {

    private static final int MAX_CACHED = 4096;
    private static final Set<String> WRITE_OPCODES = Set.of(
            "OpenWrite", "Vacuum", "JournalMode", "Checkpoint", "VUpdate", "IncrVacuum", "Destroy", "Clear",
            "CreateBtree", "ParseSchema", "SetCookie", "DropTable", "DropIndex", "DropTrigger");

    private final ConcurrentHashMap<String, Boolean> cache = new ConcurrentHashMap<>();

    /**
     * Whether {@code piece} is read-only, compiling {@code EXPLAIN <sql>} on {@code conn} when needed.
     *
     * @throws SQLException when the statement cannot be compiled
     */
    boolean isReadOnly(SqliteConn conn, SqlScript.Piece piece) throws SQLException {
        switch (piece.firstKeyword()) {
            case "SELECT", "VALUES", "EXPLAIN" -> {
                return true;
            }
            default -> {
            }
        }
        Boolean known = cache.get(piece.sql());
        if (known != null) {
            return known;
        }
        boolean ro = explain(conn, piece.sql());
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(piece.sql(), ro);
        return ro;
    }

    private static boolean explain(SqliteConn conn, String sql) throws SQLException {
        try (PreparedStatement ps = conn.jdbc().prepareStatement("EXPLAIN " + sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String op = rs.getString(2);
                if ("Transaction".equals(op) ? rs.getInt(4) != 0 : WRITE_OPCODES.contains(op)) {
                    return false;
                }
            }
            return true;
        }
    }
}
