package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quorum-loss recovery with {@code raft/peers.json}: its configuration replaces the stored one at start. jraft's
 * {@code resetPeers} changes the configuration in memory only; a leader elected under it writes it to the log. So
 * the file is renamed {@code peers.info} only once an entry after the recovery is applied under the recovered
 * configuration (the new leader's configuration entry at least): a node that stops before then applies the file
 * again at its next start.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Path file;
    private final List<PeersFile.Peer> peers;
    private final Configuration conf;
    /** The last log index when the recovery was applied: an entry after it was committed under the new configuration. */
    private volatile long sinceIndex = Long.MAX_VALUE;

    private Recovery(Path file, List<PeersFile.Peer> peers) {
        this.file = file;
        this.peers = peers;
        this.conf = PeersFile.toConfiguration(peers);
    }

    /** The recovery {@code raftDir} asks for, or null when there is no peers.json; a bad file fails the start. */
    static Recovery read(Path raftDir) throws IOException {
        Path file = PeersFile.in(raftDir);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return new Recovery(file, PeersFile.parse(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot use " + file + ": " + e.getMessage(), e);
        }
    }

    List<PeersFile.Peer> peers() {
        return peers;
    }

    /** Puts the file's configuration in force on the started node. */
    void apply(Node node, StoreCounters counters) {
        Status status = node.resetPeers(conf);
        if (!status.isOk()) {
            throw new IllegalStateException("cannot recover with " + PeersFile.NAME + ": " + status.getErrorMsg());
        }
        sinceIndex = node.getLastLogIndex();
        counters.numRecoveries.incrementAndGet();
        LOG.info("cluster configuration recovered from {}: {}", PeersFile.NAME, conf);
    }

    /**
     * Whether the recovery is in force: a leader known, the configuration the recovered one, and an entry after the
     * recovery applied. If so, the file is set aside as applied.
     */
    boolean committed(boolean leaderKnown, Configuration current, long appliedIndex) {
        if (!leaderKnown || appliedIndex <= sinceIndex
                || !new java.util.HashSet<>(current.getPeers()).equals(new java.util.HashSet<>(conf.getPeers()))
                || !new java.util.HashSet<>(current.getLearners()).equals(new java.util.HashSet<>(conf.getLearners()))) {
            return false;
        }
        try {
            PeersFile.markApplied(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + file, e);
        }
        LOG.info("recovered configuration in force: {} renamed {}", PeersFile.NAME, PeersFile.DONE_NAME);
        return true;
    }
}
