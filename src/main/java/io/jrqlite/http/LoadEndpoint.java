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
 * {@code POST /db/load}: SQL text (a dump) runs as one all-or-nothing execute through the log and answers like an
 * execute with a single result. Loading a SQLite database file replaces the database through the log, which comes
 * with snapshots and restore: until then such a body gets 500.
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
            ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "loading a database file is not implemented");
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
            // rqlite sets no Content-Type here; Go's sniffing makes it text/plain.
            ex.send(HttpResponseStatus.OK, Exchange.TEXT, ResultsJson.render(result.toBuilder().clearRaftIndex()
                    .build(), StoreReplies.renderOptions(ex.params()), ex.elapsedSeconds(), 0));
        }), ex.eventLoop());
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
