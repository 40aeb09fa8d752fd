package io.jrqlite.store;

import io.jrqlite.command.Member;
import io.jrqlite.command.Members;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which node id each Raft address belongs to. jraft names members by address only; rqlite's ids are independent of
 * addresses, so the leader records them through the log ({@code LogEntry.member}) and snapshots carry the whole map.
 * Changed only by the state-machine thread (in log order, so every node holds the same map); read from any thread.
 */
final class MemberIds {

    private final Map<String, String> idByAddress = new ConcurrentHashMap<>();

    /** Applies one change: an id at an address (replacing whatever that id or address had), or an id forgotten. */
    synchronized void apply(Member change) {
        idByAddress.values().removeIf(change.getId()::equals);
        if (!change.getRemoved()) {
            idByAddress.put(change.getRaftAddress(), change.getId());
        }
    }

    Optional<String> idOf(String raftAddress) {
        return Optional.ofNullable(idByAddress.get(raftAddress));
    }

    Optional<String> addressOf(String id) {
        return idByAddress.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                .findFirst();
    }

    synchronized Members toProto() {
        Members.Builder b = Members.newBuilder();
        idByAddress.forEach((address, id) -> b.addMembers(Member.newBuilder().setId(id).setRaftAddress(address)));
        return b.build();
    }

    /** Replaces the map with a snapshot's. */
    synchronized void replaceWith(Members members) {
        idByAddress.clear();
        for (Member m : members.getMembersList()) {
            idByAddress.put(m.getRaftAddress(), m.getId());
        }
    }
}
