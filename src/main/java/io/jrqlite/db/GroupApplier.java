package io.jrqlite.db;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Statement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.sqlite.SQLiteCommitListener;

/**
 * Group commit: several requests applied in one SQLite transaction, each inside its own
 * {@code SAVEPOINT} so it stays atomic, with results identical to applying them one by one.
 *
 * <p>Where the two could differ the group is not used, or is undone and redone one by one:
 * <ul>
 *   <li>requests holding transaction control, {@code VACUUM}, {@code ATTACH}/{@code DETACH} or PRAGMAs,
 *       or a {@code db_timeout} (an interrupt rolls back a whole transaction), are applied one by one;</li>
 *   <li>deferred foreign keys are checked at statement end in autocommit mode but only at {@code COMMIT}
 *       in a transaction, so a schema or request mentioning {@code DEFERRED} disables grouping;</li>
 *   <li>if the outer transaction is lost mid-group ({@code INSERT OR ROLLBACK}, {@code RAISE(ROLLBACK)},
 *       an I/O error; seen through SQLite's rollback hook right after the statement, before anything else
 *       runs in autocommit mode) or the final {@code COMMIT} fails, everything is rolled back,
 *       {@code last_insert_rowid()}/{@code changes()} are put back as they were, and the requests are
 *       applied one by one.</li>
 * </ul>
 * Runs on the read-write connection only; not thread-safe (the caller holds the write lock).
 */
final class GroupApplier {

    private static final Set<String> UNGROUPABLE = Set.of(
            "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM", "ATTACH", "DETACH", "PRAGMA");
    private static final String SAVEPOINT = "SAVEPOINT jrqlite_request";
    private static final String RELEASE = "RELEASE jrqlite_request";
    private static final String ROLLBACK_TO = "ROLLBACK TO jrqlite_request";

    private final SqliteConn rw;
    private final BatchRunner runner;
    private final Function<Work, BatchResult> single;
    private boolean transactionLost;
    // how groups went, for tests and diagnostics
    long grouped;
    long redone;
    long notGroupable;

    /**
     * @param single applies one request on its own (the one-by-one path)
     */
    GroupApplier(SqliteConn rw, BatchRunner runner, Function<Work, BatchResult> single) {
        this.rw = rw;
        this.runner = runner;
        this.single = single;
        rw.jdbc().addCommitListener(new SQLiteCommitListener() {
            @Override
            public void onCommit() {
            }

            @Override
            public void onRollback() {
                transactionLost = true;
            }
        });
    }

    List<BatchResult> apply(List<Work> works) {
        if (works.size() < 2) {
            return oneByOne(works);
        }
        if (!groupable(works)) {
            notGroupable++;
            return oneByOne(works);
        }
        long[] sticky;
        try {
            sticky = rw.sticky();
            rw.exec("BEGIN");
        } catch (SQLException e) {
            notGroupable++;
            return oneByOne(works); // e.g. a transaction left open by an earlier request
        }
        transactionLost = false;
        GroupScope scope = new GroupScope();
        List<BatchResult> results = new ArrayList<>(works.size());
        try {
            for (Work w : works) {
                rw.exec(SAVEPOINT);
                scope.rollbackRequested = false;
                BatchResult r = switch (w.kind()) {
                    case EXECUTE -> runner.execute(rw, w.batch(), scope);
                    case QUERY -> runner.query(rw, w.batch(), scope);
                    case REQUEST -> runner.request(rw, w.batch(), scope);
                };
                scope.afterStatement();
                if (scope.rollbackRequested) {
                    rw.exec(ROLLBACK_TO);
                }
                rw.exec(RELEASE);
                results.add(r);
            }
            rw.exec("COMMIT");
            if (!transactionLost) {
                grouped++;
                return results;
            }
        } catch (TransactionLost | SQLException e) {
            // fall through: undo and redo one by one
        }
        redone++;
        BatchRunner.rollbackQuietly(rw);
        restoreSticky(sticky[0], sticky[1]);
        return oneByOne(works);
    }

    private List<BatchResult> oneByOne(List<Work> works) {
        List<BatchResult> out = new ArrayList<>(works.size());
        for (Work w : works) {
            out.add(single.apply(w));
        }
        return out;
    }

    private boolean groupable(List<Work> works) {
        for (Work w : works) {
            Batch b = w.batch();
            if (b.getDbTimeoutMs() > 0) {
                return false;
            }
            for (Statement st : b.getStatementsList()) {
                for (SqlScript.Piece p : SqlScript.split(st.getSql())) {
                    if (UNGROUPABLE.contains(p.firstKeyword())) {
                        return false;
                    }
                    if (p.sql().toLowerCase(Locale.ROOT).contains("deferred")) {
                        return false;
                    }
                }
            }
        }
        try {
            PreparedStatement ps = rw.prepare(
                    "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE lower(sql) LIKE '%deferred%')");
            boolean deferred = ps.execute() && rw.longColumn(ps, 0) != 0;
            rw.reset(ps);
            return !deferred;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Puts {@code last_insert_rowid()} and {@code changes()} back to the given values (they are connection
     * state, untouched by a rollback): one INSERT of {@code changes} rows, the last with rowid
     * {@code rowid}, into a scratch TEMP table that is then dropped (DROP changes neither value).
     */
    private void restoreSticky(long rowid, long changes) {
        try {
            rw.exec("CREATE TEMP TABLE IF NOT EXISTS jrqlite_sticky(x)");
            if (changes == 0) {
                insertSticky("INSERT INTO temp.jrqlite_sticky(rowid) VALUES(?1)", rowid, 0);
                rw.exec("INSERT INTO temp.jrqlite_sticky(rowid) SELECT 1 WHERE 0");
            } else {
                insertSticky("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) "
                        + "INSERT INTO temp.jrqlite_sticky(rowid) "
                        + "SELECT CASE WHEN i = ?2 THEN ?1 WHEN ?1 > 0 THEN -i ELSE i END FROM n", rowid, changes);
            }
            rw.exec("DROP TABLE temp.jrqlite_sticky");
        } catch (SQLException e) {
            // only the sticky numbers of the first redone statements can differ; the data is right
        }
    }

    private void insertSticky(String sql, long rowid, long changes) throws SQLException {
        try (PreparedStatement ps = rw.jdbc().prepareStatement(sql)) {
            ps.setLong(1, rowid);
            if (changes > 0) {
                ps.setLong(2, changes);
            }
            ps.executeUpdate();
        }
    }

    /** Thrown from inside a request when the group's transaction has been rolled back under it. */
    private static final class TransactionLost extends RuntimeException {
        TransactionLost() {
            super("group transaction lost", null, false, false);
        }
    }

    private final class GroupScope implements BatchRunner.Scope {
        boolean rollbackRequested;

        @Override
        public void begin(SqliteConn c) {
            // the request's savepoint is already open
        }

        @Override
        public void commit(SqliteConn c) {
            // released by the group
        }

        @Override
        public void rollback(SqliteConn c) {
            rollbackRequested = true;
        }

        @Override
        public void afterStatement() {
            if (transactionLost) {
                throw new TransactionLost();
            }
        }
    }
}
