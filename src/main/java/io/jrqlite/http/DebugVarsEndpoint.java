package io.jrqlite.http;

import io.jrqlite.http.json.TreeJson;
import io.jrqlite.queue.WriteQueue;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;

/** {@code /debug/vars}: Go's expvar page with rqlite's counter maps. Any method, as in rqlite. */
final class DebugVarsEndpoint implements Endpoint {

    private final Store store;
    private final WriteQueue queue;
    private final HttpCounters httpCounters;
    private final NodeInfo node;

    DebugVarsEndpoint(Store store, WriteQueue queue, HttpCounters httpCounters, NodeInfo node) {
        this.store = store;
        this.queue = queue;
        this.httpCounters = httpCounters;
        this.node = node;
    }

    @Override
    public void handle(Exchange ex) {
        Map<String, Object> vars = new TreeMap<>();
        vars.put("cmdline", new TreeJson.Func(node.cmdline()));
        vars.put("memstats", new TreeJson.Func(memstats()));
        vars.put("store", new TreeMap<>(store.counters()));
        vars.put("http", httpCounters.snapshot());
        vars.put("queue", queue.counters());
        Map<String, Object> cluster = new TreeMap<>(store.clusterCounters());
        cluster.put("num_client_force_new_conn", 0L); // no connection pool of our own to retry on
        vars.put("cluster", cluster);
        String key = ex.params().get("key");
        if (key != null) {
            Object one = vars.get(key);
            vars = new TreeMap<>();
            if (one != null) {
                vars.put(key, one);
            }
        }
        ex.send(HttpResponseStatus.OK, Exchange.JSON, TreeJson.expvar(vars));
    }

    private static Map<String, Object> memstats() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        Map<String, Object> m = new TreeMap<>();
        m.put("Alloc", heap.getUsed());
        m.put("HeapAlloc", heap.getUsed());
        m.put("HeapSys", heap.getCommitted());
        m.put("Sys", heap.getCommitted() + nonHeap.getCommitted());
        m.put("NumGC", gcs);
        return m;
    }
}
