package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.jraft.core.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreStatsTest {

    @ParameterizedTest
    @CsvSource({"0, 0 B", "999, 999 B", "1000, 1.0 kB", "71208, 71 kB", "4194304, 4.2 MB", "1500000000, 1.5 GB"})
    void sizesReadLikeRqlites(long bytes, String friendly) {
        assertThat(StoreStats.friendlyBytes(bytes)).isEqualTo(friendly);
    }

    @ParameterizedTest
    @CsvSource({"STATE_LEADER, Leader", "STATE_TRANSFERRING, Leader", "STATE_FOLLOWER, Follower",
        "STATE_CANDIDATE, Candidate", "STATE_SHUTDOWN, Shutdown", "STATE_ERROR, Shutdown"})
    void raftStatesAreNamedLikeHashicorpRafts(State state, String name) {
        assertThat(StoreStats.stateName(state)).isEqualTo(name);
    }
}
