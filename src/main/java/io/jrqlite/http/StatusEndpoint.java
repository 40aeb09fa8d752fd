package io.jrqlite.http;

import io.jrqlite.command.GoDuration;
import io.jrqlite.http.json.TreeJson;
import io.jrqlite.queue.WriteQueue;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@code /status}: the node's state in rqlite's shape, whole or one sub-tree with {@code key}. */
final class StatusEndpoint implements Endpoint {

    private final Store store;
    private final WriteQueue queue;
    private final NodeInfo node;
    private final Executor worker;
    private final HttpCounters counters;
    private final boolean authEnabled;

    /**
     * @param worker where the status is built: it reads files and may wait for the database, never on an event loop
     */
    StatusEndpoint(Store store, WriteQueue queue, NodeInfo node, Executor worker, HttpCounters counters,
            boolean authEnabled) {
        this.counters = counters;
        this.authEnabled = authEnabled;
        this.store = store;
        this.worker = worker;
        this.queue = queue;
        this.node = node;
    }

    @Override
    public String replyContentType() {
        return Exchange.JSON;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.GET)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        CompletableFuture.supplyAsync(() -> sortedMaps(status()), worker)
                .whenComplete(StoreReplies.guarded(ex, (status, failure) -> {
                    if (failure != null) {
                        ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(failure.getMessage()));
                        return;
                    }
                    String key = ex.params().get("key");
                    if (key != null) {
                        // rqlite re-marshals the sub-tree plainly: pretty does not apply with key.
                        ex.sendJson(TreeJson.toJson(lookup(status, key), false));
                    } else {
                        ex.sendJson(TreeJson.toJson(status, ex.params().has("pretty")));
                    }
                }));
    }

    /**
     * rqlite builds its status from Go maps, which marshal with sorted keys; objects inside lists are Go structs and
     * keep their field order.
     */
    @SuppressWarnings("unchecked")
    static <T> T sortedMaps(T tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new java.util.TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sortedMaps(v)));
            return (T) sorted;
        }
        return tree;
    }

    static Object lookup(Map<String, Object> tree, String key) {
        Object current = tree;
        for (String part : key.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return current;
            }
            current = map.get(part);
            if (current == null) {
                return Map.of();
            }
        }
        return current;
    }

    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("build", build());
        m.put("cluster", cluster());
        m.put("extensions", Map.of("dir", "", "names", List.of()));
        m.put("http", http());
        if (counters.lastBackup != null) {
            m.put("last_backup_time", counters.lastBackup.toString());
        }
        m.put("mux", mux());
        m.put("node", nodeSection());
        m.put("os", os());
        m.put("runtime", runtime());
        m.put("store", store.stats());
        return m;
    }

    private Map<String, Object> build() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("build_time", node.buildTime());
        b.put("commit", node.commit());
        b.put("compiler_command", "javac");
        b.put("compiler_toolchain", "java" + Runtime.version().feature());
        b.put("version", node.version());
        return b;
    }

    private Map<String, Object> cluster() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("addr", store.raftAddress());
        c.put("api_addr", node.httpAdvertised());
        c.put("https", String.valueOf(node.tls() != null));
        return c;
    }

    private Map<String, Object> http() {
        Map<String, Object> h = new LinkedHashMap<>();
        if (node.allowOrigin() != null && !node.allowOrigin().isEmpty()) {
            h.put("allow_origin", node.allowOrigin());
        }
        h.put("auth", authEnabled ? "enabled" : "disabled");
        h.put("bind_addr", node.httpBind());
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("local_node_addr", store.raftAddress());
        cluster.put("timeout", "30s");
        h.put("cluster", cluster);
        h.put("queue", Map.of("_default", queue.stats()));
        h.put("tls", tls());
        return h;
    }

    /** The HTTPS settings, worded as Go's crypto/tls names them. */
    private Map<String, Object> tls() {
        Map<String, Object> t = new LinkedHashMap<>();
        TlsSettings s = node.tls();
        t.put("enabled", String.valueOf(s != null));
        if (s != null) {
            t.put("client_auth", s.verifyClient() ? "RequireAndVerifyClientCert" : "NoClientCert");
            t.put("cert_file", s.certFile());
            t.put("key_file", s.keyFile());
            t.put("ca_file", s.caFile());
            t.put("next_protos", ServerTls.NEXT_PROTOS);
        }
        return t;
    }

    /** The Raft port: one port carries Raft and (later) the internode service. */
    private Map<String, Object> mux() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("addr", store.raftAddress());
        m.put("timeout", "30s");
        m.put("tls", io.jrqlite.cluster.NodeTls.enabled() ? "enabled" : "disabled");
        return m;
    }

    private Map<String, Object> nodeSection() {
        Instant now = Instant.now();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("current_time", now.toString());
        n.put("start_time", node.startTime().toString());
        n.put("uptime", GoDuration.format(Duration.between(node.startTime(), now)));
        return n;
    }

    private static Map<String, Object> os() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("executable", ProcessHandle.current().info().command().orElse("java"));
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            hostname = "";
        }
        o.put("hostname", hostname);
        o.put("page_size", 4096);
        o.put("pid", ProcessHandle.current().pid());
        o.put("ppid", ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L));
        return o;
    }

    private static Map<String, Object> runtime() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("GOARCH", System.getProperty("os.arch"));
        r.put("GOMAXPROCS", Runtime.getRuntime().availableProcessors());
        r.put("GOOS", System.getProperty("os.name").toLowerCase());
        r.put("kubernetes_hint", System.getenv("KUBERNETES_SERVICE_HOST") != null);
        r.put("num_cpu", Runtime.getRuntime().availableProcessors());
        r.put("num_goroutine", ManagementFactory.getThreadMXBean().getThreadCount());
        r.put("version", "java" + Runtime.version());
        return r;
    }
}
