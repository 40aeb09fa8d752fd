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
import io.jrqlite.cluster.ClusterClient;
import io.jrqlite.cluster.ClusterService;
import io.jrqlite.command.Batch;
import io.jrqlite.command.ForwardRequest;
import io.jrqlite.command.ForwardResponse;
import io.jrqlite.command.JoinRequest;
import io.jrqlite.command.JoinResponse;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.LoadChunk;
import io.jrqlite.command.LogEntry;
import io.jrqlite.command.RemoveRequest;
import io.jrqlite.command.StepdownRequest;
import io.jrqlite.command.Statement;
import io.jrqlite.command.BackupFormat;
import io.jrqlite.db.Database;
import io.jrqlite.db.DbConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private static final long DEFAULT_LEADER_LEASE_MS = 500;

    private final StoreConfig config;
    private final RaftState state = new RaftState();
    private final StoreCounters counters = new StoreCounters();
    private final ClusterCounters clusterCounters = new ClusterCounters();
    private final DatabaseSnapshots snapshots;
    /** Set while a boot is under way: other snapshots wait, so the boot's own snapshot is the one that loads it. */
    private final AtomicBoolean booting = new AtomicBoolean();
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
    private ClusterClient cluster;
    private Forwarder forwarder;
    private final BackupTransfer backups;
    private PeerId self;
    private final MemberIds ids = new MemberIds();
    private final Membership membership;
    /** Raft was stopped on this node while the process goes on (-raft-remove-shutdown). */
    private volatile boolean raftStopped;
    /** A peers.json recovery not yet committed by a leader. */
    private volatile Recovery recovery;
    private ClusterFormation formation;

    public RaftStore(StoreConfig config) {
        this.config = config;
        this.snapshots = new DatabaseSnapshots(config, counters);
        this.membership = new Membership(this, config, ids, counters);
        int readers = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.readExecutor = new ThreadPoolExecutor(readers, readers, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "jrqlite-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.backups = new BackupTransfer(readExecutor, java.time.Duration.ofSeconds(60));
    }

    /**
     * Opens the database and starts the Raft node: a node with no Raft state and no -join bootstraps a single-voter
     * group; one with state comes back from its own log. Blocks until the node has started (not until it leads) and,
     * with -join, until it has joined or formed its cluster ({@link ClusterFormation}).
     *
     * @param onFatal       called when the node can no longer go on (the caller should exit)
     * @param stopRequested true once the process is being stopped: a join or bootstrap under way gives up
     */
    public void open(Consumer<String> onFatal, java.util.function.BooleanSupplier stopRequested) {
        LogStorageTuning.apply();
        try {
            Files.createDirectories(config.raftDir());
            deleteStaleBackups();
            boolean bootstrap = !hasRaftState(config.raftDir()) && config.join().isEmpty();
            if (bootstrap && config.membership().nonVoter()) {
                throw new IllegalStateException(
                        "cannot create a new non-voting node without joining it to an existing cluster");
            }
            Recovery recovery = Recovery.read(config.raftDir());
            LoadStaging staging = new LoadStaging(config.dataDir());
            staging.clear();
            Path dbFile = config.inMemory() ? null : config.databaseFile();
            if (dbFile != null) {
                snapshots.prepare();
            }
            db = openDatabase(dbFile);
            snapshots.attach(db);

            Endpoint bind = parseEndpoint(config.raftBindAddress());
            Endpoint advertised = parseEndpoint(config.raftAddress());
            self = new PeerId(advertised, 0);
            rpcServer = RaftRpcServerFactory.createRaftRpcServer(bind);
            new ClusterService(java.util.Map.of(
                    "join", ClusterCounters.counted(clusterCounters.numJoinReq,
                            bytes -> membership.join(JoinRequest.parseFrom(bytes)).thenApply(JoinResponse::toByteArray)),
                    "notify", ClusterCounters.counted(clusterCounters.numNotifyReq, p -> formation.handleNotify(p)),
                    "forward", this::handleForward,
                    "meta", x -> CompletableFuture.completedFuture(ownMeta().toByteArray()),
                    "remove", bytes -> membership.remove(RemoveRequest.parseFrom(bytes).getId())
                            .thenApply(x -> new byte[0]),
                    "stepdown", bytes -> {
                        StepdownRequest r = StepdownRequest.parseFrom(bytes);
                        return membership.stepdown(r.getId(), r.getWait()).thenApply(x -> new byte[0]);
                    },
                    "removed", membership::handleRemoved,
                    "backup", this::handleBackup,
                    "backup-piece", backups::piece))
                    .register(rpcServer);
            cluster = new ClusterClient();
            forwarder = new Forwarder(cluster, this::leaderEndpoint, () -> state.following);
            formation = new ClusterFormation(config, cluster, self, new ClusterFormation.Raft() {
                @Override
                public Node node() {
                    return node;
                }

                @Override
                public Configuration configuration() {
                    return currentConfiguration();
                }

                @Override
                public boolean leaderKnown() {
                    return leader().isPresent();
                }
            }, stopRequested);

            NodeOptions options = nodeOptions(new DatabaseStateMachine(db, snapshots, staging, state, counters, onFatal,
                    this::abandonLoads, ids, membership::fillIds));
            if (bootstrap) {
                options.setInitialConf(new Configuration(java.util.List.of(self)));
                LOG.info("no Raft state in {}: bootstrapping a single-node cluster", config.raftDir());
            }
            raftGroup = new RaftGroupService(GROUP_ID, self, options, rpcServer);
            try {
                node = raftGroup.start();
                state.started = true;
                if (recovery != null) {
                    recovery.apply(node, counters);
                    membership.idsFrom(recovery.peers());
                    this.recovery = recovery;
                }
                scheduleSnapshots();
                snapshotTimer.scheduleWithFixedDelay(this::membershipTick, 1, 1, TimeUnit.SECONDS);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("cannot listen on Raft address " + config.raftBindAddress()
                        + " (" + e.getMessage() + ")", e);
            }
            open.set(true);
            if (!config.join().isEmpty()) {
                formation.run();
            }
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
        options.setSnapshotUri(config.snapshotDir().toString());
        // Our own timer decides when to snapshot (see scheduleSnapshots); jraft's would also refuse user snapshots
        // closer than its margin.
        options.setSnapshotIntervalSecs(0);
        int electionMs = (int) Math.max(100, config.electionTimeout().toMillis());
        options.setElectionTimeoutMs(electionMs);
        options.setLeaderLeaseTimeRatio(leaderLeaseRatio(config.leaderLeaseTimeout(), electionMs));
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

    /**
     * jraft's lease is a share (percent) of the election timeout. Unset, rqlite's lease is its Raft library's 500 ms;
     * jraft's own default (90%) would let a cut-off leader serve weak reads, and stay leader, for longer. A lease must
     * stay below the election timeout, so the default is capped at jraft's 90%.
     */
    static int leaderLeaseRatio(java.time.Duration lease, int electionMs) {
        boolean unset = lease.isZero();
        long leaseMs = unset ? DEFAULT_LEADER_LEASE_MS : lease.toMillis();
        return (int) Math.max(1, Math.min(unset ? 90 : 100, leaseMs * 100 / electionMs));
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
    public CompletableFuture<BatchResult> execute(Batch batch, Forwarding forwarding) {
        return propose(LogEntry.newBuilder().setExecute(batch).build(), forwarding);
    }

    /** Proposes an entry on the leader (followers forward what can be forwarded); completes once applied. */
    CompletableFuture<BatchResult> propose(LogEntry entry) {
        return propose(entry, Forwarding.DEFAULT);
    }

    private CompletableFuture<BatchResult> propose(LogEntry entry, Forwarding forwarding) {
        Node n = node;
        if (n == null || !open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (!n.isLeader()) {
            return forwardOrRefuse(entry, forwarding);
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

    // ---- the cluster ----

    // ---- membership ----

    @Override
    public CompletableFuture<Void> remove(String id, Forwarding forwarding) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        return isLeader() ? membership.remove(id) : membership.removeThroughLeader(id, forwarding);
    }

    @Override
    public CompletableFuture<Void> stepdown(String targetId, boolean wait, Forwarding forwarding) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        return isLeader() ? membership.stepdown(targetId, wait)
                : membership.stepdownThroughLeader(targetId, wait, forwarding);
    }

    /** Every second: reaping, and setting aside a peers.json recovery once it is in force. */
    private void membershipTick() {
        try {
            membership.reapTick();
            Recovery r = recovery;
            if (r != null && !raftStopped && r.committed(leader().isPresent(), currentConfiguration(), appliedIndex())) {
                recovery = null;
            }
        } catch (RuntimeException e) {
            LOG.warn("membership check failed: {}", e.toString());
        }
    }

    /** Stops Raft here while the process goes on: this node was removed, with -raft-remove-shutdown. */
    void removedFromCluster() {
        if (config.membership().removeShutdown()) {
            LOG.info("this node was removed from the cluster: stopping Raft (-raft-remove-shutdown)");
            CompletableFuture.runAsync(this::shutdownRaft, readExecutor);
        }
    }

    Forwarder forwarder() {
        return forwarder;
    }

    private void shutdownRaft() {
        Node n = node;
        if (n != null) {
            raftStopped = true;
            n.shutdown();
        }
    }

    private io.jrqlite.command.NodeMeta ownMeta() {
        return io.jrqlite.command.NodeMeta.newBuilder().setId(config.nodeId()).setApiUrl(config.apiUrl())
                .setVersion(config.version()).setCommitIndex(commitIndex()).build();
    }

    @Override
    public CompletableFuture<NodeMeta> meta(Member member, java.time.Duration timeout) {
        if (member.raftAddress().equals(config.raftAddress())) {
            return CompletableFuture.completedFuture(new NodeMeta(config.nodeId(), config.apiUrl(), config.version()));
        }
        return cluster.call(parseEndpoint(member.raftAddress()), "meta", new byte[0], timeout).thenApply(bytes -> {
            try {
                io.jrqlite.command.NodeMeta m = io.jrqlite.command.NodeMeta.parseFrom(bytes);
                return new NodeMeta(m.getId(), m.getApiUrl(), m.getVersion());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new StoreException("bad reply: " + e.getMessage());
            }
        });
    }

    /** On the leader: runs a request a follower forwarded. */
    private CompletableFuture<byte[]> handleForward(byte[] payload) {
        ForwardRequest request;
        try {
            request = ForwardRequest.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!isLeader()) { // never forwarded twice: the follower asks again
            return CompletableFuture.completedFuture(
                    ForwardResponse.newBuilder().setError(StoreException.NOT_LEADER).build().toByteArray());
        }
        ReadOptions read = new ReadOptions(request.getLevel().isEmpty() ? ReadLevel.WEAK
                : ReadLevel.valueOf(request.getLevel()), java.time.Duration.ZERO, false, java.time.Duration.ZERO);
        CompletableFuture<BatchResult> result = switch (request.getOp()) {
            case "execute" -> execute(request.getBatch());
            case "request" -> request(request.getBatch(), read, Forwarding.DEFAULT);
            case "query" -> query(request.getBatch(), read, Forwarding.DEFAULT);
            case "entry" -> proposeForwarded(request.getEntry());
            default -> CompletableFuture.failedFuture(new StoreException("unknown operation " + request.getOp()));
        };
        return result.handle((r, t) -> {
            ForwardResponse.Builder b = ForwardResponse.newBuilder();
            if (t != null) {
                Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t;
                b.setError(String.valueOf(cause.getMessage()));
            } else {
                b.setResult(r);
            }
            return b.build().toByteArray();
        });
    }

    /**
     * A forwarded log entry: only the pieces of a load (a follower proposes them as the leader would); the last
     * one's success lets a snapshot drop the file from the log, as after a load made here.
     */
    private CompletableFuture<BatchResult> proposeForwarded(LogEntry entry) {
        if (entry.getEntryCase() != LogEntry.EntryCase.LOAD_CHUNK) {
            return CompletableFuture.failedFuture(new StoreException("cannot forward entry " + entry.getEntryCase()));
        }
        return propose(entry).whenComplete((r, t) -> {
            if (t == null && r.getError().isEmpty() && entry.getLoadChunk().getLast()) {
                takeSnapshot();
            }
        });
    }

    /** A write, a strong read or a load piece proposed on a follower goes to the leader, when one is known. */
    private CompletableFuture<BatchResult> forwardOrRefuse(LogEntry entry, Forwarding forwarding) {
        return switch (entry.getEntryCase()) {
            case EXECUTE -> forward("execute", entry.getExecute(), ReadLevel.STRONG, forwarding);
            case QUERY -> forward("query", entry.getQuery(), ReadLevel.STRONG, forwarding);
            case REQUEST -> forward("request", entry.getRequest(), ReadLevel.STRONG, forwarding);
            case LOAD_CHUNK -> forward(ForwardRequest.newBuilder().setOp("entry").setEntry(entry), forwarding);
            default -> CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
        };
    }

    private CompletableFuture<BatchResult> forward(String op, Batch batch, ReadLevel level, Forwarding forwarding) {
        return forward(ForwardRequest.newBuilder().setOp(op).setBatch(batch).setLevel(level.name()), forwarding);
    }

    /** Sends the request to the leader; the result names the leader that served it. */
    private CompletableFuture<BatchResult> forward(ForwardRequest.Builder request, Forwarding forwarding) {
        Endpoint leader;
        try {
            leader = forwarder.leader();
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return forwarder.call(leader, "forward", request.build().toByteArray(), forwarding)
                .thenApply(bytes -> {
                    ForwardResponse r;
                    try {
                        r = ForwardResponse.parseFrom(bytes);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new StoreException("bad reply from the leader: " + e.getMessage());
                    }
                    if (!r.getError().isEmpty()) {
                        throw new StoreException(r.getError());
                    }
                    return r.getResult().toBuilder().setServedBy(leader.toString()).build();
                });
    }

    /** The leader's Raft endpoint, when one is known and it is not this node. */
    private Optional<Endpoint> leaderEndpoint() {
        Node n = node;
        PeerId leader = n == null ? null : n.getLeaderId();
        return leader == null || leader.isEmpty() || leader.equals(self) ? Optional.empty()
                : Optional.of(leader.getEndpoint());
    }

    // ---- snapshots ----

    /**
     * Every -raft-snap-int, staggered between one and two intervals: a snapshot when at least -raft-snap entries
     * were applied since the last one, or when the write-ahead log has reached -raft-snap-wal-size.
     */
    private void scheduleSnapshots() {
        long everyMs = Math.max(100, config.snapshotInterval().toMillis());
        long delay = everyMs + java.util.concurrent.ThreadLocalRandom.current().nextLong(everyMs);
        snapshotTimer.schedule(() -> {
            try {
                snapshotIfDue();
            } finally {
                if (!closed.get()) {
                    scheduleSnapshots();
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void snapshotIfDue() {
        if (booting.get()) {
            return;
        }
        boolean byCount = appliedIndex() - state.lastSnapshotIndex >= Math.max(1, config.snapshotThreshold());
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

    @Override
    public CompletableFuture<Boolean> snapshot() {
        if (booting.get()) {
            return CompletableFuture.failedFuture(new StoreException("a boot is in progress"));
        }
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
    private CompletableFuture<Boolean> takeSnapshot() {
        Node n = node;
        if (n == null || !open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        long applied = appliedIndex();
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

    @Override
    public CompletableFuture<ReapResult> reap() {
        DatabaseSnapshots.ChainShape shape = snapshots.shape();
        if (shape.wals() == 0) {
            return CompletableFuture.completedFuture(new ReapResult(0, 0));
        }
        // A full snapshot replaces the chain; it needs an entry newer than the last snapshot, so a leader adds one.
        snapshots.forceFull();
        CompletableFuture<?> fresh = appliedIndex() > state.lastSnapshotIndex || !isLeader()
                ? CompletableFuture.completedFuture(null) : proposeNoOp();
        return fresh.thenCompose(x -> takeSnapshot()).thenApply(taken -> taken
                ? new ReapResult(shape.files() - 1, shape.wals()) : new ReapResult(0, 0));
    }

    /**
     * An entry that changes nothing, completing once jraft counts it applied: a snapshot then has something new
     * to cover (jraft skips a snapshot when its applied index has not moved).
     */
    private CompletableFuture<Void> proposeNoOp() {
        return propose(LogEntry.getDefaultInstance()).thenCompose(r -> whenApplied(r.getRaftIndex(), 2000));
    }

    private CompletableFuture<Void> whenApplied(long index, int triesLeft) {
        Node n = node;
        if (n == null || n.getLastAppliedLogIndex() >= index || triesLeft == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS, readExecutor))
                .thenCompose(x -> whenApplied(index, triesLeft - 1));
    }

    @Override
    public CompletableFuture<Void> boot(Path file) {
        if (!isLeader()) {
            return CompletableFuture.failedFuture(new StoreException("not leader"));
        }
        if (members().size() != 1) {
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
                        snapshotWhenFree(node, taken, 100);
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

    // ---- backups ----

    @Override
    public CompletableFuture<BackupFile> backup(BackupFormat format, java.util.List<String> tables, boolean compress,
            boolean local, Forwarding forwarding) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (local || isLeader()) {
            return backupHere(format, tables, compress).thenApply(file -> new BackupFile(file, ""));
        }
        io.jrqlite.command.BackupRequest request = io.jrqlite.command.BackupRequest.newBuilder()
                .setFormat(format.name()).addAllTables(tables).setCompress(compress).build();
        Endpoint leader;
        Path into;
        try {
            leader = forwarder.leader();
            into = Files.createTempFile(config.dataDir(), BACKUP_PREFIX, ".tmp");
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new StoreException("backup failed: " + e.getMessage(), e));
        }
        return backups.fetch(forwarder, leader, request, into, forwarding)
                .thenApply(file -> new BackupFile(file, leader.toString()));
    }

    /** On the leader: a backup for a follower, held until the follower has read it. */
    private CompletableFuture<byte[]> handleBackup(byte[] payload) {
        io.jrqlite.command.BackupRequest request;
        try {
            request = io.jrqlite.command.BackupRequest.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!isLeader()) { // never forwarded twice
            return notLeader();
        }
        return backupHere(BackupFormat.valueOf(request.getFormat()), request.getTablesList(), request.getCompress())
                .thenApply(file -> {
                    try {
                        return backups.offer(file).toByteArray();
                    } catch (IOException e) {
                        deleteQuietly(file);
                        throw new StoreException("backup failed: " + e.getMessage(), e);
                    }
                });
    }

    private CompletableFuture<Path> backupHere(BackupFormat format, java.util.List<String> tables,
            boolean compress) {
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

    @Override
    public Path newTempFile(String prefix) throws IOException {
        return Files.createTempFile(config.dataDir(), prefix, ".tmp");
    }

    /** Backups and loads interrupted by a crash leave temporary files behind; a start clears them. */
    private void deleteStaleBackups() throws IOException {
        try (var files = Files.newDirectoryStream(config.dataDir(), "{" + BACKUP_PREFIX + ",load-,boot-,upload-,restore}*.tmp{,-wal,-shm}")) {
            for (Path f : files) {
                deleteQuietly(f);
            }
        }
    }

    /** Pieces of a loaded file: large enough to keep the log's overhead small, small enough for the heap. */
    static final int LOAD_CHUNK_BYTES = 4 << 20;

    @Override
    public CompletableFuture<BatchResult> load(Path file, Forwarding forwarding) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (!isLeader() && leaderEndpoint().isEmpty()) {
            return notLeader();
        }
        // Checked here, before it enters the log (on a follower, before any piece goes to the leader): a file SQLite
        // finds unsound must not reach any replica.
        return CompletableFuture.supplyAsync(() -> Database.isSound(file), readExecutor).thenCompose(sound -> {
            if (!sound) {
                return CompletableFuture.failedFuture(new StoreException("invalid SQLite database"));
            }
            String id = java.util.UUID.randomUUID().toString();
            return sendPieces(file, id, 0, forwarding).whenComplete((r, t) -> {
                if (t != null) { // tell every node to drop what it staged
                    propose(LogEntry.newBuilder().setLoadChunk(
                            LoadChunk.newBuilder().setId(id).setAbort(true)).build(), forwarding);
                } else if (r.getError().isEmpty()) {
                    takeSnapshot(); // the file is in the log once more: a snapshot lets it go
                }
            });
        });
    }

    /** Proposes an abort for each load: called as this node becomes leader, from the state-machine thread. */
    private void abandonLoads(java.util.List<String> ids) {
        // Later, on another thread: the node may not be published yet, and the state-machine thread must go on.
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, readExecutor).execute(() -> {
            for (String id : ids) {
                propose(LogEntry.newBuilder().setLoadChunk(LoadChunk.newBuilder().setId(id).setAbort(true)).build())
                        .exceptionally(t -> {
                            LOG.warn("cannot abandon load {}: {}", id, t.getMessage());
                            return null;
                        });
            }
        });
    }

    /** Proposes the file's pieces one after the other, from {@code offset}; completes with the last's result. */
    private CompletableFuture<BatchResult> sendPieces(Path file, String id, long offset, Forwarding forwarding) {
        return CompletableFuture.supplyAsync(() -> {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                long size = ch.size();
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(LOAD_CHUNK_BYTES, size - offset));
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // read until full
                }
                buf.flip();
                return LoadChunk.newBuilder().setId(id).setOffset(offset)
                        .setData(com.google.protobuf.UnsafeByteOperations.unsafeWrap(buf))
                        .setLast(offset + buf.remaining() >= size).build();
            } catch (IOException e) {
                throw new StoreException("load failed: " + e.getMessage(), e);
            }
        }, readExecutor).thenCompose(piece -> propose(LogEntry.newBuilder().setLoadChunk(piece).build(), forwarding)
                .thenCompose(r -> piece.getLast() || !r.getError().isEmpty() ? CompletableFuture.completedFuture(r)
                        : sendPieces(file, id, offset + piece.getData().size(), forwarding)));
    }

    // ---- reads ----

    @Override
    public CompletableFuture<BatchResult> query(Batch batch, ReadOptions read, Forwarding forwarding) {
        ReadLevel level = effectiveLevel(read.level());
        return switch (level) {
            case NONE -> readLocally(batch, read);
            case WEAK -> !isLeader() ? forward("query", batch, ReadLevel.WEAK, forwarding)
                    : holdsLease() ? readLocal(batch) : notLeader();
            case LINEARIZABLE -> linearizableRead(batch, read);
            case STRONG -> propose(LogEntry.newBuilder().setQuery(batch).build(), forwarding);
            case AUTO -> throw new AssertionError("resolved above");
        };
    }

    @Override
    public CompletableFuture<BatchResult> request(Batch batch, ReadOptions read, Forwarding forwarding) {
        if (!open.get()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        ReadLevel level = effectiveLevel(read.level());
        if (level != ReadLevel.STRONG) {
            return CompletableFuture.supplyAsync(() -> allReadOnly(batch), readExecutor).thenCompose(readOnly -> readOnly
                    ? query(batch, new ReadOptions(level, read.freshness(), read.freshnessStrict(),
                            read.linearizableTimeout()), forwarding)
                    : propose(LogEntry.newBuilder().setRequest(batch).build(), forwarding));
        }
        return propose(LogEntry.newBuilder().setRequest(batch).build(), forwarding);
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
        if (!read.freshness().isZero() && !isLeader() && isStale(read)) {
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
        long lastContact = LeaderContact.lastMillis(node);
        if (lastContact <= 0 || com.alipay.sofa.jraft.util.Utils.monotonicMs() - lastContact
                > read.freshness().toMillis()) {
            return true;
        }
        return read.freshnessStrict() && appliedIndex() < commitIndex();
    }

    private CompletableFuture<BatchResult> readLocal(Batch batch) {
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
        Node n = node;
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
        if (isLeader()) {
            return holdsLease();
        }
        long last = LeaderContact.lastMillis(n);
        return leader().isPresent() && last > 0
                && com.alipay.sofa.jraft.util.Utils.monotonicMs() - last <= n.getOptions().getLeaderLeaseTimeoutMs();
    }

    private static <T> CompletableFuture<T> notLeader() {
        return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
    }

    private CompletableFuture<BatchResult> linearizableRead(Batch batch, ReadOptions read) {
        Node n = node;
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
                        : propose(LogEntry.newBuilder().setQuery(batch).build()));
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
        Configuration conf = currentConfiguration();
        if (conf.getLearners().contains(self)) {
            return false;
        }
        return conf.contains(self) || !config.membership().nonVoter();
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
        String id = leader.equals(self) ? config.nodeId() : ids.idOf(addr).orElse(addr);
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
        Node n = raftStopped ? null : node;
        return n == null ? 0 : n.getLastCommittedIndex();
    }

    @Override
    public long appliedIndex() {
        Node n = raftStopped ? null : node;
        return n == null ? state.fsmIndex : Math.max(state.fsmIndex, n.getLastAppliedLogIndex());
    }

    @Override
    public java.util.Map<String, Object> stats() {
        if (!open.get()) {
            return java.util.Map.of("open", false);
        }
        return new StoreStats(config, state, raftStopped ? null : node, db, leader(), members(), isVoter()).toMap();
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
    Configuration currentConfiguration() {
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
        return new Member(ids.idOf(addr).orElse(addr), addr, voter);
    }

    Node node() {
        return node;
    }

    ClusterClient cluster() {
        return cluster;
    }

    @Override
    public java.util.Map<String, Long> counters() {
        return counters.snapshot();
    }

    @Override
    public java.util.Map<String, Long> clusterCounters() {
        return clusterCounters.snapshot();
    }

    /** A clean stop snapshots what is new, so the next start reuses the database file and replays little. */
    private void finalSnapshot() {
        Node n = node;
        if (n == null || booting.get() || appliedIndex() <= state.lastSnapshotIndex) {
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

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        open.set(false);
        LOG.info("closing store");
        RuntimeException leaving = null;
        if (state.started && node != null) {
            try {
                membership.leaveOnStop();
            } catch (RuntimeException e) {
                leaving = e; // reported once the store is closed: the stop is not clean
            }
        }
        finalSnapshot();
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
        backups.close();
        if (cluster != null) {
            cluster.close();
        }
        snapshots.close();
        if (db != null) {
            db.close();
            snapshots.sealFingerprint();
        }
        node = null;
        if (leaving != null) {
            throw leaving;
        }
    }
}
