package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.core.State;
import io.jrqlite.command.GoDuration;
import io.jrqlite.db.Database;
import io.jrqlite.db.DbStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Builds the {@code store} part of {@code /status} in rqlite's shape. */
final class StoreStats {
    private final StoreConfig config;
    private final RaftState state;
    private final Node node;
    private final Database db;
    private final Optional<Store.Leader> leader;
    private final List<Store.Member> members;

    private final boolean voter;

    StoreStats(StoreConfig config, RaftState state, Node node, Database db, Optional<Store.Leader> leader,
            List<Store.Member> members, boolean voter) {
        this.voter = voter;
        this.config = config;
        this.members = members;
        this.state = state;
        this.node = node;
        this.db = db;
        this.leader = leader;
    }

    /** 0 on the leader, how long ago a follower last heard from one, or "never". */
    private Object lastContact() {
        if (node == null) {
            return "never";
        }
        if (node.isLeader()) {
            return 0;
        }
        long last = LeaderContact.lastMillis(node);
        if (last <= 0) {
            return "never";
        }
        long ago = Math.max(0, com.alipay.sofa.jraft.util.Utils.monotonicMs() - last);
        return io.jrqlite.command.GoDuration.formatNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(ago));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", Map.of());
        m.put("node_id", config.nodeId());
        m.put("addr", config.raftAddress());
        m.put("ready", leader.isPresent());
        Map<String, Object> leaderMap = new LinkedHashMap<>();
        leaderMap.put("node_id", leader.map(Store.Leader::nodeId).orElse(""));
        leaderMap.put("addr", leader.map(Store.Leader::raftAddress).orElse(""));
        m.put("leader", leaderMap);
        // Configuration entries do not reach onApply, so the applied index comes from jraft.
        m.put("fsm_index", node == null ? state.fsmIndex : Math.max(state.fsmIndex, node.getLastAppliedLogIndex()));
        m.put("fsm_term", state.fsmTerm);
        m.put("fsm_update_time", state.fsmUpdateTime == 0 ? "" : Instant.ofEpochMilli(state.fsmUpdateTime).toString());
        m.put("db_applied_index", state.fsmIndex);
        m.put("raft", raft());
        m.put("nodes", nodes());
        m.put("strong_read_term", 0);
        m.put("leader_appended_at_time", "");
        m.put("apply_timeout", GoDuration.format(config.applyTimeout()));
        m.put("heartbeat_timeout", GoDuration.format(config.heartbeatTimeout()));
        m.put("election_timeout", GoDuration.format(config.electionTimeout()));
        m.put("snapshot_threshold", config.snapshotThreshold());
        m.put("snapshot_interval", GoDuration.format(config.snapshotInterval()));
        m.put("trailing_logs", config.snapshotThreshold() * 5 / 4);
        m.put("request_marshaler", Map.of("compression_size", 0, "compression_batch", 0));
        m.put("cdc", Map.of("enabled", false, "registered", false));
        Map<String, Object> snapshots = new LinkedHashMap<>();
        snapshots.put("dir", config.snapshotDir().toString());
        snapshots.put("dir_size", directorySize(config.snapshotDir()));
        snapshots.put("snapshots", snapshotIds(config.snapshotDir()));
        m.put("snapshot_store", snapshots);
        m.put("dir", config.dataDir().toString());
        long dirSize = directorySize(config.dataDir());
        m.put("dir_size", dirSize);
        m.put("dir_size_friendly", friendlyBytes(dirSize));
        m.put("db_conf", Map.of("fk_constraints", config.foreignKeys(), "extensions", List.of()));
        m.put("sqlite3", sqlite());
        return m;
    }

    private Map<String, Object> raft() {
        Map<String, Object> r = new LinkedHashMap<>();
        State s = node == null ? State.STATE_SHUTDOWN : node.getNodeState();
        r.put("state", stateName(s));
        r.put("term", state.term);
        long lastLog = node == null ? 0 : node.getLastLogIndex();
        r.put("last_log_index", lastLog);
        r.put("commit_index", node == null ? 0 : node.getLastCommittedIndex());
        r.put("applied_index", node == null ? 0 : node.getLastAppliedLogIndex());
        r.put("fsm_pending", node == null ? 0
                : Math.max(0, node.getLastCommittedIndex() - node.getLastAppliedLogIndex()));
        r.put("last_snapshot_index", state.lastSnapshotIndex);
        r.put("last_snapshot_term", state.lastSnapshotTerm);
        r.put("latest_configuration", members.stream()
                .map(m -> "{Suffrage:" + (m.voter() ? "Voter" : "Nonvoter") + " ID:" + m.id() + " Address:"
                        + m.raftAddress() + "}")
                .collect(java.util.stream.Collectors.joining(" ", "[", "]")));
        r.put("last_contact", lastContact());
        r.put("num_peers", Math.max(0, members.size() - 1));
        r.put("protocol_version", 3);
        r.put("protocol_version_min", 0);
        r.put("protocol_version_max", 3);
        r.put("snapshot_version_min", 0);
        r.put("snapshot_version_max", 1);
        r.put("voter", voter);
        long logSize = directorySize(config.raftDir());
        r.put("log_size", logSize);
        r.put("log_size_friendly", friendlyBytes(logSize));
        return r;
    }

    private List<Map<String, Object>> nodes() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Store.Member member : members) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", member.id());
            n.put("addr", member.raftAddress());
            n.put("suffrage", member.voter() ? "voter" : "nonvoter");
            list.add(n);
        }
        return list;
    }

    private Map<String, Object> sqlite() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            DbStats s = db.stats();
            m.put("path", s.path());
            m.put("size", s.size());
            m.put("wal_size", s.walSize());
            m.put("db_size", s.dbSize());
            m.put("db_size_friendly", friendlyBytes(s.dbSize()));
            m.put("version", s.version());
            m.put("compile_options", s.compileOptions());
            m.put("rw_dsn", s.rwDsn());
            m.put("ro_dsn", s.roDsn());
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("open_connections", s.connPoolStats().open());
            pool.put("idle", s.connPoolStats().idle());
            pool.put("max_open_connections", s.connPoolStats().max());
            m.put("conn_pool_stats", pool);
            m.put("last_modified", s.lastModified() == null ? "" : s.lastModified().toString());
            m.put("extensions", List.of());
            Map<String, Object> pragmas = new LinkedHashMap<>();
            pragmas.put("rw", db.pragmas(true));
            pragmas.put("ro", db.pragmas(false));
            m.put("pragmas", pragmas);
        } catch (java.sql.SQLException e) {
            m.put("error", String.valueOf(e.getMessage()));
        }
        return m;
    }

    /** The snapshots on disk, by directory name (jraft's {@code snapshot_<index>}). */
    private static List<String> snapshotIds(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("snapshot_")).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String stateName(State s) {
        return switch (s) {
            case STATE_LEADER, STATE_TRANSFERRING -> "Leader";
            case STATE_CANDIDATE -> "Candidate";
            case STATE_FOLLOWER -> "Follower";
            default -> "Shutdown";
        };
    }

    static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Bytes in the form rqlite prints (e.g. {@code 12 kB}, SI units as in go-humanize). */
    static String friendlyBytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 ? String.format("%.1f", v) : String.format("%.0f", v)) + " " + units[u];
    }
}
