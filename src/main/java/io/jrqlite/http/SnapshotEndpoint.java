package io.jrqlite.http;

import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code POST /snapshot}: a snapshot now; 200 when taken, 204 when nothing is new since the last one. */
final class SnapshotEndpoint implements Endpoint {

    private final Store store;
    private final HttpCounters counters;

    SnapshotEndpoint(Store store, HttpCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    @Override
    public void handle(Exchange ex) {
        counters.userSnapshots.increment(); // rqlite counts at routing: refused requests too
        if (!ex.method().equals(HttpMethod.POST)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        store.snapshot().whenComplete(StoreReplies.guarded(ex, (taken, failure) -> {
            if (failure != null) {
                StoreReplies.sendFileFailure(ex, failure);
            } else {
                ex.sendStatus(taken ? HttpResponseStatus.OK : HttpResponseStatus.NO_CONTENT);
            }
        }));
    }
}
