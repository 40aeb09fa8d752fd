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
    /** Set when the store closes: committed entries not yet applied are skipped (see DatabaseStateMachine). */
    volatile boolean closing;

    void leaderChanged(boolean isLeader) {
        this.leader = isLeader;
    }
}
