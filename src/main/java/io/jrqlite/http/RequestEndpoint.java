package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.Statement;
import io.jrqlite.store.ReadOptions;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;

/** {@code /db/request}: the unified endpoint, reads and writes mixed. */
final class RequestEndpoint implements Endpoint {

    private final Store store;
    private final StatementReader reader;
    private final HttpCounters counters;

    RequestEndpoint(Store store, StatementReader reader, HttpCounters counters) {
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
        if (!ex.method().equals(HttpMethod.POST)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (LeaderRedirect.sentForRead(ex, store)) {
            return;
        }
        counters.requests.increment();
        List<Statement> statements = reader.parseOrReject(ex, false);
        if (statements == null || StatementReader.rejectedPragma(ex, statements)) {
            return;
        }
        Batch batch = Batches.of(reader.rewrite(statements, ex.params(), true), ex.params());
        // rqlite does not pass linearizable_timeout through on this endpoint: the store default of 1s applies.
        ReadOptions read = QueryEndpoint.readOptions(ex.params(), Duration.ofSeconds(1));
        StoreReplies.replyWhenDone(ex, store.request(batch, read, ex.forwarding()));
    }
}
