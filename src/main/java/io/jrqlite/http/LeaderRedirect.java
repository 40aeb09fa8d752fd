package io.jrqlite.http;

import io.jrqlite.store.ReadLevel;
import io.jrqlite.store.Store;
import io.jrqlite.store.StoreException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code redirect}: a follower answers 301 with the leader's API URL instead of forwarding the request. The
 * leader's URL is asked of the leader itself over the Raft port.
 */
final class LeaderRedirect {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private LeaderRedirect() {
    }

    /** Whether the request was answered with a redirect (or with the reason there is none). */
    static boolean sent(Exchange ex, Store store) {
        if (!ex.params().has("redirect") || store.isLeader()) {
            return false;
        }
        Optional<Store.Leader> leader = store.leader();
        if (leader.isEmpty()) {
            ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, StoreException.LEADER_NOT_FOUND);
            return true;
        }
        Store.Member member = new Store.Member(leader.get().nodeId(), leader.get().raftAddress(), true);
        store.meta(member, ASK_TIMEOUT).whenComplete(StoreReplies.guarded(ex, (meta, failure) -> {
            if (failure != null) {
                ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, StoreException.LEADER_NOT_FOUND);
            } else {
                ex.sendRedirect(HttpResponseStatus.MOVED_PERMANENTLY, meta.apiUrl() + ex.uri());
            }
        }));
        return true;
    }

    /** Reads at level {@code none} are served here, redirect or not. */
    static boolean sentForRead(Exchange ex, Store store) {
        return ReadLevel.parse(ex.params().get("level")) != ReadLevel.NONE && sent(ex, store);
    }
}
