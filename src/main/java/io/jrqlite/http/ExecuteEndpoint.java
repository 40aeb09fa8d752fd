package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Statement;
import io.jrqlite.queue.WriteQueue;
import io.jrqlite.store.Store;
import io.jrqlite.store.StoreException;
import io.jrqlite.http.json.ResultsJson;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /db/execute}: writes through the Raft log, or onto the write queue with {@code queue}. */
final class ExecuteEndpoint implements Endpoint {

    private final Store store;
    private final WriteQueue queue;
    private final StatementReader reader;
    private final HttpCounters counters;

    ExecuteEndpoint(Store store, WriteQueue queue, StatementReader reader, HttpCounters counters) {
        this.store = store;
        this.queue = queue;
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
        if (LeaderRedirect.sent(ex, store)) {
            return;
        }
        if (ex.params().has("queue")) {
            enqueue(ex);
            return;
        }
        counters.executions.increment();
        List<Statement> statements = reader.parseOrReject(ex, true);
        if (statements == null || StatementReader.rejectedPragma(ex, statements)) {
            return;
        }
        Batch batch = Batches.of(reader.rewrite(statements, ex.params(), true), ex.params());
        StoreReplies.replyWhenDone(ex, store.execute(batch, ex.forwarding()));
    }

    private void enqueue(Exchange ex) {
        counters.queuedExecutions.increment();
        if (!ex.params().has("noleader") && store.leader().isEmpty()) {
            ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, StoreException.LEADER_NOT_FOUND);
            return;
        }
        boolean wait = ex.params().has("wait");
        List<Statement> statements;
        try {
            statements = reader.parse(ex, false);
        } catch (BadRequestException e) {
            if ("no statements".equals(e.getMessage()) && !wait) {
                ex.sendError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
            // rqlite accepts an unparsable queued body silently and queues nothing.
            statements = List.of();
        }
        // rqlite queues such a request and then retries its batch forever; refusing it up front keeps the queue moving.
        if (StatementReader.rejectedPragma(ex, statements)) {
            return;
        }
        // noparse does not apply on the queue path: queued statements are always rewritten (rqlite does the same).
        QueryParams p = ex.params();
        List<Statement> rewritten = reader.rewrite(statements, !p.has("norwrandom"), !p.has("norwtime"));
        Duration timeout = ex.params().duration("timeout", Duration.ofSeconds(30));
        queue.enqueue(rewritten).whenComplete(StoreReplies.guarded(ex, (seq, failure) -> {
            if (failure != null) {
                StoreReplies.sendFailure(ex, failure);
                return;
            }
            if (!wait) {
                sendQueued(ex, seq);
                return;
            }
            queue.awaitFlushed(seq).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete(StoreReplies.guarded(ex, (v, t) -> {
                        if (t instanceof TimeoutException) {
                            ex.sendError(HttpResponseStatus.REQUEST_TIMEOUT, "queue wait timeout");
                        } else if (t != null) {
                            StoreReplies.sendFailure(ex, t);
                        } else {
                            sendQueued(ex, seq);
                        }
                    }));
        }));
    }

    /** {@code {"results":[],"sequence_number":N}}, with {@code time} under {@code timings} as rqlite writes it. */
    private static void sendQueued(Exchange ex, long sequence) {
        ex.sendJson(ResultsJson.render(BatchResult.getDefaultInstance(), StoreReplies.renderOptions(ex.params()),
                ex.elapsedSeconds(), sequence));
    }
}
