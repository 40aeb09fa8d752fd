package io.jrqlite.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrqlite.http.json.TreeJson;
import io.jrqlite.store.Store;
import io.jrqlite.store.StoreException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Optional;

/** {@code /leader}: GET the leader's node object; POST a stepdown. */
final class LeaderEndpoint implements Endpoint {

    private static final JsonFactory JSON = new JsonFactory();

    private final Store store;
    private final NodesEndpoint nodes;

    LeaderEndpoint(Store store, NodesEndpoint nodes) {
        this.store = store;
        this.nodes = nodes;
    }

    @Override
    public String replyContentType() {
        return Exchange.JSON;
    }

    @Override
    public void handle(Exchange ex) {
        if (ex.method().equals(HttpMethod.GET)) {
            Optional<Store.Leader> leader = store.leader();
            Optional<Store.Member> member = leader.flatMap(l -> store.members().stream()
                    .filter(m -> m.raftAddress().equals(l.raftAddress())).findFirst());
            if (member.isEmpty()) {
                ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, StoreException.LEADER_NOT_FOUND);
                return;
            }
            nodes.describe(member.get()).whenComplete(StoreReplies.guarded(ex, (described, t) ->
                    ex.sendJson(TreeJson.toJson(described, ex.params().has("pretty")))));
        } else if (ex.method().equals(HttpMethod.POST)) {
            stepdown(ex);
        } else {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
        }
    }

    private void stepdown(Exchange ex) {
        String target;
        try {
            target = targetId(ex);
        } catch (BadRequestException e) {
            ex.sendError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (LeaderRedirect.sent(ex, store)) {
            return;
        }
        boolean wait = ex.params().has("wait");
        if (!wait && !store.isLeader()) {
            // rqlite's quirk: without wait a follower answers at once and does nothing.
            ex.sendStatus(HttpResponseStatus.OK);
            return;
        }
        store.stepdown(target == null ? "" : target, wait, ex.forwarding()).whenComplete(StoreReplies.guarded(ex, (x, failure) -> {
            if (failure == null) {
                ex.sendStatus(HttpResponseStatus.OK);
            } else if (wait) {
                StoreReplies.sendFileFailure(ex, StoreReplies.prefixed("stepdown: ", failure));
            } else {
                ex.sendStatus(HttpResponseStatus.OK); // rqlite does not wait for the outcome without wait
            }
        }));
    }

    /** The optional {@code {"id":"..."}} body, read only when it is JSON and not empty, as rqlite does. */
    private static String targetId(Exchange ex) throws BadRequestException {
        if (!"application/json".equals(ex.contentType()) || ex.body().length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(ex.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException("invalid JSON body");
            }
            String id = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return id;
        } catch (IOException e) {
            throw new BadRequestException("invalid JSON body");
        }
    }
}
