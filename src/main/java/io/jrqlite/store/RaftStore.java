package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.option.ReadOnlyOption;
import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.util.Endpoint;
import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.LogEntry;
import io.jrqlite.command.Statement;
import io.jrqlite.command.BackupFormat;
import io.jrqlite.db.Database;
import io.jrqlite.db.DbConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated database: a SOFAJRaft node whose state machine is a SQLite database.
 *
 * <p>Writes become one log entry each and complete when applied. Reads run on a small executor of their own, never on
 * the caller's thread. Thread-safe.
 */
public final class RaftStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(RaftStore.class);
    static final String GROUP_ID = "rqlite";
    private static final String BACKUP_PREFIX = "backup-";

    private final StoreConfig config;
    private final RaftState state = new RaftState();
    private final StoreCounters counters = new StoreCounters();
    private final AtomicBoolean open = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService readExecutor;
    private final java.util.concurrent.ScheduledExecutorService snapshotTimer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jrqlite-snapshot-timer");
                t.setDaemon(true);
                return t;
            });
    private Database db;
    private RaftGroupService raftGroup;
    private RpcServer rpcServer;
    private volatile Node node;
    private PeerId self;

    public RaftStore(StoreConfig config) {
        this.config = config;
        int readers = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.readExecutor = new ThreadPoolExecutor(readers, readers, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "jrqlite-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Opens the database and starts the Raft node: a node with no Raft state bootstraps a single-voter group; one with
     * state comes back from its own log. Blocks until the node has started (not until it leads).
     *
     * @param onFatal called when the node can no longer go on (the caller should exit)
     */
    public void open(Consumer<String> onFatal) {
        LogStorageTuning.apply();
        try {
            Files.createDirectories(config.raftDir());
            deleteStaleBackups();
            boolean bootstrap = !hasRaftState(config.raftDir());
            Path dbFile = config.inMemory() ? null : config.databaseFile();
            if (dbFile != null) {
                // Without snapshots the whole log is replayed at start, so the database is rebuilt from nothing.
                deleteDatabaseFiles(dbFile);
            }
            db = openDatabase(dbFile);

            Endpoint bind = parseEndpoint(config.raftBindAddress());
            Endpoint advertised = parseEndpoint(config.raftAddress());
            self = new PeerId(advertised, 0);
            rpcServer = RaftRpcServerFactory.createRaftRpcServer(bind);

            NodeOptions options = nodeOptions(new DatabaseStateMachine(db, state, counters, config.dataDir(), onFatal));
            if (bootstrap) {
                options.setInitialConf(new Configuration(java.util.List.of(self)));
                LOG.info("no Raft state in {}: bootstrapping a single-node cluster", config.raftDir());
            }
            raftGroup = new RaftGroupService(GROUP_ID, self, options, rpcServer);
            try {
                node = raftGroup.start();
                state.started = true;
                if (!config.inMemory()) {
                    scheduleSnapshots();
                }
            } catch (IllegalStateException e) {
                throw new IllegalStateException("cannot listen on Raft address " + config.raftBindAddress()
                        + " (" + e.getMessage() + ")", e);
            }
            open.set(true);
            LOG.info("store open: node {} at {}", config.nodeId(), config.raftAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Database openDatabase(Path dbFile) {
        try {
            return Database.open(new DbConfig(dbFile, config.foreignKeys(), config.maxReadOnlyConnections()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot open database: " + e.getMessage(), e);
        }
    }

    private NodeOptions nodeOptions(DatabaseStateMachine fsm) {
        NodeOptions options = new NodeOptions();
        options.setFsm(fsm);
        options.setLogUri(config.raftDir().resolve("log").toString());
        options.setRaftMetaUri(config.raftDir().resolve("meta").toString());
        if (!config.inMemory()) {
            // In RAM the database is still rebuilt from the whole log: restoring a snapshot into SQLite's memdb
            // hangs its readers (to be solved with the rest of issue 4).
            options.setSnapshotUri(config.snapshotDir().toString());
        }
        // Our own timer decides when to snapshot (see scheduleSnapshots); jraft's would also refuse user snapshots
        // closer than its margin.
        options.setSnapshotIntervalSecs(0);
        int electionMs = (int) Math.max(100, config.electionTimeout().toMillis());
        options.setElectionTimeoutMs(electionMs);
        if (!config.leaderLeaseTimeout().isZero()) {
            options.setLeaderLeaseTimeRatio(
                    (int) Math.max(1, Math.min(100, config.leaderLeaseTimeout().toMillis() * 100 / electionMs)));
        }
        options.setSharedTimerPool(true);
        options.setEnableMetrics(false);
        RaftOptions raft = new RaftOptions();
        raft.setSync(true);
        raft.setSyncMeta(true);
        raft.setMaxElectionDelayMs(200);
        // jraft sends heartbeats every electionTimeout / factor; rqlite's heartbeat timeout is ten intervals.
        long heartbeatIntervalMs = Math.max(10, config.heartbeatTimeout().toMillis() / 10);
        raft.setElectionHeartbeatFactor((int) Math.max(1, electionMs / heartbeatIntervalMs));
        raft.setReadOnlyOptions(ReadOnlyOption.ReadOnlySafe);
        options.setRaftOptions(raft);
        return options;
    }

    private static boolean hasRaftState(Path raftDir) throws IOException {
        Path meta = raftDir.resolve("meta");
        Path log = raftDir.resolve("log");
        return (Files.isDirectory(meta) && hasFiles(meta)) || (Files.isDirectory(log) && hasFiles(log));
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static void deleteDatabaseFiles(Path dbFile) throws IOException {
        Files.deleteIfExists(dbFile);
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-wal"));
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-shm"));
    }

    static Endpoint parseEndpoint(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        return new Endpoint(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    // ---- writes ----

    @Override
    public CompletableFuture<BatchResult> execute(Batch batch) {
        return propose(LogEntry.newBuilder().setExecute(batch).build());
    }

    private CompletableFuture<BatchResult> propose(LogEntry entry) {
        Node n = node;
        if (n == null || !open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (!n.isLeader()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
        }
        ApplyClosure closure = new ApplyClosure();
        try {
            n.apply(new Task(ByteBuffer.wrap(entry.toByteArray()), closure));
        } catch (IllegalStateException e) { // "Node is shutting down"
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN, e));
        }
        return closure.future.orTimeout(config.applyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(RaftStore::mapTimeout);
    }

    private static CompletableFuture<BatchResult> mapTimeout(Throwable t) {
        if (t instanceof java.util.concurrent.TimeoutException) {
            return CompletableFuture.failedFuture(new StoreException("timeout"));
        }
        return CompletableFuture.failedFuture(t);
    }

    // ---- snapshots ----

    /** Every -raft-snap-int: a snapshot when at least -raft-snap entries were applied since the last one. */
    private void scheduleSnapshots() {
        long everyMs = Math.max(100, config.snapshotInterval().toMillis());
        snapshotTimer.scheduleWithFixedDelay(() -> {
            if (appliedIndex() - state.lastSnapshotIndex >= Math.max(1, config.snapshotThreshold())) {
                snapshot().exceptionally(t -> {
                    LOG.warn("snapshot failed: {}", t.getMessage());
                    return false;
                });
            }
        }, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Boolean> snapshot() {
        Node n = node;
        if (n == null || !open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (config.inMemory() || appliedIndex() <= state.lastSnapshotIndex) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> taken = new CompletableFuture<>();
        snapshotWhenFree(n, taken, 100);
        return taken;
    }

    /** jraft answers EBUSY while another snapshot is being saved: wait for it, a few seconds at most. */
    private void snapshotWhenFree(Node n, CompletableFuture<Boolean> taken, int triesLeft) {
        n.snapshot(status -> {
            if (status.isOk()) {
                taken.complete(true);
            } else if (status.getRaftError() == RaftError.EBUSY && triesLeft > 0) {
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, snapshotTimer)
                        .execute(() -> snapshotWhenFree(n, taken, triesLeft - 1));
            } else {
                taken.completeExceptionally(new StoreException(status.getErrorMsg() == null
                        ? String.valueOf(status.getRaftError()) : status.getErrorMsg()));
            }
        });
    }

    // ---- backups ----

    @Override
    public CompletableFuture<Path> backup(BackupFormat format, java.util.List<String> tables, boolean compress,
            boolean local) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (!local && !isLeader()) {
            return notLeader();
        }
        return CompletableFuture.supplyAsync(() -> {
            Path raw = null;
            try {
                raw = Files.createTempFile(config.dataDir(), BACKUP_PREFIX, ".tmp");
                Files.delete(raw); // VACUUM INTO wants a file that does not exist
                db.backup(raw, format, tables);
                if (!compress) {
                    return raw;
                }
                Path gz = Files.createTempFile(config.dataDir(), BACKUP_PREFIX, ".gz.tmp");
                try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
                    Files.copy(raw, out);
                }
                Files.delete(raw);
                return gz;
            } catch (IOException | java.sql.SQLException e) {
                deleteQuietly(raw);
                throw new StoreException("backup failed: " + e.getMessage(), e);
            }
        }, readExecutor);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", file, e.getMessage());
            }
        }
    }

    /** Backups and loads interrupted by a crash leave temporary files behind; a start clears them. */
    private void deleteStaleBackups() throws IOException {
        try (var files = Files.newDirectoryStream(config.dataDir(), "{" + BACKUP_PREFIX + ",load-}*.tmp")) {
            for (Path f : files) {
                deleteQuietly(f);
            }
        }
    }

    @Override
    public CompletableFuture<BatchResult> load(byte[] database) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        // Checked here, before it enters the log: a file SQLite finds unsound must not reach any replica.
        return CompletableFuture.supplyAsync(() -> {
            Path check = null;
            try {
                check = Files.createTempFile(config.dataDir(), "load-", ".tmp");
                Files.write(check, database);
                return Database.isSound(check);
            } catch (IOException e) {
                throw new StoreException("load failed: " + e.getMessage(), e);
            } finally {
                deleteQuietly(check);
            }
        }, readExecutor).thenCompose(sound -> sound
                ? propose(LogEntry.newBuilder().setLoad(com.google.protobuf.ByteString.copyFrom(database)).build())
                : CompletableFuture.failedFuture(new StoreException("invalid SQLite database")));
    }

    // ---- reads ----

    @Override
    public CompletableFuture<BatchResult> query(Batch batch, ReadOptions read) {
        ReadLevel level = effectiveLevel(read.level());
        return switch (level) {
            case NONE -> readLocally(batch, read);
            case WEAK -> isLeader() ? readLocal(batch) : notLeader();
            case LINEARIZABLE -> linearizableRead(batch, read);
            case STRONG -> propose(LogEntry.newBuilder().setQuery(batch).build());
            case AUTO -> throw new AssertionError("resolved above");
        };
    }

    @Override
    public CompletableFuture<BatchResult> request(Batch batch, ReadOptions read) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        ReadLevel level = effectiveLevel(read.level());
        if (level != ReadLevel.STRONG) {
            return CompletableFuture.supplyAsync(() -> allReadOnly(batch), readExecutor).thenCompose(readOnly -> readOnly
                    ? query(batch, new ReadOptions(level, read.freshness(), read.freshnessStrict(),
                            read.linearizableTimeout()))
                    : propose(LogEntry.newBuilder().setRequest(batch).build()));
        }
        return propose(LogEntry.newBuilder().setRequest(batch).build());
    }

    private boolean allReadOnly(Batch batch) {
        for (Statement s : batch.getStatementsList()) {
            if (!db.isReadOnly(s)) {
                return false;
            }
        }
        return true;
    }

    private ReadLevel effectiveLevel(ReadLevel level) {
        if (level == ReadLevel.AUTO) {
            return isVoter() ? ReadLevel.WEAK : ReadLevel.NONE;
        }
        return level;
    }

    private CompletableFuture<BatchResult> readLocally(Batch batch, ReadOptions read) {
        if (!read.freshness().isZero() && !isLeader()) {
            // A lone node that is not leader has no contact with any leader: it cannot vouch for freshness.
            return CompletableFuture.completedFuture(
                    BatchResult.newBuilder().setError(StoreException.STALE_READ).build());
        }
        return readLocal(batch);
    }

    private CompletableFuture<BatchResult> readLocal(Batch batch) {
        if (db == null) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        return CompletableFuture.supplyAsync(() -> db.query(batch), readExecutor);
    }

    private static <T> CompletableFuture<T> notLeader() {
        return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
    }

    private CompletableFuture<BatchResult> linearizableRead(Batch batch, ReadOptions read) {
        Node n = node;
        if (n == null) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        CompletableFuture<Long> confirmed = new CompletableFuture<>();
        n.readIndex(ReadOnlyOption.ReadOnlySafe, null, new ReadIndexClosure() {
            @Override
            public void run(Status status, long index, byte[] ctx) {
                if (status.isOk()) {
                    confirmed.complete(index);
                } else if (status.getRaftError() == RaftError.EPERM) {
                    confirmed.completeExceptionally(new StoreException(StoreException.NOT_LEADER));
                } else {
                    confirmed.completeExceptionally(new StoreException(status.getErrorMsg()));
                }
            }
        });
        long timeoutMs = read.linearizableTimeout().isZero() ? 1000 : read.linearizableTimeout().toMillis();
        return confirmed.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(t -> t instanceof java.util.concurrent.TimeoutException
                        ? CompletableFuture.failedFuture(new StoreException(
                                "index " + n.getLastCommittedIndex() + ": timeout waiting for fsm"))
                        : CompletableFuture.failedFuture(t))
                .thenCompose(index -> readLocal(batch));
    }

    // ---- state ----

    /**
     * Leader in jraft's eyes and caught up: jraft calls onLeaderStart on the state-machine thread only after every
     * entry committed before has been applied, so until then this node must not serve reads as the leader.
     */
    @Override
    public boolean isLeader() {
        Node n = node;
        return n != null && state.leader && n.isLeader();
    }

    @Override
    public boolean isVoter() {
        return true;
    }

    @Override
    public Optional<Leader> leader() {
        Node n = node;
        if (n == null) {
            return Optional.empty();
        }
        PeerId leader = n.getLeaderId();
        if (leader == null || leader.isEmpty() || (leader.equals(self) && !state.leader)) {
            return Optional.empty();
        }
        String addr = leader.getEndpoint().toString();
        String id = leader.equals(self) ? config.nodeId() : addr;
        return Optional.of(new Leader(id, leader.equals(self) ? config.raftAddress() : addr));
    }

    @Override
    public boolean isReady() {
        return open.get() && leader().isPresent();
    }

    @Override
    public boolean ping() {
        return db != null && db.ping();
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public String raftAddress() {
        return config.raftAddress();
    }

    @Override
    public long commitIndex() {
        Node n = node;
        return n == null ? 0 : n.getLastCommittedIndex();
    }

    @Override
    public long appliedIndex() {
        Node n = node;
        return n == null ? state.fsmIndex : Math.max(state.fsmIndex, n.getLastAppliedLogIndex());
    }

    @Override
    public java.util.Map<String, Object> stats() {
        if (!open.get()) {
            return java.util.Map.of("open", false);
        }
        return new StoreStats(config, state, node, db, leader(), members()).toMap();
    }

    @Override
    public java.util.List<Member> members() {
        java.util.List<Member> members = new java.util.ArrayList<>();
        Configuration conf = currentConfiguration();
        for (PeerId peer : conf.getPeers()) {
            members.add(member(peer, true));
        }
        for (PeerId peer : conf.getLearners()) {
            members.add(member(peer, false));
        }
        members.sort(java.util.Comparator.comparing(Member::id));
        return members;
    }

    /** The configuration this node works with now (committed or not), as jraft holds it. */
    private Configuration currentConfiguration() {
        Node n = node;
        if (n instanceof com.alipay.sofa.jraft.core.NodeImpl impl) {
            return impl.getCurrentConf();
        }
        return state.configuration;
    }

    private Member member(PeerId peer, boolean voter) {
        if (peer.equals(self)) {
            return new Member(config.nodeId(), config.raftAddress(), voter);
        }
        String addr = peer.getEndpoint().toString();
        return new Member(addr, addr, voter);
    }

    @Override
    public java.util.Map<String, Long> counters() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        open.set(false);
        LOG.info("closing store");
        snapshotTimer.shutdownNow();
        if (raftGroup != null && raftGroup.isStarted()) {
            raftGroup.shutdown(); // shuts the RPC server down too
            try {
                raftGroup.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (rpcServer != null) {
            rpcServer.shutdown(); // open failed before the group took the server over
        }
        readExecutor.shutdown();
        if (db != null) {
            db.close();
        }
        node = null;
    }
}
