package io.jrqlite.cli;

import static io.jrqlite.cli.FlagType.BOOL;
import static io.jrqlite.cli.FlagType.DURATION;
import static io.jrqlite.cli.FlagType.INT;
import static io.jrqlite.cli.FlagType.INT64;
import static io.jrqlite.cli.FlagType.STRING;
import static io.jrqlite.cli.FlagType.UINT64;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every flag rqlited (v10) accepts, plus jrqlite's own, with its type, default and usage line: the single
 * source of truth for both parsing and the usage output. Order follows rqlite's configuration (it decides
 * which missing file is reported first); the usage output sorts by name as Go does.
 *
 * <p>Flags rqlite removed ({@code -on-disk}, {@code -on-disk-path}, {@code -raft-timeout},
 * {@code -http-no-verify}) are deliberately absent, so they fail as unknown flags, as in rqlite.
 */
final class Flags {

    static final String VERSION = "version";

    static final List<Flag> ALL = List.of(
            // General
            Flag.of(VERSION, BOOL, "false", "Print version information and exit"),
            Flag.of("node-id", STRING, "", "Unique ID of this node; defaults to the advertised Raft address"),

            // HTTP API
            Flag.of("http-addr", STRING, "localhost:4001", "Address the HTTP API listens on (host:port, no scheme)"),
            Flag.of("http-adv-addr", STRING, "",
                    "HTTP API address advertised to clients and other nodes; defaults to -http-addr"),
            Flag.of("http-allow-origin", STRING, "", "Value for the Access-Control-Allow-Origin response header"),

            // HTTPS and client authentication
            Flag.path("http-cert", "Path to the X.509 certificate that turns on HTTPS"),
            Flag.path("http-key", "Path to the private key belonging to -http-cert"),
            Flag.path("http-ca-cert", "Path to the X.509 CA certificate trusted for HTTPS"),
            Flag.of("http-verify-client", BOOL, "false",
                    "Require HTTPS clients to present a certificate signed by the CA (mutual TLS)"),
            Flag.of("http-verify-common-name", STRING, "",
                    "Common Name required on HTTPS client certificates; needs -http-verify-client"),
            Flag.path("auth", "Path to the users and permissions file; no authentication when unset"),

            // Node-to-node encryption
            Flag.path("node-cert", "Path to the X.509 certificate that turns on TLS between nodes"),
            Flag.path("node-key", "Path to the private key belonging to -node-cert"),
            Flag.path("node-ca-cert", "Path to the X.509 CA certificate trusted between nodes"),
            Flag.of("node-no-verify", BOOL, "false", "Do not verify certificates presented by other nodes"),
            Flag.of("node-verify-client", BOOL, "false",
                    "Require connecting nodes to present a certificate (mutual TLS between nodes)"),
            Flag.of("node-verify-server-name", STRING, "",
                    "Host name expected in the certificates other nodes present"),
            Flag.of("node-verify-common-name", STRING, "",
                    "Common Name required on certificates of connecting nodes; needs -node-verify-client"),

            // Clustering
            Flag.of("raft-addr", STRING, "localhost:4002", "Address the Raft (node-to-node) listener binds to"),
            Flag.of("raft-adv-addr", STRING, "", "Raft address advertised to other nodes; defaults to -raft-addr"),
            Flag.of("join", STRING, "", "Comma-separated Raft addresses (host:port) of nodes to join a cluster through"),
            Flag.of("join-attempts", INT, "5", "How many times to try each join address"),
            Flag.of("join-interval", DURATION, "3s", "Pause between join attempts"),
            Flag.of("join-as", STRING, "",
                    "User in the -auth file whose credentials are used to join; anonymous when unset"),
            Flag.of("bootstrap-expect", INT, "0", "Number of voting nodes to wait for before forming a cluster"),
            Flag.of("bootstrap-expect-timeout", DURATION, "120s", "Give up forming a cluster after this long"),
            Flag.of("raft-non-voter", BOOL, "false", "Run as a non-voting node (read replica)"),
            Flag.of("cluster-connect-timeout", DURATION, "30s", "Timeout for dialling another node for cluster requests"),
            Flag.of("compress-snap-transport", BOOL, "false",
                    "Compress snapshots sent between nodes; must be the same on every node"),

            // Node discovery
            Flag.of("disco-mode", STRING, "", "Node discovery mode: consul-kv, etcd-kv, dns or dns-srv; none when unset"),
            Flag.of("disco-key", STRING, "rqlite", "Key prefix used in the discovery service"),
            Flag.of("disco-config", STRING, "", "Discovery configuration as JSON, or the path to a JSON file"),

            // Raft consensus tuning
            Flag.of("raft-log-level", STRING, "WARN",
                    "Lowest level the Raft layer logs: TRACE, DEBUG, INFO, WARN, ERROR or OFF"),
            Flag.of("raft-snap", UINT64, "8192", "Log entries since the last snapshot that trigger a new snapshot"),
            Flag.of("raft-snap-wal-size", UINT64, "4194304",
                    "SQLite WAL size in bytes that triggers a snapshot; 0 turns this off"),
            Flag.of("raft-snap-int", DURATION, "10s", "How often to check whether a snapshot is due"),
            Flag.of("raft-leader-lease-timeout", DURATION, "0s", "Leader lease timeout; 0s keeps the Raft library default"),
            Flag.of("raft-heartbeat-timeout", DURATION, "1s",
                    "Time without word from a leader before a follower calls an election"),
            Flag.of("raft-commit-timeout", DURATION, "50ms",
                    "Longest a leader waits before replicating entries when no new writes arrive"),
            Flag.of("raft-election-timeout", DURATION, "1s", "Time a candidate waits before calling a new election"),
            Flag.of("raft-apply-timeout", DURATION, "10s", "Timeout for applying a write through Raft"),
            Flag.of("raft-remove-shutdown", BOOL, "false", "Stop Raft on this node once it is removed from the cluster"),
            Flag.of("raft-cluster-remove-shutdown", BOOL, "false",
                    "On graceful shutdown, remove this node from the cluster first"),
            Flag.of("raft-shutdown-stepdown", BOOL, "true", "On shutdown, a leader hands leadership to another node first"),
            Flag.of("raft-reap-node-timeout", DURATION, "0h",
                    "Remove voting nodes unreachable for this long; never when unset"),
            Flag.of("raft-reap-read-only-node-timeout", DURATION, "0h",
                    "Remove non-voting nodes unreachable for this long; never when unset"),

            // SQLite database
            Flag.of("fk", BOOL, "false", "Enforce SQLite foreign key constraints"),
            Flag.of("db-max-ro-conns", INT, "256", "Most read-only database connections open at once; 0 means no limit"),
            Flag.of("auto-vacuum-int", DURATION, "0s", "Interval between automatic VACUUMs; none when unset"),
            Flag.of("auto-optimize-int", DURATION, "24h",
                    "Interval between automatic 'PRAGMA optimize' runs; 0h turns them off"),
            Flag.of("extensions-path", STRING, "",
                    "Comma-separated SQLite extension files, directories, zip or tar.gz archives to load"),

            // Queued writes
            Flag.of("write-queue-capacity", INT, "1024", "How many queued writes the queue holds"),
            Flag.of("write-queue-batch-size", INT, "128", "Most queued writes sent together in one Raft entry"),
            Flag.of("write-queue-timeout", DURATION, "50ms", "Send a partial batch of queued writes after this long"),
            Flag.of("write-queue-tx", BOOL, "false", "Apply each batch of queued writes in a transaction"),

            // Backup and restore
            Flag.path("auto-backup", "Path to the automatic backup configuration; no automatic backups when unset"),
            Flag.path("auto-restore", "Path to the automatic restore configuration; no automatic restore when unset"),

            // Change data capture
            Flag.of("cdc-config", STRING, "",
                    "Change data capture target: an http(s) URL, stdout, or the path to a JSON configuration"),

            // Observability and profiling
            Flag.of("otlp-endpoint", STRING, "",
                    "host:port of an OpenTelemetry collector to push metrics to; no pushing when unset"),
            Flag.of("otlp-interval", DURATION, "30s", "Interval between metric pushes to the collector"),
            Flag.of("otlp-insecure", BOOL, "false", "Talk to the OpenTelemetry collector over plaintext gRPC"),
            Flag.of("otlp-no-verify", BOOL, "false", "Do not verify the OpenTelemetry collector's certificate"),
            Flag.path("otlp-ca-cert", "Path to the X.509 CA certificate that verifies the OpenTelemetry collector"),
            Flag.path("otlp-cert", "Path to the X.509 client certificate for mutual TLS with the collector"),
            Flag.path("otlp-key", "Path to the private key belonging to -otlp-cert"),
            Flag.of("cpu-profile", STRING, "", "Write a CPU profile to this file"),
            Flag.of("mem-profile", STRING, "", "Write a memory profile to this file"),
            Flag.of("trace-profile", STRING, "", "Write an execution trace to this file"),

            // jrqlite's own
            Flag.of("in-memory", BOOL, "false", "Keep the SQLite database in RAM only (jrqlite)"),
            Flag.of("http-max-body", INT64, "67108864",
                    "Largest HTTP request body accepted, in bytes; larger ones get 413, 0 means no limit (jrqlite)"));

    private static final Map<String, Flag> BY_NAME = index();

    private Flags() {
    }

    /** The flag with this name (no dash), or null. */
    static Flag byName(String name) {
        return BY_NAME.get(name);
    }

    private static Map<String, Flag> index() {
        Map<String, Flag> map = new LinkedHashMap<>();
        for (Flag f : ALL) {
            if (map.put(f.name(), f) != null) {
                throw new IllegalStateException("flag defined twice: " + f.name());
            }
        }
        return map;
    }
}
