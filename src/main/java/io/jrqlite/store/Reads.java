package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.option.ReadOnlyOption;
import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.LogEntry;
import io.jrqlite.command.Statement;
import io.jrqlite.db.Database;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Queries and mixed requests at each read level: none (with freshness), weak (within the leader's lease), linearizable
 * (jraft's ReadIndex) and strong (through the log). SQLite work runs on the read executor, never the caller's thread.
 */
final class Reads {

    private final RaftAccess raft;
    private final ExecutorService readExecutor;

    Reads(RaftAccess raft, ExecutorService readExecutor) {
        this.raft = raft;
        this.readExecutor = readExecutor;
    }

    /** See {@link Store#query}. */
    CompletableFuture<BatchResult> query(Batch batch, ReadOptions read, Forwarding forwarding) {
        ReadLevel level = effectiveLevel(read.level());
        return switch (level) {
            case NONE -> readLocally(batch, read);
            case WEAK -> !raft.isLeader() ? raft.forward("query", batch, ReadLevel.WEAK, forwarding)
                    : holdsLease() ? readLocal(batch) : notLeader();
            case LINEARIZABLE -> linearizableRead(batch, read);
            case STRONG -> raft.propose(LogEntry.newBuilder().setQuery(batch).build(), forwarding);
            case AUTO -> throw new AssertionError("resolved above");
        };
    }

    /** See {@link Store#request}. */
    CompletableFuture<BatchResult> request(Batch batch, ReadOptions read, Forwarding forwarding) {
        if (!raft.isOpen()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        ReadLevel level = effectiveLevel(read.level());
        if (level != ReadLevel.STRONG) {
            return CompletableFuture.supplyAsync(() -> allReadOnly(batch), readExecutor).thenCompose(readOnly -> readOnly
                    ? query(batch, new ReadOptions(level, read.freshness(), read.freshnessStrict(),
                            read.linearizableTimeout()), forwarding)
                    : raft.propose(LogEntry.newBuilder().setRequest(batch).build(), forwarding));
        }
        return raft.propose(LogEntry.newBuilder().setRequest(batch).build(), forwarding);
    }

    private boolean allReadOnly(Batch batch) {
        Database db = raft.db();
        for (Statement s : batch.getStatementsList()) {
            if (!db.isReadOnly(s)) {
                return false;
            }
        }
        return true;
    }

    private ReadLevel effectiveLevel(ReadLevel level) {
        if (level == ReadLevel.AUTO) {
            return raft.isVoter() ? ReadLevel.WEAK : ReadLevel.NONE;
        }
        return level;
    }

    private CompletableFuture<BatchResult> readLocally(Batch batch, ReadOptions read) {
        if (!read.freshness().isZero() && !raft.isLeader() && isStale(read)) {
            return CompletableFuture.completedFuture(
                    BatchResult.newBuilder().setError(StoreException.STALE_READ).build());
        }
        return readLocal(batch);
    }

    /**
     * A follower's data is stale when it last heard from a leader longer ago than {@code freshness} (or never);
     * with {@code freshness_strict}, also when it has not yet applied everything it knows to be committed.
     */
    private boolean isStale(ReadOptions read) {
        long lastContact = LeaderContact.lastMillis(raft.node());
        if (lastContact <= 0 || com.alipay.sofa.jraft.util.Utils.monotonicMs() - lastContact
                > read.freshness().toMillis()) {
            return true;
        }
        return read.freshnessStrict() && raft.appliedIndex() < raft.commitIndex();
    }

    private CompletableFuture<BatchResult> readLocal(Batch batch) {
        Database db = raft.db();
        if (db == null) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        return CompletableFuture.supplyAsync(() -> db.query(batch), readExecutor);
    }

    /**
     * A leader serves weak reads only while a quorum has answered it within the lease. Cut off, it stops at once,
     * before jraft's step-down timer notices (up to half an election timeout later).
     */
    private boolean holdsLease() {
        Node n = raft.node();
        try {
            return n != null && n.listAlivePeers().size() >= n.listPeers().size() / 2 + 1;
        } catch (IllegalStateException e) { // no longer leader
            return false;
        }
    }

    /**
     * A leader holding its lease, or a follower that heard from its leader within the lease: when a linearizable read
     * times out otherwise, leadership could not be confirmed and the read fails as having no leader.
     */
    private boolean inContactWithLeader(Node n) {
        if (raft.isLeader()) {
            return holdsLease();
        }
        long last = LeaderContact.lastMillis(n);
        return raft.leaderKnown() && last > 0
                && com.alipay.sofa.jraft.util.Utils.monotonicMs() - last <= n.getOptions().getLeaderLeaseTimeoutMs();
    }

    private static <T> CompletableFuture<T> notLeader() {
        return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
    }

    private CompletableFuture<BatchResult> linearizableRead(Batch batch, ReadOptions read) {
        Node n = raft.node();
        if (n == null) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        // True once jraft confirmed the index and applied up to it; false when this term's leader has not committed
        // an entry yet (EAGAIN), and the read goes through the log instead, as rqlite's first linearizable read of
        // a term does. Any other failure means leadership could not be confirmed: no leader, never a local read.
        CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
        n.readIndex(ReadOnlyOption.ReadOnlySafe, null, new ReadIndexClosure() {
            @Override
            public void run(Status status, long index, byte[] ctx) {
                if (status.isOk()) {
                    confirmed.complete(true);
                } else if (status.getRaftError() == RaftError.EAGAIN) {
                    confirmed.complete(false);
                } else {
                    confirmed.completeExceptionally(new StoreException(StoreException.NOT_LEADER));
                }
            }
        });
        long timeoutMs = read.linearizableTimeout().isZero() ? 1000 : read.linearizableTimeout().toMillis();
        return confirmed.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(t -> !(t instanceof java.util.concurrent.TimeoutException)
                        ? CompletableFuture.failedFuture(t)
                        : CompletableFuture.failedFuture(new StoreException(!inContactWithLeader(n)
                                ? StoreException.NOT_LEADER
                                : "index " + n.getLastCommittedIndex() + ": timeout waiting for fsm")))
                .thenCompose(local -> local ? readLocal(batch)
                        : raft.propose(LogEntry.newBuilder().setQuery(batch).build()));
    }
}
