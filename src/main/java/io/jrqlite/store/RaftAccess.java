package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.util.Endpoint;
import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.LogEntry;
import io.jrqlite.db.Database;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the parts split out of {@link RaftStore} ({@link Reads}, {@link Snapshotter}, {@link BackupsAndLoads}) use
 * of it. Every call reads the store as it is now: the node, the database and the forwarder exist only once it opened.
 */
interface RaftAccess {

    /** The Raft node: null before open and after close. */
    Node node();

    /** The database: null before open. */
    Database db();

    /** Opened and not closing. */
    boolean isOpen();

    /** close() has begun. */
    boolean isClosed();

    /** See {@link Store#isLeader()}. */
    boolean isLeader();

    /** See {@link Store#isVoter()}. */
    boolean isVoter();

    /** Whether {@link Store#leader()} knows a leader. */
    boolean leaderKnown();

    /** See {@link Store#members()}. */
    List<Store.Member> members();

    /** See {@link Store#appliedIndex()}. */
    long appliedIndex();

    /** See {@link Store#commitIndex()}. */
    long commitIndex();

    /** Proposes an entry on the leader (followers forward what can be forwarded); completes once applied. */
    CompletableFuture<BatchResult> propose(LogEntry entry, Forwarding forwarding);

    /** {@link #propose(LogEntry, Forwarding)} with the default forwarding. */
    default CompletableFuture<BatchResult> propose(LogEntry entry) {
        return propose(entry, Forwarding.DEFAULT);
    }

    /** Sends an operation on {@code batch} to the leader; the result names the leader that served it. */
    CompletableFuture<BatchResult> forward(String op, Batch batch, ReadLevel level, Forwarding forwarding);

    /** Calls to the leader: null before open. */
    Forwarder forwarder();

    /** The leader's Raft endpoint, when one is known and it is not this node. */
    Optional<Endpoint> leaderEndpoint();
}
