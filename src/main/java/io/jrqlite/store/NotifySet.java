package io.jrqlite.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The voters that have announced themselves to this node under {@code -bootstrap-expect N}: once N distinct ids have,
 * they are the cluster to form, handed out exactly once. Thread-safe.
 */
final class NotifySet {

    private final int expect;
    private final Map<String, String> addressById = new LinkedHashMap<>();
    private boolean complete;

    NotifySet(int expect) {
        this.expect = expect;
    }

    /**
     * Records a notify (a node announcing again, even with a new address, counts once).
     *
     * @return id → Raft address of the N voters, on the notify that completes the set; empty before and after
     */
    synchronized Optional<Map<String, String>> add(String id, String raftAddress) {
        if (complete || expect <= 0) {
            return Optional.empty();
        }
        addressById.put(id, raftAddress);
        if (addressById.size() < expect) {
            return Optional.empty();
        }
        complete = true;
        return Optional.of(Map.copyOf(addressById));
    }
}
