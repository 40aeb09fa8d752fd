package io.jrqlite.http;

import io.jrqlite.command.GoDuration;
import io.jrqlite.http.json.TreeJson;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@code /nodes}: the cluster's members and whether each answers; also builds the node objects of {@code /leader}. */
final class NodesEndpoint implements Endpoint {

    private final Store store;
    private final NodeInfo node;

    NodesEndpoint(Store store, NodeInfo node) {
        this.store = store;
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
        boolean nonVoters = ex.params().has("nonvoters");
        List<CompletableFuture<Map<String, Object>>> described = new ArrayList<>();
        for (Store.Member m : store.members()) {
            if (m.voter() || nonVoters) {
                described.add(describe(m));
            }
        }
        boolean pretty = ex.params().has("pretty");
        CompletableFuture.allOf(described.toArray(CompletableFuture[]::new)).whenComplete(StoreReplies.guarded(ex,
                (x, t) -> {
                    List<Map<String, Object>> nodes = new ArrayList<>();
                    described.forEach(f -> nodes.add(f.join()));
                    if ("2".equals(ex.params().get("ver"))) {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("nodes", nodes);
                        ex.sendJson(TreeJson.toJson(body, pretty));
                        return;
                    }
                    Map<String, Object> byId = new java.util.TreeMap<>();
                    for (Map<String, Object> n : nodes) {
                        byId.put((String) n.get("id"), n);
                    }
                    ex.sendJson(TreeJson.toJson(byId, pretty));
                }));
    }

    /**
     * The node object of rqlite's {@code /nodes} and {@code /leader}, fields in rqlite's order; other members are
     * asked for their id, API URL and version over the Raft port. Never fails: an unreachable node is described as
     * such.
     */
    CompletableFuture<Map<String, Object>> describe(Store.Member m) {
        long start = System.nanoTime();
        return store.meta(m, CONTACT_TIMEOUT).handle((meta, failure) -> {
            Optional<Store.Leader> leader = store.leader();
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", meta != null ? meta.id() : m.id());
            if (meta != null) {
                n.put("api_addr", meta.apiUrl());
            }
            n.put("addr", m.raftAddress());
            n.put("version", meta != null ? meta.version() : "");
            n.put("voter", m.voter());
            n.put("reachable", meta != null);
            n.put("leader", leader.map(l -> l.raftAddress().equals(m.raftAddress())).orElse(false));
            if (meta != null) {
                Duration took = Duration.ofNanos(Math.max(1, System.nanoTime() - start));
                n.put("time", took.toNanos() / 1e9);
                n.put("time_s", GoDuration.format(took));
            } else {
                Throwable t = failure.getCause() != null ? failure.getCause() : failure;
                n.put("error", String.valueOf(t.getMessage()));
            }
            return n;
        });
    }

    private static final Duration CONTACT_TIMEOUT = Duration.ofSeconds(5);
}
