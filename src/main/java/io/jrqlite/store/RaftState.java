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

    void leaderChanged(boolean isLeader) {
        this.leader = isLeader;
    }
}
