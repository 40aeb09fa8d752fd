package io.jrqlite.store;

import com.alipay.sofa.jraft.util.Endpoint;
import io.jrqlite.cluster.ClusterClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Sends a follower's requests to the leader over the Raft port, and turns what can go wrong into the store's errors:
 * no leader known is {@code not leader}; a leader that cannot be reached (after the retries) is
 * {@code leader not found}; a call that outlives its timeout is {@link #TIMEOUT}; the leader's own failure keeps its
 * message. Thread-safe; never blocks.
 */
final class Forwarder {

    static final String TIMEOUT = "timeout waiting for the leader";
    /** Bounds a client's {@code retries}: each retry may wait a whole timeout. */
    private static final int MAX_RETRIES = 5;

    private final ClusterClient client;
    private final Supplier<Optional<Endpoint>> leader;
    private final Supplier<RaftState.Following> following;
    private final java.util.Set<Pending> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<RaftState.Following> watched =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * @param leader    the leader's Raft endpoint as this node knows it, empty when none is known or this node is it
     * @param following the leader this node follows now, and when it stops following it
     */
    Forwarder(ClusterClient client, Supplier<Optional<Endpoint>> leader, Supplier<RaftState.Following> following) {
        this.client = client;
        this.leader = leader;
        this.following = following;
    }

    /** The leader to send to; fails with {@code not leader} when none is known. */
    Endpoint leader() {
        return leader.get().orElseThrow(() -> new StoreException(StoreException.NOT_LEADER));
    }

    /**
     * Sends one request to {@code to} (the leader, as {@link #leader()} named it). A failure to reach it (no
     * connection) is retried once, and {@code retries} more times; a timeout is not retried: it has used the
     * request's budget.
     */
    CompletableFuture<byte[]> call(Endpoint to, String kind, byte[] payload, Forwarding how) {
        return attempt(to, kind, payload, how, retries(how), true);
    }

    /** As {@link #call}, for a request that itself moves leadership away from {@code to} (a stepdown). */
    CompletableFuture<byte[]> callMovingLeadership(Endpoint to, String kind, byte[] payload, Forwarding how) {
        return attempt(to, kind, payload, how, retries(how), false);
    }

    private static int retries(Forwarding how) {
        return Math.max(1, Math.min(MAX_RETRIES, how.retries() + 1));
    }

    private CompletableFuture<byte[]> attempt(Endpoint to, String kind, byte[] payload, Forwarding how,
            int retriesLeft, boolean endsWithLeader) {
        CompletableFuture<byte[]> sent = client.call(to, kind, payload, how.timeout(), how.credentials());
        return (endsWithLeader ? untilLeaderLost(to, sent) : sent).handle((bytes, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(bytes);
            }
            Throwable t = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (t instanceof ClusterClient.RemoteException) {
                return CompletableFuture.<byte[]>failedFuture(new StoreException(t.getMessage()));
            }
            if (isTimeout(t)) {
                return CompletableFuture.<byte[]>failedFuture(new StoreException(TIMEOUT));
            }
            // jraft throws its own RemotingException before anything is sent (no connection): safe to send again.
            // A failure after sending is not retried, since the leader may have applied the request.
            if (retriesLeft > 0 && t instanceof com.alipay.sofa.jraft.error.RemotingException) {
                return attempt(to, kind, payload, how, retriesLeft - 1, endsWithLeader);
            }
            return CompletableFuture.<byte[]>failedFuture(new StoreException(StoreException.LEADER_NOT_FOUND, t));
        }).thenCompose(f -> f);
    }

    /**
     * The call, failed early with {@code leader not found} if this node stops following {@code to} meanwhile: a
     * leader cut off from the cluster may never answer, and its followers notice within an election timeout, long
     * before a forwarding timeout (30 s by default) would end the wait.
     */
    private CompletableFuture<byte[]> untilLeaderLost(Endpoint to, CompletableFuture<byte[]> call) {
        RaftState.Following now = following.get();
        if (!now.leader().equals(to.toString())) {
            return call; // this node's state machine has not caught up with its new leader yet
        }
        if (watched.getAndSet(now) != now) { // once per leader followed
            now.ended().thenRun(() -> inFlight.forEach(p -> {
                if (p.leader() == now) {
                    p.answer().completeExceptionally(new LeaderLost());
                }
            }));
        }
        Pending pending = new Pending(now, new CompletableFuture<>());
        inFlight.add(pending);
        call.whenComplete((bytes, t) -> {
            inFlight.remove(pending);
            if (t != null) {
                pending.answer().completeExceptionally(t);
            } else {
                pending.answer().complete(bytes);
            }
        });
        if (now.ended().isDone()) { // ended before the call was listed
            pending.answer().completeExceptionally(new LeaderLost());
        }
        return pending.answer();
    }

    /** A call in flight, and the leader it was sent to as this node followed it. */
    private record Pending(RaftState.Following leader, CompletableFuture<byte[]> answer) {
    }

    /** This node stopped following the leader a call went to, before the answer came. */
    private static final class LeaderLost extends RuntimeException {
        LeaderLost() {
            super("the leader was lost", null, false, false);
        }
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof java.util.concurrent.TimeoutException
                || t instanceof com.alipay.sofa.jraft.error.InvokeTimeoutException
                || t instanceof com.alipay.remoting.rpc.exception.InvokeTimeoutException;
    }
}
