package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Statement;
import io.jrqlite.store.ReadLevel;
import io.jrqlite.store.ReadOptions;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;

/** {@code /db/query}: reads at the requested consistency level. */
final class QueryEndpoint implements Endpoint {

    private final Store store;
    private final StatementReader reader;
    private final HttpCounters counters;

    QueryEndpoint(Store store, StatementReader reader, HttpCounters counters) {
        this.store = store;
        this.reader = reader;
        this.counters = counters;
    }

    @Override
    public void handle(Exchange ex) {
        ex.useContentType(Exchange.JSON);
        List<Statement> statements;
        if (ex.method().equals(HttpMethod.GET)) {
            String q = ex.params().get("q");
            if (q == null) {
                StoreReplies.sendResult(ex, BatchResult.getDefaultInstance());
                return;
            }
            statements = List.of(Statement.newBuilder().setSql(q).build());
        } else if (ex.method().equals(HttpMethod.POST)) {
            try {
                statements = reader.parse(ex, true);
            } catch (BadRequestException e) {
                ex.sendError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
        } else {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        counters.queries.increment();
        if (StatementReader.hasDisallowedPragma(statements)) {
            StoreReplies.sendResultError(ex, StatementReader.DISALLOWED_PRAGMA);
            return;
        }
        ReadOptions read = readOptions(ex.params(), Duration.ofSeconds(10));
        Batch batch = Batches.of(reader.rewrite(statements, ex.params(), read.level() == ReadLevel.STRONG),
                ex.params());
        store.query(batch, read).whenCompleteAsync((result, failure) -> {
            if (failure != null) {
                StoreReplies.sendFailure(ex, failure);
            } else {
                StoreReplies.sendResult(ex, result);
            }
        }, ex.eventLoop());
    }

    static ReadOptions readOptions(QueryParams p, Duration defaultLinearizableTimeout) {
        Duration lin = p.duration("linearizable_timeout", defaultLinearizableTimeout);
        return new ReadOptions(ReadLevel.parse(p.get("level")), p.duration("freshness", Duration.ZERO),
                p.has("freshness_strict"), lin.isZero() ? Duration.ofSeconds(1) : lin);
    }
}
