package io.jrqlite.store;

import java.util.Map;
import java.util.TreeMap;
import io.jrqlite.cluster.ClusterService;
import java.util.concurrent.atomic.AtomicLong;

/** Requests this node's cluster service received, for the {@code cluster} expvar map; the names are rqlite's. */
final class ClusterCounters {
    final AtomicLong numJoinReq = new AtomicLong();
    final AtomicLong numNotifyReq = new AtomicLong();

    /** A handler that counts each request before handing it on, whatever it answers. */
    static ClusterService.Handler counted(AtomicLong counter, ClusterService.Handler handler) {
        return payload -> {
            counter.incrementAndGet();
            return handler.handle(payload);
        };
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("num_join_req", numJoinReq.get());
        m.put("num_notify_req", numNotifyReq.get());
        return m;
    }
}
