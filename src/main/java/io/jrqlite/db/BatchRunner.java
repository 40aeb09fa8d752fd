package io.jrqlite.db;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.ExecuteResult;
import io.jrqlite.command.Rows;
import io.jrqlite.command.Statement;
import io.jrqlite.command.StatementResult;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The semantics of one execute, query or request batch on a given connection (CONTRACT §1.5). How a
 * {@code transaction} batch begins, commits and rolls back is left to a {@link Scope}, so that the same code
 * runs a request on its own or as one savepoint of a group.
 */
final class BatchRunner {

    private static final int SQLITE_INTERRUPT = 9;

    /** Transaction control for batches with {@code transaction} set, and a check after every statement. */
    interface Scope {
        void begin(SqliteConn c) throws SQLException;

        void commit(SqliteConn c) throws SQLException;

        void rollback(SqliteConn c);

        /** Called after every statement; a group uses it to stop as soon as its transaction is lost. */
        default void afterStatement() {
        }
    }

    /** A batch on its own: {@code BEGIN} … {@code COMMIT}/{@code ROLLBACK}. */
    static final Scope STANDALONE = new Scope() {
        @Override
        public void begin(SqliteConn c) throws SQLException {
            c.exec("BEGIN");
        }

        @Override
        public void commit(SqliteConn c) throws SQLException {
            c.exec("COMMIT");
        }

        @Override
        public void rollback(SqliteConn c) {
            rollbackQuietly(c);
        }
    };

    private final ReadOnlyClassifier classifier;

    BatchRunner(ReadOnlyClassifier classifier) {
        this.classifier = classifier;
    }

    /** Writes: autocommit per statement, or all-or-nothing with {@code transaction} (stops at the first error). */
    BatchResult execute(SqliteConn c, Batch b, Scope scope) {
        return run(c, b, scope, (st, pieces) -> Outcome.of(executeStatement(c, st, pieces, b.getDbTimeoutMs())));
    }

    /**
     * Reads: every statement must be read-only; errors never stop later statements; {@code transaction}
     * wraps them in one read transaction.
     */
    BatchResult query(SqliteConn c, Batch b, Scope scope) {
        return run(c, b, scope, (st, pieces) -> new Outcome(StatementResult.newBuilder()
                .setRows(runQuery(c, st, pieces, b.getQualifyColumns(), b.getDbTimeoutMs(),
                        SqliteErrors.QUERY_TIMEOUT, true)).build(), false));
    }

    /**
     * Mixed: each statement is classified; read-only ones give rows, the others execute results. A statement
     * that cannot be compiled gives an error and processing continues, even in a transaction; with
     * {@code transaction} the first execution error stops and rolls back.
     */
    BatchResult request(SqliteConn c, Batch b, Scope scope) {
        return run(c, b, scope, (st, pieces) -> {
            boolean readOnly;
            try {
                readOnly = classify(c, pieces);
            } catch (SQLException e) {
                c.discard(pieces.get(0).sql());
                return new Outcome(error(SqliteErrors.message(e)), false);
            }
            if (readOnly && !st.getReturnsRows()) {
                Rows.Builder rows = runQuery(c, st, pieces, b.getQualifyColumns(), b.getDbTimeoutMs(),
                        SqliteErrors.QUERY_TIMEOUT, false);
                return Outcome.of(rows.getError().isEmpty()
                        ? StatementResult.newBuilder().setRows(rows).build()
                        : error(rows.getError()));
            }
            return Outcome.of(executeStatement(c, st, pieces, b.getDbTimeoutMs()));
        });
    }

    /** One statement's result, and whether an error in it stops a {@code transaction} batch. */
    private record Outcome(StatementResult result, boolean stopsOnError) {
        static Outcome of(StatementResult result) {
            return new Outcome(result, true);
        }
    }

    /** What one non-empty statement of a batch does. */
    private interface Step {
        Outcome apply(Statement statement, List<SqlScript.Piece> pieces);
    }

    /** The frame every batch shares: begin, each statement, stop-and-rollback or commit, deadline cleared. */
    private BatchResult run(SqliteConn c, Batch b, Scope scope, Step step) {
        BatchResult.Builder out = BatchResult.newBuilder();
        boolean tx = b.getTransaction();
        if (tx) {
            try {
                scope.begin(c);
            } catch (SQLException e) {
                return out.setError(SqliteErrors.message(e)).build();
            }
        }
        try {
            for (Statement st : b.getStatementsList()) {
                List<SqlScript.Piece> pieces = SqlScript.split(st.getSql());
                if (pieces.isEmpty()) {
                    continue;
                }
                Outcome o = step.apply(st, pieces);
                scope.afterStatement();
                out.addResults(o.result());
                if (tx && o.stopsOnError() && isError(o.result())) {
                    scope.rollback(c);
                    return out.build();
                }
            }
            if (tx) {
                commitOrRollback(c, scope, out);
            }
            return out.build();
        } finally {
            c.clearDeadline();
        }
    }

    /**
     * Read-only when every piece is; only the first piece must compile now (later ones may depend on what
     * earlier ones create, and then count as writes).
     */
    boolean classify(SqliteConn c, List<SqlScript.Piece> pieces) throws SQLException {
        SqlScript.Piece first = pieces.get(0);
        c.prepare(first.sql());
        if (!classifier.isReadOnly(c, first)) {
            return false;
        }
        for (int i = 1; i < pieces.size(); i++) {
            try {
                if (!classifier.isReadOnly(c, pieces.get(i))) {
                    return false;
                }
            } catch (SQLException e) {
                return false;
            }
        }
        return true;
    }

    private StatementResult executeStatement(SqliteConn c, Statement st, List<SqlScript.Piece> pieces,
                                             long timeoutMs) {
        if (st.getReturnsRows()) {
            Rows.Builder rows = runQuery(c, st, pieces, false, timeoutMs, SqliteErrors.EXECUTE_TIMEOUT, false);
            return rows.getError().isEmpty()
                    ? StatementResult.newBuilder().setRows(rows).build()
                    : error(rows.getError());
        }
        long t0 = System.nanoTime();
        String current = null;
        try {
            c.setDeadline(timeoutMs);
            ParameterBinder binder = new ParameterBinder(st.getParametersList());
            for (SqlScript.Piece p : pieces) {
                current = p.sql();
                PreparedStatement ps = c.prepare(current);
                binder.bind(ps, p);
                if (ps.execute()) {
                    c.reset(ps);
                }
            }
            c.disarmDeadline();
            long[] sticky = c.sticky();
            return StatementResult.newBuilder().setExecute(ExecuteResult.newBuilder()
                    .setLastInsertId(sticky[0])
                    .setRowsAffected(sticky[1])
                    .setTime(seconds(t0))).build();
        } catch (SQLException e) {
            c.disarmDeadline();
            if (current != null) {
                c.discard(current);
            }
            return error(errorText(c, e, SqliteErrors.EXECUTE_TIMEOUT));
        }
    }

    /**
     * Runs the pieces of one statement, returning the rows of the last one. With {@code enforceReadOnly}
     * each piece is checked just before it runs.
     */
    private Rows.Builder runQuery(SqliteConn c, Statement st, List<SqlScript.Piece> pieces, boolean qualify,
                                  long timeoutMs, String timeoutMessage, boolean enforceReadOnly) {
        long t0 = System.nanoTime();
        String current = null;
        try {
            c.setDeadline(timeoutMs);
            ParameterBinder binder = new ParameterBinder(st.getParametersList());
            Rows.Builder rows = null;
            for (int i = 0; i < pieces.size(); i++) {
                SqlScript.Piece p = pieces.get(i);
                current = p.sql();
                PreparedStatement ps = c.prepare(current);
                if (enforceReadOnly && !classifier.isReadOnly(c, p)) {
                    return Rows.newBuilder().setError(SqliteErrors.WRITE_IN_QUERY);
                }
                binder.bind(ps, p);
                boolean hasResultSet = ps.execute();
                if (i == pieces.size() - 1) {
                    rows = RowsReader.read(c, ps, hasResultSet, qualify);
                } else if (hasResultSet) {
                    c.reset(ps);
                }
            }
            c.disarmDeadline();
            return rows.setTime(seconds(t0));
        } catch (SQLException e) {
            c.disarmDeadline();
            if (current != null) {
                c.discard(current);
            }
            return Rows.newBuilder().setError(errorText(c, e, timeoutMessage));
        }
    }

    private static void commitOrRollback(SqliteConn c, Scope scope, BatchResult.Builder out) {
        try {
            scope.commit(c);
        } catch (SQLException e) {
            scope.rollback(c);
            out.setError(SqliteErrors.message(e));
        }
    }

    static void rollbackQuietly(SqliteConn c) {
        try {
            c.exec("ROLLBACK");
        } catch (SQLException e) {
            // "cannot rollback - no transaction is active": SQLite already rolled back
        }
    }

    static boolean isError(StatementResult r) {
        return r.hasError() || (r.hasRows() && !r.getRows().getError().isEmpty());
    }

    private static StatementResult error(String message) {
        return StatementResult.newBuilder().setError(message).build();
    }

    private static String errorText(SqliteConn c, SQLException e, String timeoutMessage) {
        if (c.timedOut() && SqliteErrors.primaryCode(e) == SQLITE_INTERRUPT) {
            return timeoutMessage;
        }
        return SqliteErrors.message(e);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
