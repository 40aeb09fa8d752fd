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

/** {@code /nodes}: the cluster's members and whether each answers; also builds the node objects of {@code /leader}. */
final class NodesEndpoint implements Endpoint {

    private final Store store;
    private final NodeInfo node;

    NodesEndpoint(Store store, NodeInfo node) {
        this.store = store;
        this.node = node;
    }

    @Override
    public void handle(Exchange ex) {
        ex.useContentType(Exchange.JSON);
        if (!ex.method().equals(HttpMethod.GET)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        boolean nonVoters = ex.params().has("nonvoters");
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Store.Member m : store.members()) {
            if (m.voter() || nonVoters) {
                nodes.add(describe(m));
            }
        }
        boolean pretty = ex.params().has("pretty");
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
    }

    /** The node object of rqlite's {@code /nodes} and {@code /leader}, fields in rqlite's order. */
    Map<String, Object> describe(Store.Member m) {
        long start = System.nanoTime();
        Optional<Store.Leader> leader = store.leader();
        boolean self = m.id().equals(store.nodeId());
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", m.id());
        if (self) {
            n.put("api_addr", node.apiUrl());
        }
        n.put("addr", m.raftAddress());
        n.put("version", self ? node.version() : "");
        n.put("voter", m.voter());
        n.put("reachable", self);
        n.put("leader", leader.map(l -> l.raftAddress().equals(m.raftAddress())).orElse(false));
        if (self) {
            Duration took = Duration.ofNanos(Math.max(1, System.nanoTime() - start));
            n.put("time", took.toNanos() / 1e9);
            n.put("time_s", GoDuration.format(took));
        } else {
            // Contacting other nodes over the Raft port comes with the cluster's internode service.
            n.put("error", "node not contactable");
        }
        return n;
    }
}
