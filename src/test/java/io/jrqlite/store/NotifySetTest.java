package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifySetTest {

    @Test
    void completesOnTheNthDistinctIdAndOnlyOnce() {
        NotifySet set = new NotifySet(3);
        assertThat(set.add("a", "h:1")).isEmpty();
        assertThat(set.add("a", "h:1")).as("the same node again").isEmpty();
        assertThat(set.add("b", "h:2")).isEmpty();
        assertThat(set.add("c", "h:3")).contains(Map.of("a", "h:1", "b", "h:2", "c", "h:3"));
        assertThat(set.add("d", "h:4")).as("handed out once").isEmpty();
        assertThat(set.add("c", "h:3")).isEmpty();
    }

    @Test
    void aNodeAnnouncingANewAddressCountsOnceWithTheLatest() {
        NotifySet set = new NotifySet(2);
        assertThat(set.add("a", "old:1")).isEmpty();
        assertThat(set.add("a", "new:1")).isEmpty();
        assertThat(set.add("b", "h:2")).contains(Map.of("a", "new:1", "b", "h:2"));
    }

    @Test
    void withoutBootstrapExpectNothingCompletes() {
        NotifySet set = new NotifySet(0);
        assertThat(set.add("a", "h:1")).isEmpty();
    }

    @Test
    void aSingleExpectedVoterCompletesAtOnce() {
        assertThat(new NotifySet(1).add("a", "h:1")).contains(Map.of("a", "h:1"));
    }
}
