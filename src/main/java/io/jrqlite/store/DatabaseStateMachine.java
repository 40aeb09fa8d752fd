package io.jrqlite.store;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.LeaderChangeContext;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.error.RaftException;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.LoadChunk;
import io.jrqlite.command.LogEntry;
import io.jrqlite.db.Database;
import io.jrqlite.db.Work;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed log entries to SQLite. Runs on SOFAJRaft's single state-machine thread, which is the only writer
 * of the database. Consecutive entries are applied as one group (one SQLite transaction, a savepoint each).
 */
final class DatabaseStateMachine extends StateMachineAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseStateMachine.class);
    /** Upper bound on entries applied in one SQLite transaction, so results are not held back too long. */
    private static final int MAX_GROUP = 128;
    /** The member id map inside each snapshot. */
    static final String MEMBERS_FILE = "members.pb";

    private final Database db;
    private final StoreCounters counters;
    private final RaftState state;
    private final Consumer<String> onFatal;
    private final DatabaseSnapshots snapshots;
    private final LoadStaging staging;
    private final Consumer<List<String>> abandonLoads;
    private final MemberIds ids;
    private final Runnable onConfigurationChange;

    /**
     * @param staging where loaded database files are put together
     * @param abandonLoads called on becoming leader with the loads still staged, to propose their abort
     * @param ids the members' ids, kept by the log and snapshots
     * @param onConfigurationChange called (on this thread) when the configuration is committed or leadership starts
     */
    DatabaseStateMachine(Database db, DatabaseSnapshots snapshots, LoadStaging staging, RaftState state,
            StoreCounters counters, Consumer<String> onFatal, Consumer<List<String>> abandonLoads, MemberIds ids,
            Runnable onConfigurationChange) {
        this.ids = ids;
        this.onConfigurationChange = onConfigurationChange;
        this.staging = staging;
        this.abandonLoads = abandonLoads;
        this.snapshots = snapshots;
        this.db = db;
        this.counters = counters;
        this.state = state;
        this.onFatal = onFatal;
    }

    @Override
    public void onApply(Iterator iter) {
        List<Work> works = new ArrayList<>(MAX_GROUP);
        List<Closure> closures = new ArrayList<>(MAX_GROUP);
        long[] indexes = new long[MAX_GROUP];
        while (iter.hasNext()) {
            long index = iter.getIndex();
            LogEntry entry = parse(iter, index);
            if (entry.getEntryCase() == LogEntry.EntryCase.LOAD_CHUNK) {
                applyGroup(works, closures, indexes); // what came before goes first
                applyLoadChunk(entry.getLoadChunk(), iter.done(), index);
                state.fsmTerm = iter.getTerm();
                iter.next();
                continue;
            }
            if (entry.getEntryCase() == LogEntry.EntryCase.MEMBER) {
                ids.apply(entry.getMember()); // not SQL: it changes no database, so it needs no place in the group
            }
            Work work = toWork(entry);
            indexes[works.size()] = index;
            works.add(work);
            closures.add(iter.done());
            state.fsmTerm = iter.getTerm();
            iter.next();
            if (works.size() == MAX_GROUP) {
                applyGroup(works, closures, indexes);
            }
        }
        applyGroup(works, closures, indexes);
    }

    /** The entry, or an empty one (which changes nothing) when it cannot be decoded. */
    private static LogEntry parse(Iterator iter, long index) {
        try {
            return LogEntry.parseFrom(iter.getData());
        } catch (InvalidProtocolBufferException e) {
            // Every node sees the same bytes, so skipping is deterministic; it means a bug or a newer writer.
            LOG.error("log entry {} cannot be decoded, skipping it: {}", index, e.getMessage());
            return LogEntry.getDefaultInstance();
        }
    }

    /** The entry's work, or null for an entry that changes nothing. */
    private static Work toWork(LogEntry entry) {
        return switch (entry.getEntryCase()) {
            case EXECUTE -> Work.execute(entry.getExecute());
            case QUERY -> Work.query(entry.getQuery());
            case REQUEST -> Work.request(entry.getRequest());
            case LOAD_CHUNK, MEMBER, ENTRY_NOT_SET -> null;
        };
    }

    /** A piece of a loaded database file; the last piece makes the staged file replace the database. */
    private void applyLoadChunk(LoadChunk chunk, Closure done, long index) {
        BatchResult result = BatchResult.getDefaultInstance();
        try {
            Optional<Path> complete = staging.apply(chunk, index);
            if (complete.isPresent()) {
                try {
                    result = snapshots.replaceWith(complete.get());
                } finally {
                    Files.deleteIfExists(complete.get());
                }
                if (result.getError().isEmpty()) {
                    counters.numLoads.incrementAndGet();
                    LOG.info("database replaced by a loaded file at index {}", index);
                }
            }
        } catch (LoadStaging.AbandonedLoadException e) {
            result = BatchResult.newBuilder().setError(e.getMessage()).build();
        } catch (IOException e) {
            // A local I/O failure: this node cannot apply what the others did.
            onFatal.accept("cannot apply load at index " + index + ": " + e.getMessage());
            return;
        }
        state.fsmIndex = index; // before the reply: a client that acts on it sees the index moved
        state.fsmUpdateTime = System.currentTimeMillis();
        if (done instanceof ApplyClosure apply) {
            apply.setResult(result.toBuilder().setRaftIndex(index).build());
        }
        if (done != null) {
            done.run(Status.OK());
        }
    }

    private void applyGroup(List<Work> works, List<Closure> closures, long[] indexes) {
        if (works.isEmpty()) {
            return;
        }
        List<Work> real = new ArrayList<>(works.size());
        for (Work w : works) {
            if (w != null) {
                real.add(w);
            }
        }
        List<BatchResult> results;
        try {
            results = real.isEmpty() ? List.of() : db.applyGroup(real);
        } catch (RuntimeException e) {
            // The closures taken from the iterator are ours to run; jraft fails only those it still holds.
            Status failed = new Status(RaftError.EINTERNAL, "apply failed: %s", e.getMessage());
            closures.forEach(c -> {
                if (c != null) {
                    c.run(failed);
                }
            });
            throw e;
        }
        state.fsmIndex = indexes[works.size() - 1]; // before the replies: a client that acts on one sees it
        state.fsmUpdateTime = System.currentTimeMillis();
        int next = 0;
        for (int i = 0; i < works.size(); i++) {
            BatchResult result = works.get(i) == null ? BatchResult.getDefaultInstance() : results.get(next++);
            Closure done = closures.get(i);
            if (done instanceof ApplyClosure apply) {
                apply.setResult(result.toBuilder().setRaftIndex(indexes[i]).build());
            }
            if (done != null) {
                done.run(Status.OK());
            }
        }
        works.clear();
        closures.clear();
    }

    /** See {@link DatabaseSnapshots}: the copy may finish after this returns, off the state-machine thread. */
    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        staging.dropAbandoned(state.fsmIndex);
        if (staging.active(state.fsmIndex)) {
            // Its pieces must stay in the log until it completes, so that a restart can stage them again.
            done.run(new Status(RaftError.EBUSY, "a load is under way"));
            return;
        }
        var meta = writer.getCurrentMeta();
        try {
            writeSynced(Path.of(writer.getPath(), MEMBERS_FILE), ids.toProto().toByteArray());
            if (!writer.addFile(MEMBERS_FILE)) {
                throw new IOException("cannot add " + MEMBERS_FILE);
            }
        } catch (IOException e) {
            done.run(new Status(RaftError.EIO, "cannot save member ids: %s", e.getMessage()));
            return;
        }
        snapshots.save(writer, status -> {
            if (status.isOk() && meta != null) {
                state.lastSnapshotIndex = meta.getLastIncludedIndex();
                state.lastSnapshotTerm = meta.getLastIncludedTerm();
            }
            done.run(status);
        });
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    /** Replaces the database with the snapshot's copy: at start, or when a leader sends its snapshot. */
    @Override
    public boolean onSnapshotLoad(SnapshotReader reader) {
        if (!snapshots.load(reader, !state.started)) {
            return false;
        }
        try {
            staging.reset();
        } catch (IOException e) {
            LOG.warn("cannot clear staged loads: {}", e.getMessage());
        }
        Path members = Path.of(reader.getPath(), MEMBERS_FILE);
        try {
            if (Files.exists(members)) {
                ids.replaceWith(io.jrqlite.command.Members.parseFrom(Files.readAllBytes(members)));
            }
        } catch (IOException e) {
            LOG.error("cannot read member ids from the snapshot: {}", e.getMessage());
            return false;
        }
        var meta = reader.load();
        if (meta != null) {
            state.lastSnapshotIndex = meta.getLastIncludedIndex();
            state.lastSnapshotTerm = meta.getLastIncludedTerm();
            state.fsmIndex = meta.getLastIncludedIndex();
        }
        return true;
    }

    @Override
    public void onLeaderStart(long term) {
        state.term = term;
        state.leaderChanged(true);
        state.followingChanged("");
        List<String> staged = staging.ids();
        if (!staged.isEmpty()) {
            // Whoever sent them is gone (a new leader has no load of its own under way): let every node drop them,
            // so snapshots need not wait for them to expire.
            abandonLoads.accept(staged);
        }
        LOG.info("this node is now the leader (term {})", term);
        onConfigurationChange.run();
    }

    @Override
    public void onLeaderStop(Status status) {
        state.leaderChanged(false);
        LOG.info("this node is no longer the leader: {}", status);
    }

    @Override
    public void onStartFollowing(LeaderChangeContext ctx) {
        state.term = ctx.getTerm();
        state.leaderChanged(false);
        state.followingChanged(ctx.getLeaderId().getEndpoint().toString());
        LOG.info("following leader {} (term {})", ctx.getLeaderId(), ctx.getTerm());
    }

    @Override
    public void onStopFollowing(LeaderChangeContext ctx) {
        state.leaderChanged(false);
        state.followingChanged("");
    }

    @Override
    public void onConfigurationCommitted(Configuration conf) {
        state.configuration = conf.copy();
        onConfigurationChange.run();
    }

    @Override
    public void onError(RaftException e) {
        LOG.error("Raft state machine failed: {}", e.getStatus());
        onFatal.accept("raft state machine failed: " + e.getStatus());
    }
}
