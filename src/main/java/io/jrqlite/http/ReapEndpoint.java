package io.jrqlite.http;

import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** {@code POST /reap}: consolidates the snapshots now and says how many it merged. */
final class ReapEndpoint implements Endpoint {

    private final Store store;
    private final HttpCounters counters;

    ReapEndpoint(Store store, HttpCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    @Override
    public void handle(Exchange ex) {
        counters.userReaps.increment(); // counted at routing, as rqlite does
        if (!ex.method().equals(HttpMethod.POST)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        store.reap().whenComplete(StoreReplies.guarded(ex, (reaped, failure) -> {
            if (failure != null) {
                StoreReplies.sendFileFailure(ex, failure);
                return;
            }
            String json = "{\"snapshots_reaped\":" + reaped.snapshotsReaped() + ",\"wals_checkpointed\":"
                    + reaped.walsCheckpointed() + "}\n";
            ex.sendJson(json.getBytes(StandardCharsets.UTF_8));
        }));
    }
}
