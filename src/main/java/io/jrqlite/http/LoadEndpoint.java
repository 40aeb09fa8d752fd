package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.Statement;
import io.jrqlite.http.json.ResultsJson;
import io.jrqlite.sql.StatementKind;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    LoadEndpoint(Store store, HttpCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.POST)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        counters.loads.increment();
        byte[] body = ex.body();
        if (isSqlite(body)) {
            store.load(body).whenCompleteAsync(StoreReplies.guarded(ex, (result, failure) -> {
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
        String script = withoutTransactionControl(new String(body, StandardCharsets.UTF_8));
        Batch batch = Batch.newBuilder().setTransaction(true)
                .addStatements(Statement.newBuilder().setSql(script)).build();
        store.execute(batch).whenCompleteAsync(StoreReplies.guarded(ex, (result, failure) -> {
            if (failure != null) {
                StoreReplies.sendFailure(ex, failure);
                return;
            }
            sendResult(ex, result);
        }), ex.eventLoop());
    }

    /** rqlite sets no Content-Type on these replies; Go's sniffing makes them text/plain. */
    private static void sendResult(Exchange ex, io.jrqlite.command.BatchResult result) {
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
