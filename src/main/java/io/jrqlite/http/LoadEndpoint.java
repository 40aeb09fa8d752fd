package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.Statement;
import io.jrqlite.http.json.ResultsJson;
import io.jrqlite.sql.StatementKind;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * {@code POST /db/load}: a SQLite database file (detected by its first bytes) replaces the whole database through one
 * log entry and answers {@code {"results":[]}}; SQL text (a dump) runs as one all-or-nothing execute through the log
 * and answers like an execute with a single result.
 */
final class LoadEndpoint implements Endpoint {

    private static final byte[] SQLITE_MAGIC = "SQLite format".getBytes(StandardCharsets.US_ASCII);
    /** A dump's own transaction statements: the load already runs in one transaction. */
    private static final Pattern TRANSACTION_CONTROL =
            Pattern.compile("(?i)^(BEGIN(\\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\\s+TRANSACTION)?|COMMIT|END)"
                    + "(\\s+TRANSACTION)?$");

    private final Store store;
    private final HttpCounters counters;
    private final Executor worker;
    private final long maxSqlBytes;

    /**
     * @param maxSqlBytes the largest SQL text accepted (it runs as one batch, held in memory); database files may
     *                    be of any size, as they reach the log in pieces
     */
    LoadEndpoint(Store store, HttpCounters counters, Executor worker, long maxSqlBytes) {
        this.store = store;
        this.counters = counters;
        this.worker = worker;
        this.maxSqlBytes = maxSqlBytes;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.POST)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (LeaderRedirect.sent(ex, store)) {
            return;
        }
        counters.loads.increment();
        if (ex.bodyFailure() != null) {
            ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "cannot store the request body: " + ex.bodyFailure().getMessage());
            return;
        }
        worker.execute(() -> {
            try {
                route(ex);
            } catch (IOException e) {
                ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "load failed: " + e.getMessage());
            }
        });
    }

    /** On a worker thread: the body's first bytes say whether it is a database file or SQL text. */
    private void route(Exchange ex) throws IOException {
        Path file = bodyAsFile(ex, store, "load-");
        if (isSqlite(file)) {
            store.load(file, ex.forwarding()).whenCompleteAsync(StoreReplies.guarded(ex, (result, failure) -> {
                if (result != null) {
                    ex.servedBy(result.getServedBy());
                }
                if (failure != null) {
                    StoreReplies.sendFileFailure(ex, failure);
                } else if (!result.getError().isEmpty()) {
                    ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, result.getError());
                } else {
                    sendResult(ex, result);
                }
            }), ex.eventLoop());
            return;
        }
        if (Files.size(file) > maxSqlBytes) {
            ex.sendStatus(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        String script = withoutTransactionControl(Files.readString(file, StandardCharsets.UTF_8));
        Batch batch = Batch.newBuilder().setTransaction(true)
                .addStatements(Statement.newBuilder().setSql(script)).build();
        store.execute(batch, ex.forwarding()).whenCompleteAsync(StoreReplies.guarded(ex, (result, failure) -> {
            if (failure != null) {
                StoreReplies.sendFailure(ex, failure);
                return;
            }
            sendResult(ex, result);
        }), ex.eventLoop());
    }

    /**
     * The request body as a file: the spooled one, or (for a body that was not spooled) a temporary copy deleted
     * with the reply. Blocking: call on a worker.
     */
    static Path bodyAsFile(Exchange ex, Store store, String prefix) throws IOException {
        Path file = ex.bodyFile();
        if (file == null) {
            Path written = store.newTempFile(prefix);
            Files.write(written, ex.body());
            ex.onReply(() -> deleteQuietly(written));
            file = written;
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a start clears leftovers
        }
    }

    /** rqlite sets no Content-Type on these replies; Go's sniffing makes them text/plain. */
    private static void sendResult(Exchange ex, io.jrqlite.command.BatchResult result) {
        ex.servedBy(result.getServedBy());
        ex.send(HttpResponseStatus.OK, Exchange.TEXT, ResultsJson.render(result.toBuilder().clearRaftIndex().build(),
                StoreReplies.renderOptions(ex.params()), ex.elapsedSeconds(), 0));
    }

    static boolean isSqlite(byte[] body) {
        if (body.length < SQLITE_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < SQLITE_MAGIC.length; i++) {
            if (body[i] != SQLITE_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isSqlite(Path file) throws IOException {
        byte[] head = new byte[SQLITE_MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, head.length) == head.length && isSqlite(head);
        }
    }

    /** The script's statements less its own BEGIN/COMMIT, rejoined. */
    static String withoutTransactionControl(String script) {
        List<String> kept = new ArrayList<>();
        for (String statement : StatementKind.split(script)) {
            String s = statement.strip();
            if (!TRANSACTION_CONTROL.matcher(s.toUpperCase(Locale.ROOT)).matches()) {
                kept.add(s);
            }
        }
        return String.join("\n;\n", kept); // a statement may end in a -- comment
    }
}
