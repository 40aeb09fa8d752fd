package io.jrqlite.store;

import io.jrqlite.command.BackupFormat;
import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated database as the API layer sees it.
 *
 * <p>Every method is thread-safe and none blocks the caller: work that waits on Raft or SQLite completes the
 * returned future from another thread. Failures complete futures with a {@link StoreException}.
 */
public interface Store extends AutoCloseable {

    /**
     * Appends {@code batch} to the Raft log and completes with its results once applied. On a follower, this and
     * the other methods taking a {@link Forwarding} send the request to the leader, and a result then names the
     * leader in {@code served_by}.
     */
    CompletableFuture<BatchResult> execute(Batch batch, Forwarding forwarding);

    /** {@link #execute(Batch, Forwarding)} with rqlite's default timeout (queued writes). */
    default CompletableFuture<BatchResult> execute(Batch batch) {
        return execute(batch, Forwarding.DEFAULT);
    }

    /** Runs read-only statements at the given consistency. */
    CompletableFuture<BatchResult> query(Batch batch, ReadOptions read, Forwarding forwarding);

    /** Mixed reads and writes: served as a query when every statement is read-only and the level allows it. */
    CompletableFuture<BatchResult> request(Batch batch, ReadOptions read, Forwarding forwarding);

    /**
     * Writes a consistent backup to a new temporary file and completes with it; the caller deletes it. On a
     * follower (unless {@code local}) the backup is the leader's, fetched into a file here.
     *
     * @param tables   for SQL dumps, the tables to include (empty: all)
     * @param compress gzip the file
     * @param local    back up this node's copy even when it is not the leader
     */
    CompletableFuture<BackupFile> backup(BackupFormat format, List<String> tables,
            boolean compress, boolean local, Forwarding forwarding);

    /**
     * Replaces the whole database with the SQLite database in {@code file}, through the log in pieces; refuses files
     * SQLite finds unsound (checked here, before any piece leaves this node). The file must stay in place until the
     * future completes.
     */
    CompletableFuture<BatchResult> load(Path file, Forwarding forwarding);

    /** Takes a snapshot now; completes with false when nothing was applied since the last one. */
    CompletableFuture<Boolean> snapshot();

    /** A new, empty temporary file in the data directory (a start deletes any left behind). */
    Path newTempFile(String prefix) throws java.io.IOException;

    /** Consolidates the snapshot chain into one full copy now. */
    CompletableFuture<ReapResult> reap();

    /**
     * Replaces the database of a single-node cluster with the SQLite file {@code file}, bypassing the log, and
     * snapshots it so it survives restarts. The file must stay in place until the future completes.
     */
    CompletableFuture<Void> boot(Path file);

    /**
     * Removes the node with {@code id} from the cluster, through the leader; completes once the change is committed.
     */
    CompletableFuture<Void> remove(String id, Forwarding forwarding);

    /**
     * Hands leadership to the voter {@code targetId} (empty: any), through the leader; with {@code wait}, completes
     * once another node leads.
     */
    CompletableFuture<Void> stepdown(String targetId, boolean wait, Forwarding forwarding);

    /** Whether this node is the Raft leader now. */
    boolean isLeader();

    /** Whether this node is a voter. */
    boolean isVoter();

    /** The leader as this node knows it. */
    Optional<Leader> leader();

    /** Open and a leader known. */
    boolean isReady();

    /** A cheap local read, for readiness probes. */
    boolean ping();

    /** This node's id. */
    String nodeId();

    /** This node's advertised Raft address. */
    String raftAddress();

    /** The {@code store} part of {@code /status}, in rqlite's shape. */
    Map<String, Object> stats();

    /** The members of the Raft configuration, sorted by id. */
    List<Member> members();

    /** The store's expvar counters ({@code /debug/vars} map {@code store}). */
    Map<String, Long> counters();

    /** Requests received from other nodes ({@code /debug/vars} map {@code cluster}). */
    Map<String, Long> clusterCounters();

    /** The commit index as this node knows it. */
    long commitIndex();

    /** The last log index the state machine has applied. */
    long appliedIndex();

    @Override
    void close();

    /** A member of the cluster configuration. */
    /** What a reap did: snapshots merged away, and saved write-ahead logs checkpointed into the full copy. */
    record ReapResult(int snapshotsReaped, int walsCheckpointed) {
    }

    /** What a member says about itself; fails when it cannot be reached in time. */
    CompletableFuture<NodeMeta> meta(Member member, java.time.Duration timeout);

    /** A member's own account: its id, API URL and version. */
    record NodeMeta(String id, String apiUrl, String version) {
    }

    record Member(String id, String raftAddress, boolean voter) {
    }

    /** A backup file, and the Raft address of the leader that made it when this node fetched it (else empty). */
    record BackupFile(Path file, String servedBy) {
    }

    /** A leader: its node id and advertised Raft address. */
    record Leader(String nodeId, String raftAddress) {
    }
}
