package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.Member;
import org.junit.jupiter.api.Test;

class MemberIdsTest {

    private static Member member(String id, String address) {
        return Member.newBuilder().setId(id).setRaftAddress(address).build();
    }

    @Test
    void anIdMovesWithItsNodeAndAnAddressKeepsOneId() {
        MemberIds ids = new MemberIds();
        ids.apply(member("n1", "h:1"));
        ids.apply(member("n2", "h:2"));
        ids.apply(member("n1", "h:9")); // same id, new address
        assertThat(ids.idOf("h:1")).isEmpty();
        assertThat(ids.idOf("h:9")).contains("n1");
        assertThat(ids.addressOf("n1")).contains("h:9");
        ids.apply(member("n3", "h:2")); // another id at a taken address
        assertThat(ids.idOf("h:2")).contains("n3");
        assertThat(ids.addressOf("n2")).isEmpty();
    }

    @Test
    void aRemovedIdIsForgotten() {
        MemberIds ids = new MemberIds();
        ids.apply(member("n1", "h:1"));
        ids.apply(member("n1", "h:1").toBuilder().setRemoved(true).build());
        assertThat(ids.idOf("h:1")).isEmpty();
        assertThat(ids.addressOf("n1")).isEmpty();
    }

    @Test
    void theMapRoundTripsThroughItsSnapshotForm() {
        MemberIds ids = new MemberIds();
        ids.apply(member("n1", "h:1"));
        ids.apply(member("n2", "h:2"));
        MemberIds restored = new MemberIds();
        restored.apply(member("stale", "h:7"));
        restored.replaceWith(ids.toProto());
        assertThat(restored.idOf("h:1")).contains("n1");
        assertThat(restored.idOf("h:2")).contains("n2");
        assertThat(restored.idOf("h:7")).isEmpty();
    }
}
