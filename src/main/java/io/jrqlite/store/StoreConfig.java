package io.jrqlite.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the store needs to know to run: where its state lives, who it is in the Raft group and how Raft is tuned.
 *
 * @param dataDir         the node's data directory (Raft state and, unless {@code inMemory}, the SQLite file)
 * @param nodeId          this node's id (independent of addresses)
 * @param raftAddress     the advertised Raft address, {@code host:port}
 * @param raftBindAddress the address the Raft port listens on, {@code host:port}
 * @param inMemory        keep the database in RAM only
 * @param foreignKeys     enforce foreign keys
 * @param maxReadOnlyConnections cap on read-only SQLite connections (0 = unlimited)
 * @param electionTimeout Raft election timeout
 * @param heartbeatTimeout how long a follower waits for a heartbeat (rqlite's sense); heartbeats go out ten times
 *                        as often
 * @param leaderLeaseTimeout how long a leader's lease lasts (zero: the library default)
 * @param applyTimeout    how long a write may wait to be committed and applied
 * @param snapshotThreshold log entries between snapshots ({@code -raft-snap})
 * @param snapshotInterval  how often the snapshot threshold is checked ({@code -raft-snap-int})
 * @param snapshotWalSize   a write-ahead log this large (bytes) triggers a snapshot ({@code -raft-snap-wal-size};
 *                          0 = never)
 * @param join              Raft addresses of nodes to join through ({@code -join}); empty: form or reuse a cluster
 * @param joinAttempts      rounds over {@code join} before giving up
 * @param joinInterval      wait between rounds
 * @param apiUrl            this node's HTTP API as others should reach it, for the nodes' list
 * @param version           this node's version, for the nodes' list
 * @param bootstrapExpect   voters to wait for before forming a cluster with {@code join} ({@code -bootstrap-expect};
 *                          0 = plain joins)
 * @param bootstrapExpectTimeout give up forming the cluster after this long
 * @param membership        how this node joins, leaves and prunes the cluster
 * @param auth              the users file internode requests are checked against, and this node's own
 *                          {@code -join-as} credentials
 */
public record StoreConfig(
        Path dataDir,
        String nodeId,
        String raftAddress,
        String raftBindAddress,
        boolean inMemory,
        boolean foreignKeys,
        int maxReadOnlyConnections,
        Duration electionTimeout,
        Duration heartbeatTimeout,
        Duration leaderLeaseTimeout,
        Duration applyTimeout,
        long snapshotThreshold,
        Duration snapshotInterval,
        long snapshotWalSize,
        java.util.List<String> join,
        int joinAttempts,
        Duration joinInterval,
        String apiUrl,
        String version,
        int bootstrapExpect,
        Duration bootstrapExpectTimeout,
        MembershipFlags membership,
        io.jrqlite.auth.ClusterAuth auth) {

    /**
     * @param nonVoter              join as a non-voter (read replica): {@code -raft-non-voter}
     * @param removeShutdown        stop Raft once removed from the cluster: {@code -raft-remove-shutdown}
     * @param clusterRemoveShutdown leave the cluster on a clean stop: {@code -raft-cluster-remove-shutdown}
     * @param shutdownStepdown      a leader hands over on a clean stop: {@code -raft-shutdown-stepdown}
     * @param reapTimeout           a leader removes a voter unreachable this long (zero: never)
     * @param reapReadOnlyTimeout   a leader removes a non-voter unreachable this long (zero: never)
     */
    public record MembershipFlags(boolean nonVoter, boolean removeShutdown, boolean clusterRemoveShutdown,
            boolean shutdownStepdown, Duration reapTimeout, Duration reapReadOnlyTimeout) {

        /** A voter that stays on stop, steps down, and reaps nobody. */
        public static MembershipFlags defaults() {
            return new MembershipFlags(false, false, false, true, Duration.ZERO, Duration.ZERO);
        }
    }

    Path raftDir() {
        return dataDir.resolve("raft");
    }

    Path snapshotDir() {
        return dataDir.resolve("snapshots");
    }

    Path databaseFile() {
        return dataDir.resolve("db.sqlite");
    }
}
