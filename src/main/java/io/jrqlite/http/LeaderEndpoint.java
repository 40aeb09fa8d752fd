package io.jrqlite.http;

import io.jrqlite.http.json.TreeJson;
import io.jrqlite.store.Store;
import io.jrqlite.store.StoreException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/** {@code /leader}: GET the leader's node object; POST a stepdown. */
final class LeaderEndpoint implements Endpoint {

    private final Store store;
    private final NodesEndpoint nodes;

    LeaderEndpoint(Store store, NodesEndpoint nodes) {
        this.store = store;
        this.nodes = nodes;
    }

    @Override
    public void handle(Exchange ex) {
        ex.useContentType(Exchange.JSON);
        if (ex.method().equals(HttpMethod.GET)) {
            Optional<Store.Leader> leader = store.leader();
            Optional<Store.Member> member = leader.flatMap(l -> store.members().stream()
                    .filter(m -> m.raftAddress().equals(l.raftAddress())).findFirst());
            if (member.isEmpty()) {
                ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, StoreException.LEADER_NOT_FOUND);
                return;
            }
            ex.sendJson(TreeJson.toJson(nodes.describe(member.get()), ex.params().has("pretty")));
        } else if (ex.method().equals(HttpMethod.POST)) {
            if (!ex.params().has("wait")) {
                // rqlite starts the transfer and answers at once; a failure goes unnoticed without wait.
                ex.sendStatus(HttpResponseStatus.OK);
                return;
            }
            if (!store.isLeader()) {
                StoreReplies.sendFailure(ex, new StoreException(StoreException.NOT_LEADER));
                return;
            }
            // A single-node cluster has nobody to hand leadership to.
            ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "stepdown: no other voter to transfer leadership to");
        } else {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
        }
    }
}
