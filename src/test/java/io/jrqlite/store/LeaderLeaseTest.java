package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The leader lease handed to jraft as a share of the election timeout. */
class LeaderLeaseTest {

    @Test
    void unsetIsRqlitesFiveHundredMilliseconds() {
        assertThat(RaftStore.leaderLeaseRatio(Duration.ZERO, 1000)).isEqualTo(50);
        assertThat(RaftStore.leaderLeaseRatio(Duration.ZERO, 2000)).isEqualTo(25);
    }

    @Test
    void unsetStaysBelowAShortElectionTimeout() {
        assertThat(RaftStore.leaderLeaseRatio(Duration.ZERO, 300)).isEqualTo(90);
    }

    @Test
    void aSetLeaseIsKeptWithinJraftsBounds() {
        assertThat(RaftStore.leaderLeaseRatio(Duration.ofMillis(250), 1000)).isEqualTo(25);
        assertThat(RaftStore.leaderLeaseRatio(Duration.ofSeconds(5), 1000)).isEqualTo(100);
        assertThat(RaftStore.leaderLeaseRatio(Duration.ofMillis(1), 1000)).isEqualTo(1);
    }
}
