package io.jrqlite.store;

import com.alipay.sofa.jraft.conf.Configuration;

/** What the state machine learns as it runs, published for status and read checks on other threads. */
final class RaftState {
    volatile long fsmIndex;
    volatile long fsmTerm;
    volatile long fsmUpdateTime;
    volatile long term;
    volatile boolean leader;
    volatile Configuration configuration = new Configuration();
    volatile long lastSnapshotIndex;
    volatile long lastSnapshotTerm;
    /** Set once the store has opened: a snapshot restored before that is a start-up restore. */
    volatile boolean started;

    /** The leader this node follows (empty: none), and a future completed once it stops following that one. */
    record Following(String leader, java.util.concurrent.CompletableFuture<Void> ended) {
    }

    volatile Following following = new Following("", new java.util.concurrent.CompletableFuture<>());

    void leaderChanged(boolean isLeader) {
        this.leader = isLeader;
    }

    /** Called on the state-machine thread as this node starts or stops following a leader. */
    void followingChanged(String leader) {
        Following was = following;
        if (!was.leader().equals(leader)) {
            following = new Following(leader, new java.util.concurrent.CompletableFuture<>());
            was.ended().complete(null);
        }
    }
}
