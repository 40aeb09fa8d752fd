package io.jrqlite.cli;

import io.jrqlite.auth.ClusterAuth;
import io.jrqlite.auth.CredentialStore;
import io.jrqlite.auth.Credentials;
import io.jrqlite.cluster.NodeTls;
import io.jrqlite.http.HttpServer;
import io.jrqlite.http.NodeInfo;
import io.jrqlite.http.ServerTls;
import io.jrqlite.http.TlsSettings;
import io.jrqlite.queue.WriteQueue;
import io.jrqlite.store.ClusterFormationException;
import io.jrqlite.store.RaftStore;
import io.jrqlite.store.StoreConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started jrqlite node: the store, the write queue and the HTTP API wired together in rqlite's start order
 * (HTTP first, so the API answers while the store opens). {@link #close()} stops them in reverse.
 */
public final class RunningNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningNode.class);

    private final RaftStore store;
    private final WriteQueue queue;
    private final HttpServer http;
    private final InetSocketAddress httpAddress;
    private final NodeTls nodeTls;

    private RunningNode(RaftStore store, WriteQueue queue, HttpServer http, InetSocketAddress httpAddress,
            NodeTls nodeTls) {
        this.store = store;
        this.queue = queue;
        this.http = http;
        this.httpAddress = httpAddress;
        this.nodeTls = nodeTls;
    }

    /**
     * Starts a node.
     *
     * @param onFatal called when the node cannot go on after start (the process should exit non-zero)
     * @throws StartupException with a user-facing reason when the node cannot start
     */
    public static RunningNode start(NodeConfig config, List<String> cmdline, Consumer<String> onFatal)
            throws StartupException {
        return start(config, cmdline, onFatal, () -> false);
    }

    /**
     * Starts a node that gives up joining or forming its cluster once {@code stopRequested} turns true.
     *
     * @throws StartupException also when stopped before the node had started
     */
    public static RunningNode start(NodeConfig config, List<String> cmdline, Consumer<String> onFatal,
            java.util.function.BooleanSupplier stopRequested) throws StartupException {
        ClusterAuth auth = loadAuth(config);
        Path dataDir = prepareDataDirectory(config.dataDir());
        VersionInfo version = VersionInfo.load();
        TlsSettings tlsSettings = config.httpCert().isEmpty() ? null : new TlsSettings(config.httpCert(),
                config.httpKey(), config.httpCaCert(), config.httpVerifyClient(), config.httpVerifyCommonName());
        NodeInfo info = new NodeInfo(version.version(), version.commit(), version.buildTime(), Instant.now(),
                config.httpAddr(), config.httpAdvAddr(), config.httpAllowOrigin(), cmdline, tlsSettings);
        ServerTls tls = null;
        if (tlsSettings != null) {
            try {
                tls = ServerTls.load(tlsSettings);
            } catch (IOException e) {
                throw new StartupException("failed to set up HTTPS: " + e.getMessage());
            }
        }
        NodeTls nodeTls;
        try {
            nodeTls = enableNodeTls(config);
        } catch (StartupException e) {
            if (tls != null) {
                tls.close();
            }
            throw e;
        }
        RaftStore store = new RaftStore(new StoreConfig(dataDir, config.nodeId(), config.raftAdvAddr(),
                config.raftAddr(), config.inMemory(), config.fk(), config.dbMaxRoConns(),
                config.raftElectionTimeout(), config.raftHeartbeatTimeout(), config.raftLeaderLeaseTimeout(),
                config.raftApplyTimeout(), config.raftSnap(), config.raftSnapInt(), config.raftSnapWalSize(),
                config.join(), config.joinAttempts(), config.joinInterval(), info.apiUrl(),
                version.version(), config.bootstrapExpect(), config.bootstrapExpectTimeout(),
                new StoreConfig.MembershipFlags(config.raftNonVoter(), config.raftRemoveShutdown(),
                        config.raftClusterRemoveShutdown(), config.raftShutdownStepdown(), config.raftReapNodeTimeout(),
                        config.raftReapReadOnlyNodeTimeout()), auth));
        WriteQueue queue = new WriteQueue(config.writeQueueCapacity(), config.writeQueueBatchSize(),
                config.writeQueueTimeout(), config.writeQueueTx(), store::execute);
        HttpServer http = new HttpServer(store, queue, info, config.httpMaxBody(), auth.users(), tls);
        InetSocketAddress bound;
        try {
            bound = http.start(config.httpAddr());
        } catch (Exception e) {
            queue.close();
            http.close();
            closeIfOn(nodeTls);
            throw new StartupException("failed to start HTTP server on " + config.httpAddr() + ": " + e.getMessage());
        }
        try {
            store.open(onFatal, stopRequested);
        } catch (RuntimeException e) {
            http.close();
            queue.close();
            store.close();
            closeIfOn(nodeTls);
            throw new StartupException(e instanceof ClusterFormationException ? e.getMessage()
                    : "failed to open store: " + e.getMessage());
        }
        LOG.info("node {} started: HTTP {} Raft {}", config.nodeId(), config.httpAdvAddr(), config.raftAdvAddr());
        return new RunningNode(store, queue, http, bound, nodeTls);
    }

    /** The {@code -auth} users and this node's {@code -join-as} credentials; refuses a bad file or unknown user. */
    static ClusterAuth loadAuth(NodeConfig config) throws StartupException {
        if (config.auth().isEmpty()) {
            if (!config.joinAs().isEmpty()) {
                throw new StartupException("-join-as requires -auth");
            }
            return ClusterAuth.NONE;
        }
        CredentialStore users;
        try {
            users = CredentialStore.load(Path.of(config.auth()));
        } catch (java.nio.file.FileSystemException e) { // its message would be just the path
            throw new StartupException("failed to load credential store " + config.auth() + ": cannot read it");
        } catch (IOException e) {
            throw new StartupException("failed to load credential store " + config.auth() + ": " + e.getMessage());
        }
        Credentials joinAs = null;
        if (!config.joinAs().isEmpty()) {
            joinAs = users.credentialsOf(config.joinAs());
            if (joinAs == null) {
                throw new StartupException("-join-as user " + config.joinAs() + " is not in " + config.auth());
            }
        }
        return new ClusterAuth(users, joinAs);
    }

    /** Before the store opens: jraft's RPC factory asks for it when it makes the Raft port's server and clients. */
    private static NodeTls enableNodeTls(NodeConfig config) throws StartupException {
        if (config.nodeCert().isEmpty()) {
            return null;
        }
        try {
            return NodeTls.enable(new NodeTls.Settings(config.nodeCert(), config.nodeKey(), config.nodeCaCert(),
                    config.nodeNoVerify(), config.nodeVerifyClient(), config.nodeVerifyServerName(),
                    config.nodeVerifyCommonName()));
        } catch (java.nio.file.FileSystemException e) { // its message would be just the path
            throw new StartupException("failed to set up node TLS: cannot access " + e.getFile());
        } catch (IOException e) {
            throw new StartupException("failed to set up node TLS: " + e.getMessage());
        }
    }

    private static void closeIfOn(NodeTls nodeTls) {
        if (nodeTls != null) {
            nodeTls.close();
        }
    }

    private static Path prepareDataDirectory(String dir) throws StartupException {
        Path path = Path.of(dir).toAbsolutePath();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new StartupException("data directory " + path + " is not a directory");
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new StartupException("failed to create data directory " + path + ": " + e.getMessage());
        }
        if (!Files.isWritable(path)) {
            throw new StartupException("data directory " + path + " is not writable");
        }
        return path;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    public RaftStore store() {
        return store;
    }

    @Override
    public void close() {
        http.close();
        queue.close();
        store.close();
        closeIfOn(nodeTls);
        LOG.info("node stopped");
    }

    /** A reason the node could not start, worded for the operator. */
    public static final class StartupException extends Exception {
        public StartupException(String message) {
            super(message, null, false, false);
        }
    }
}
