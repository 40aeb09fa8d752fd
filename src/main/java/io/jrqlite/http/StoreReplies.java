package io.jrqlite.http;

import io.jrqlite.command.BatchResult;
import io.jrqlite.http.json.ResultsJson.RenderOptions;
import io.jrqlite.http.json.ResultsJson;
import io.jrqlite.store.StoreException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionException;

/** How the database endpoints answer: results as rqlite's JSON, store failures as rqlite's status codes. */
final class StoreReplies {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreReplies.class);

    private StoreReplies() {
    }

    static RenderOptions renderOptions(QueryParams p) {
        return new RenderOptions(p.has("pretty"), p.has("associative"), p.has("blob_array"), p.has("timings"));
    }

    /** Answers with the results or the failure once the store is done, rendering on the connection's event loop. */
    static void replyWhenDone(Exchange ex, java.util.concurrent.CompletableFuture<BatchResult> pending) {
        pending.whenCompleteAsync(guarded(ex, (result, failure) -> {
            if (failure != null) {
                sendFailure(ex, failure);
            } else {
                sendResult(ex, result);
            }
        }), ex.eventLoop());
    }

    /**
     * A completion action that answers 500 if it fails itself: an exception thrown inside a future's callback would
     * otherwise vanish and leave the client waiting for ever.
     */
    static <T> java.util.function.BiConsumer<T, Throwable> guarded(Exchange ex,
            java.util.function.BiConsumer<T, Throwable> action) {
        return (value, failure) -> {
            try {
                action.accept(value, failure);
            } catch (Throwable t) {
                LOG.error("{} {}: reply failed", ex.method(), ex.path(), t);
                ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(t.getMessage()));
            }
        };
    }

    static void sendResult(Exchange ex, BatchResult result) {
        ex.servedBy(result.getServedBy());
        BatchResult shown = ex.params().has("raft_index") ? result : result.toBuilder().clearRaftIndex().build();
        ex.sendJson(ResultsJson.render(shown, renderOptions(ex.params()), ex.elapsedSeconds(), 0));
    }

    /** A request-level error inside a 200 reply: {@code {"results":[],"error":"..."}}. */
    static void sendResultError(Exchange ex, String error) {
        sendResult(ex, BatchResult.newBuilder().setError(error).build());
    }

    /**
     * For the file endpoints (backup, load): no leader or no store as anywhere else, any other failure a 500 with the
     * message as text (rqlite does not answer these with JSON).
     */
    static void sendFileFailure(Exchange ex, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (isRemoteRefusal(t)) {
            ex.sendError(HttpResponseStatus.UNAUTHORIZED, AccessRules.remoteRefusal(ex.path()));
        } else if (t instanceof StoreException se && !se.isNotLeader() && !StoreException.NOT_OPEN.equals(se.getMessage())) {
            ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, se.getMessage());
        } else {
            sendFailure(ex, t);
        }
    }

    /** A store failure whose message gets {@code prefix}, unless it says there is no leader or no store. */
    static Throwable prefixed(String prefix, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof StoreException se && !se.isNotLeader() && !StoreException.NOT_OPEN.equals(se.getMessage())
                && !StoreException.LEADER_NOT_FOUND.equals(se.getMessage()) && !isRemoteRefusal(se)) {
            return new StoreException(prefix + se.getMessage());
        }
        return t;
    }

    /** The leader refused the credentials this node passed on with a forwarded request. */
    private static boolean isRemoteRefusal(Throwable t) {
        return t instanceof StoreException && io.jrqlite.cluster.ClusterService.UNAUTHORIZED.equals(t.getMessage());
    }

    static void sendFailure(Exchange ex, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (isRemoteRefusal(t)) {
            ex.sendError(HttpResponseStatus.UNAUTHORIZED, AccessRules.remoteRefusal(ex.path()));
            return;
        }
        if (t instanceof StoreException se) {
            if (se.isNotLeader() || StoreException.LEADER_NOT_FOUND.equals(se.getMessage())) {
                // A lone node that is not the leader knows no leader to forward to or redirect to.
                HttpResponseStatus status = ex.params().has("redirect")
                        ? HttpResponseStatus.INTERNAL_SERVER_ERROR : HttpResponseStatus.SERVICE_UNAVAILABLE;
                ex.sendError(status, StoreException.LEADER_NOT_FOUND);
                return;
            }
            if (StoreException.NOT_OPEN.equals(se.getMessage())) {
                ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, se.getMessage());
                return;
            }
            sendResultError(ex, se.getMessage());
            return;
        }
        ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(t.getMessage()));
    }
}
