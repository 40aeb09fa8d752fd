package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Statement;
import io.jrqlite.store.ReadLevel;
import io.jrqlite.store.ReadOptions;
import io.jrqlite.store.Store;
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
    public String replyContentType() {
        return Exchange.JSON;
    }

    @Override
    public void handle(Exchange ex) {
        if (LeaderRedirect.sentForRead(ex, store)) {
            return;
        }
        List<Statement> statements = reader.fromQueryOrBody(ex, true);
        if (statements == null) {
            return;
        }
        if (statements.isEmpty()) {
            StoreReplies.sendResult(ex, BatchResult.getDefaultInstance());
            return;
        }
        counters.queries.increment();
        if (StatementReader.rejectedPragma(ex, statements)) {
            return;
        }
        ReadOptions read = readOptions(ex.params(),
                ex.params().duration("linearizable_timeout", Duration.ofSeconds(10)));
        Batch batch = Batches.of(reader.rewrite(statements, ex.params(), read.level() == ReadLevel.STRONG),
                ex.params());
        StoreReplies.replyWhenDone(ex, store.query(batch, read, ex.forwarding()));
    }

    /** The read options a request asks for; a zero linearizable timeout means the store default of 1s. */
    static ReadOptions readOptions(QueryParams p, Duration linearizableTimeout) {
        return new ReadOptions(ReadLevel.parse(p.get("level")), p.duration("freshness", Duration.ZERO),
                p.has("freshness_strict"), linearizableTimeout.isZero() ? Duration.ofSeconds(1) : linearizableTimeout);
    }
}
