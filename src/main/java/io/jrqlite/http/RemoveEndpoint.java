package io.jrqlite.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/** {@code DELETE /remove}: takes a node out of the cluster, through the leader. */
final class RemoveEndpoint implements Endpoint {

    private static final JsonFactory JSON = new JsonFactory();

    private final Store store;

    RemoveEndpoint(Store store) {
        this.store = store;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.DELETE)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        String id;
        try {
            id = nodeId(ex.body());
        } catch (BadRequestException e) {
            ex.sendError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (LeaderRedirect.sent(ex, store)) {
            return;
        }
        store.remove(id, ex.forwarding()).whenComplete(StoreReplies.guarded(ex, (x, failure) -> {
            if (failure != null) {
                StoreReplies.sendFileFailure(ex, failure);
            } else {
                ex.sendStatus(HttpResponseStatus.OK);
            }
        }));
    }

    /** The body must be exactly {@code {"id": "<node id>"}}: one key, a string. */
    static String nodeId(byte[] body) throws BadRequestException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"id".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_STRING) {
                throw new BadRequestException("body must be {\"id\": \"<node id>\"}");
            }
            String id = p.getText();
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadRequestException("body must be {\"id\": \"<node id>\"}");
            }
            return id;
        } catch (IOException e) {
            throw new BadRequestException("body must be {\"id\": \"<node id>\"}");
        }
    }
}
