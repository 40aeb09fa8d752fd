package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
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
import io.jrqlite.command.LogEntry;
import io.jrqlite.command.RemoveRequest;
import io.jrqlite.command.StepdownRequest;
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
 *
 * <p>This class holds the node's lifecycle, the write path, membership wiring and state; reads, snapshots, and
 * backups and loads are {@link Reads}, {@link Snapshotter} and {@link BackupsAndLoads}, which see it through
 * {@link RaftAccess}.
 */
public final class RaftStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(RaftStore.class);
    static final String GROUP_ID = "rqlite";
    private static final long DEFAULT_LEADER_LEASE_MS = 500;

    private final StoreConfig config;
    private final RaftState state = new RaftState();
    private final StoreCounters counters = new StoreCounters();
    private final ClusterCounters clusterCounters = new ClusterCounters();
    private final DatabaseSnapshots snapshots;
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
    /** Set once the store has opened; requests can reach the store before that. */
    private volatile Forwarder forwarder;
    private final BackupTransfer backups;
    private final Snapshotter snapshotter;
    private final BackupsAndLoads transfers;
    private final Reads reads;
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
        RaftAccess access = new Access();
        this.snapshotter = new Snapshotter(config, state, counters, snapshots, access, readExecutor, snapshotTimer);
        this.transfers = new BackupsAndLoads(config, access, snapshotter, backups, readExecutor);
        this.reads = new Reads(access, readExecutor);
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
            transfers.deleteStaleFiles();
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
                    "backup", transfers::handleBackup,
                    "backup-piece", backups::piece), new ClusterAccess(config.auth()))
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
                    transfers::abandonLoads, ids, membership::fillIds));
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
                snapshotter.scheduleSnapshots();
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
                snapshotter.takeSnapshot();
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
        Forwarder forwarder = this.forwarder;
        if (forwarder == null) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
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

    // ---- snapshots, backups and loads, reads: see Snapshotter, BackupsAndLoads, Reads ----

    @Override
    public CompletableFuture<Boolean> snapshot() {
        return snapshotter.snapshot();
    }

    @Override
    public CompletableFuture<ReapResult> reap() {
        return snapshotter.reap();
    }

    @Override
    public CompletableFuture<Void> boot(Path file) {
        return snapshotter.boot(file);
    }

    @Override
    public CompletableFuture<BackupFile> backup(BackupFormat format, List<String> tables, boolean compress,
            boolean local, Forwarding forwarding) {
        return transfers.backup(format, tables, compress, local, forwarding);
    }

    @Override
    public CompletableFuture<BatchResult> load(Path file, Forwarding forwarding) {
        return transfers.load(file, forwarding);
    }

    @Override
    public Path newTempFile(String prefix) throws IOException {
        return transfers.newTempFile(prefix);
    }

    @Override
    public CompletableFuture<BatchResult> query(Batch batch, ReadOptions read, Forwarding forwarding) {
        return reads.query(batch, read, forwarding);
    }

    @Override
    public CompletableFuture<BatchResult> request(Batch batch, ReadOptions read, Forwarding forwarding) {
        return reads.request(batch, read, forwarding);
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

    /** The store as its split-out parts see it: each call reads the fields as they are now. */
    private final class Access implements RaftAccess {
        @Override
        public Node node() {
            return node;
        }

        @Override
        public Database db() {
            return db;
        }

        @Override
        public boolean isOpen() {
            return open.get();
        }

        @Override
        public boolean isClosed() {
            return closed.get();
        }

        @Override
        public boolean isLeader() {
            return RaftStore.this.isLeader();
        }

        @Override
        public boolean isVoter() {
            return RaftStore.this.isVoter();
        }

        @Override
        public boolean leaderKnown() {
            return leader().isPresent();
        }

        @Override
        public List<Member> members() {
            return RaftStore.this.members();
        }

        @Override
        public long appliedIndex() {
            return RaftStore.this.appliedIndex();
        }

        @Override
        public long commitIndex() {
            return RaftStore.this.commitIndex();
        }

        @Override
        public CompletableFuture<BatchResult> propose(LogEntry entry, Forwarding forwarding) {
            return RaftStore.this.propose(entry, forwarding);
        }

        @Override
        public CompletableFuture<BatchResult> forward(String op, Batch batch, ReadLevel level,
                Forwarding forwarding) {
            return RaftStore.this.forward(op, batch, level, forwarding);
        }

        @Override
        public Forwarder forwarder() {
            return forwarder;
        }

        @Override
        public Optional<Endpoint> leaderEndpoint() {
            return RaftStore.this.leaderEndpoint();
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
        snapshotter.finalSnapshot();
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
