package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.error.RaftError;
import io.jrqlite.command.LogEntry;
import io.jrqlite.db.Database;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the store snapshots: on its timer, on a user's request, to reap the chain, to boot a database, and once on a
 * clean stop. The snapshot itself is jraft's, saved by {@link DatabaseSnapshots}. Timed work runs on the snapshot
 * timer, waits on the read executor; nothing blocks the caller except {@link #finalSnapshot()}.
 */
final class Snapshotter {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final StoreConfig config;
    private final RaftState state;
    private final StoreCounters counters;
    private final DatabaseSnapshots snapshots;
    private final RaftAccess raft;
    private final ExecutorService readExecutor;
    private final ScheduledExecutorService snapshotTimer;
    /** Set while a boot is under way: other snapshots wait, so the boot's own snapshot is the one that loads it. */
    private final AtomicBoolean booting = new AtomicBoolean();

    Snapshotter(StoreConfig config, RaftState state, StoreCounters counters, DatabaseSnapshots snapshots,
            RaftAccess raft, ExecutorService readExecutor, ScheduledExecutorService snapshotTimer) {
        this.config = config;
        this.state = state;
        this.counters = counters;
        this.snapshots = snapshots;
        this.raft = raft;
        this.readExecutor = readExecutor;
        this.snapshotTimer = snapshotTimer;
    }

    /**
     * Every -raft-snap-int, staggered between one and two intervals: a snapshot when at least -raft-snap entries
     * were applied since the last one, or when the write-ahead log has reached -raft-snap-wal-size.
     */
    void scheduleSnapshots() {
        long everyMs = Math.max(100, config.snapshotInterval().toMillis());
        long delay = everyMs + java.util.concurrent.ThreadLocalRandom.current().nextLong(everyMs);
        snapshotTimer.schedule(() -> {
            try {
                snapshotIfDue();
            } finally {
                if (!raft.isClosed()) {
                    scheduleSnapshots();
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void snapshotIfDue() {
        if (booting.get()) {
            return;
        }
        Database db = raft.db();
        boolean byCount = raft.appliedIndex() - state.lastSnapshotIndex >= Math.max(1, config.snapshotThreshold());
        boolean byWal = !byCount && config.snapshotWalSize() > 0 && db != null
                && db.walSize() >= config.snapshotWalSize();
        if (byCount || byWal) {
            takeSnapshot().thenAccept(taken -> {
                if (taken && byWal) {
                    counters.numWalSnapshots.incrementAndGet();
                }
            }).exceptionally(t -> {
                LOG.warn("snapshot failed: {}", t.getMessage());
                return null;
            });
        }
    }

    /** See {@link Store#snapshot()}. */
    CompletableFuture<Boolean> snapshot() {
        if (booting.get()) {
            return CompletableFuture.failedFuture(new StoreException("a boot is in progress"));
        }
        Database db = raft.db();
        if (!config.inMemory() && db != null && db.walSize() == 0) {
            return CompletableFuture.completedFuture(false); // as rqlite: no write-ahead log data, nothing to save
        }
        return takeSnapshot().thenApply(taken -> {
            if (taken) {
                counters.numUserSnapshots.incrementAndGet();
            }
            return taken;
        });
    }

    /** A snapshot now; false when nothing was applied since the last one. */
    CompletableFuture<Boolean> takeSnapshot() {
        Node n = raft.node();
        if (n == null || !raft.isOpen()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        long applied = raft.appliedIndex();
        if (applied <= state.lastSnapshotIndex) {
            return CompletableFuture.completedFuture(false);
        }
        // jraft counts an entry applied only after the batch that holds it, and skips a snapshot until then.
        return whenApplied(applied, 2000).thenCompose(x -> {
            CompletableFuture<Boolean> taken = new CompletableFuture<>();
            snapshotWhenFree(n, taken, 100);
            return taken;
        });
    }

    /** See {@link Store#reap()}. */
    CompletableFuture<Store.ReapResult> reap() {
        DatabaseSnapshots.ChainShape shape = snapshots.shape();
        if (shape.wals() == 0) {
            return CompletableFuture.completedFuture(new Store.ReapResult(0, 0));
        }
        // A full snapshot replaces the chain; it needs an entry newer than the last snapshot, so a leader adds one.
        snapshots.forceFull();
        CompletableFuture<?> fresh = raft.appliedIndex() > state.lastSnapshotIndex || !raft.isLeader()
                ? CompletableFuture.completedFuture(null) : proposeNoOp();
        return fresh.thenCompose(x -> takeSnapshot()).thenApply(taken -> taken
                ? new Store.ReapResult(shape.files() - 1, shape.wals()) : new Store.ReapResult(0, 0));
    }

    /**
     * An entry that changes nothing, completing once jraft counts it applied: a snapshot then has something new
     * to cover (jraft skips a snapshot when its applied index has not moved).
     */
    private CompletableFuture<Void> proposeNoOp() {
        return raft.propose(LogEntry.getDefaultInstance()).thenCompose(r -> whenApplied(r.getRaftIndex(), 2000));
    }

    private CompletableFuture<Void> whenApplied(long index, int triesLeft) {
        Node n = raft.node();
        if (n == null || n.getLastAppliedLogIndex() >= index || triesLeft == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS, readExecutor))
                .thenCompose(x -> whenApplied(index, triesLeft - 1));
    }

    /** See {@link Store#boot(Path)}. */
    CompletableFuture<Void> boot(Path file) {
        if (!raft.isLeader()) {
            return CompletableFuture.failedFuture(new StoreException("not leader"));
        }
        if (raft.members().size() != 1) {
            return CompletableFuture.failedFuture(new StoreException("not single-node"));
        }
        if (!booting.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new StoreException("a boot is already in progress"));
        }
        CompletableFuture<Void> booted = CompletableFuture.supplyAsync(() -> Database.isSound(file), readExecutor)
                .thenCompose(sound -> {
                    if (!sound) {
                        throw new StoreException("invalid SQLite data");
                    }
                    // The database is replaced inside the next snapshot, which then holds it: no entry carries it.
                    CompletableFuture<Void> outcome = snapshots.bootFrom(file);
                    return proposeNoOp().thenCompose(x -> {
                        CompletableFuture<Boolean> taken = new CompletableFuture<>();
                        snapshotWhenFree(raft.node(), taken, 100);
                        return taken.handle((t, e) -> null);
                    }).handle((x, t) -> null).thenCompose(x -> {
                        if (snapshots.cancelBoot(outcome)) { // no snapshot took it up
                            return CompletableFuture.failedFuture(
                                    new StoreException("the boot's snapshot was not taken"));
                        }
                        return outcome;
                    });
                });
        return booted.whenComplete((x, t) -> booting.set(false));
    }

    /** jraft answers EBUSY while another snapshot is being saved: wait for it, a few seconds at most. */
    private void snapshotWhenFree(Node n, CompletableFuture<Boolean> taken, int triesLeft) {
        long before = state.lastSnapshotIndex;
        n.snapshot(status -> {
            if (status.isOk()) {
                taken.complete(state.lastSnapshotIndex > before); // jraft answers OK when nothing is new
            } else if (status.getRaftError() == RaftError.EBUSY && triesLeft > 0) {
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, snapshotTimer)
                        .execute(() -> snapshotWhenFree(n, taken, triesLeft - 1));
            } else {
                taken.completeExceptionally(new StoreException(status.getErrorMsg() == null
                        ? String.valueOf(status.getRaftError()) : status.getErrorMsg()));
            }
        });
    }

    /**
     * A clean stop snapshots what is new, so the next start reuses the database file and replays little. Blocks
     * up to 30 seconds.
     */
    void finalSnapshot() {
        Node n = raft.node();
        if (n == null || booting.get() || raft.appliedIndex() <= state.lastSnapshotIndex) {
            return;
        }
        CompletableFuture<Boolean> taken = new CompletableFuture<>();
        snapshotWhenFree(n, taken, 100);
        try {
            taken.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("final snapshot not taken: {}", e.getMessage());
        }
    }
}
