package io.jrqlite.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A node's configuration, as given on the rqlited command line and validated by {@link CommandLine}:
 * one field per flag (defaults applied) plus the data directory. Immutable.
 *
 * <p>Derived defaults are already resolved: {@code httpAdvAddr} is {@code httpAddr} unless given,
 * {@code raftAdvAddr} is {@code raftAddr} unless given, and {@code nodeId} is {@code raftAdvAddr} unless given.
 * Paths are as given (empty = not set), except {@code dataDir}, which is absolute. Durations are exact; sizes
 * from {@code uint64} flags ({@code raftSnap}, {@code raftSnapWalSize}) are unsigned.
 */
public record NodeConfig(
        String dataDir,
        // General
        String nodeId,
        // HTTP API
        String httpAddr,
        String httpAdvAddr,
        String httpAllowOrigin,
        // HTTPS and client authentication
        String httpCert,
        String httpKey,
        String httpCaCert,
        boolean httpVerifyClient,
        String httpVerifyCommonName,
        String auth,
        // Node-to-node encryption
        String nodeCert,
        String nodeKey,
        String nodeCaCert,
        boolean nodeNoVerify,
        boolean nodeVerifyClient,
        String nodeVerifyServerName,
        String nodeVerifyCommonName,
        // Clustering
        String raftAddr,
        String raftAdvAddr,
        List<String> join,
        int joinAttempts,
        Duration joinInterval,
        String joinAs,
        int bootstrapExpect,
        Duration bootstrapExpectTimeout,
        boolean raftNonVoter,
        Duration clusterConnectTimeout,
        boolean compressSnapTransport,
        // Node discovery
        String discoMode,
        String discoKey,
        String discoConfig,
        // Raft consensus tuning
        String raftLogLevel,
        long raftSnap,
        long raftSnapWalSize,
        Duration raftSnapInt,
        Duration raftLeaderLeaseTimeout,
        Duration raftHeartbeatTimeout,
        Duration raftCommitTimeout,
        Duration raftElectionTimeout,
        Duration raftApplyTimeout,
        boolean raftRemoveShutdown,
        boolean raftClusterRemoveShutdown,
        boolean raftShutdownStepdown,
        Duration raftReapNodeTimeout,
        Duration raftReapReadOnlyNodeTimeout,
        // SQLite database
        boolean fk,
        int dbMaxRoConns,
        Duration autoVacuumInt,
        Duration autoOptimizeInt,
        List<String> extensionsPath,
        // Queued writes
        int writeQueueCapacity,
        int writeQueueBatchSize,
        Duration writeQueueTimeout,
        boolean writeQueueTx,
        // Backup and restore
        String autoBackup,
        String autoRestore,
        // Change data capture
        String cdcConfig,
        // Observability and profiling
        String otlpEndpoint,
        Duration otlpInterval,
        boolean otlpInsecure,
        boolean otlpNoVerify,
        String otlpCaCert,
        String otlpCert,
        String otlpKey,
        String cpuProfile,
        String memProfile,
        String traceProfile,
        // jrqlite's own
        boolean inMemory,
        long httpMaxBody) {

    public NodeConfig {
        join = List.copyOf(join);
        extensionsPath = List.copyOf(extensionsPath);
    }

    /** Builds the configuration from parsed flags, resolving the derived defaults. Does not validate. */
    static NodeConfig from(ParsedFlags f, String dataDir) {
        String raftAddr = f.string("raft-addr");
        String raftAdv = orElse(f.string("raft-adv-addr"), raftAddr);
        String httpAddr = f.string("http-addr");
        return new NodeConfig(
                dataDir,
                orElse(f.string("node-id"), raftAdv),
                httpAddr,
                orElse(f.string("http-adv-addr"), httpAddr),
                f.string("http-allow-origin"),
                f.string("http-cert"),
                f.string("http-key"),
                f.string("http-ca-cert"),
                f.bool("http-verify-client"),
                f.string("http-verify-common-name"),
                f.string("auth"),
                f.string("node-cert"),
                f.string("node-key"),
                f.string("node-ca-cert"),
                f.bool("node-no-verify"),
                f.bool("node-verify-client"),
                f.string("node-verify-server-name"),
                f.string("node-verify-common-name"),
                raftAddr,
                raftAdv,
                split(f.string("join")),
                saturatedInt(f.number("join-attempts")),
                f.duration("join-interval"),
                f.string("join-as"),
                saturatedInt(f.number("bootstrap-expect")),
                f.duration("bootstrap-expect-timeout"),
                f.bool("raft-non-voter"),
                f.duration("cluster-connect-timeout"),
                f.bool("compress-snap-transport"),
                f.string("disco-mode"),
                f.string("disco-key"),
                f.string("disco-config"),
                f.string("raft-log-level"),
                f.number("raft-snap"),
                f.number("raft-snap-wal-size"),
                f.duration("raft-snap-int"),
                f.duration("raft-leader-lease-timeout"),
                f.duration("raft-heartbeat-timeout"),
                f.duration("raft-commit-timeout"),
                f.duration("raft-election-timeout"),
                f.duration("raft-apply-timeout"),
                f.bool("raft-remove-shutdown"),
                f.bool("raft-cluster-remove-shutdown"),
                f.bool("raft-shutdown-stepdown"),
                f.duration("raft-reap-node-timeout"),
                f.duration("raft-reap-read-only-node-timeout"),
                f.bool("fk"),
                saturatedInt(f.number("db-max-ro-conns")),
                f.duration("auto-vacuum-int"),
                f.duration("auto-optimize-int"),
                split(f.string("extensions-path")),
                saturatedInt(f.number("write-queue-capacity")),
                saturatedInt(f.number("write-queue-batch-size")),
                f.duration("write-queue-timeout"),
                f.bool("write-queue-tx"),
                f.string("auto-backup"),
                f.string("auto-restore"),
                f.string("cdc-config"),
                f.string("otlp-endpoint"),
                f.duration("otlp-interval"),
                f.bool("otlp-insecure"),
                f.bool("otlp-no-verify"),
                f.string("otlp-ca-cert"),
                f.string("otlp-cert"),
                f.string("otlp-key"),
                f.string("cpu-profile"),
                f.string("mem-profile"),
                f.string("trace-profile"),
                f.bool("in-memory"),
                f.number("http-max-body"));
    }

    private static String orElse(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    /** rqlite splits lists on every comma and keeps empty items (which validation then rejects). */
    private static List<String> split(String commaList) {
        return commaList.isEmpty() ? List.of() : Arrays.asList(commaList.split(",", -1));
    }

    /** Go's int is 64-bit; values beyond Java's int range are meaningless here, so they saturate. */
    private static int saturatedInt(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
