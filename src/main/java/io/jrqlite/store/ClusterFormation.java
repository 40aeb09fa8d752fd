package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import io.jrqlite.cluster.ClusterClient;
import io.jrqlite.command.JoinRequest;
import io.jrqlite.command.JoinResponse;
import io.jrqlite.command.NotifyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node started with {@code -join} gets into its cluster: a plain join, or with {@code -bootstrap-expect} the
 * forming of a new cluster with the other nodes given the same flags. Also answers those nodes' notifies.
 */
final class ClusterFormation {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFormation.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** The parts of the store formation works with. */
    interface Raft {
        /** The started jraft node, or null before it has started. */
        Node node();

        /** The configuration the node works with now (empty: none stored, none received). */
        Configuration configuration();

        boolean leaderKnown();
    }

    private final StoreConfig config;
    private final ClusterClient client;
    private final PeerId self;
    private final Raft raft;
    private final BooleanSupplier stopRequested;
    private final NotifySet notifies;

    ClusterFormation(StoreConfig config, ClusterClient client, PeerId self, Raft raft, BooleanSupplier stopRequested) {
        this.config = config;
        this.client = client;
        this.self = self;
        this.raft = raft;
        this.stopRequested = stopRequested;
        this.notifies = new NotifySet(config.bootstrapExpect());
    }

    /**
     * Joins through the -join addresses, or forms the cluster under -bootstrap-expect. Blocks until done.
     *
     * @throws ClusterFormationException when it cannot be done, or the process is being stopped meanwhile
     */
    void run() {
        try {
            if (config.bootstrapExpect() == 0 && onlySelfConfigured()) {
                throw new ClusterFormationException(
                        "node is the only node in a single-node cluster, joining other clusters not supported");
            }
            HttpProbe.checkNotHttp(config.join());
            Joiner joiner = new Joiner(this::sendJoin, JoinRequest.newBuilder().setId(config.nodeId())
                    .setRaftAddress(config.raftAddress()).setVoter(!config.membership().nonVoter()).build(), this::pauseUnlessStopped);
            if (config.bootstrapExpect() == 0) {
                joiner.join(config.join(), config.joinAttempts(), config.joinInterval());
                return;
            }
            List<String> notifyTargets = new ArrayList<>(config.join());
            if (!notifyTargets.contains(config.raftAddress())) {
                notifyTargets.add(config.raftAddress());
            }
            new Bootstrapper(joiner, this::sendNotify, raft::leaderKnown, this::pauseUnlessStopped)
                    .run(config.join(), notifyTargets, config.bootstrapExpectTimeout());
        } catch (InterruptedException e) {
            // The node is being stopped, and this exception carries that out; an interrupt flag left set would cut
            // short the close that follows.
            throw new ClusterFormationException("stopped while forming the cluster");
        }
    }

    /** Stored state that makes this node a single-node cluster of its own. */
    private boolean onlySelfConfigured() {
        Configuration conf = raft.configuration();
        return conf.getLearners().isEmpty() && conf.getPeers().equals(List.of(self));
    }

    /** Waits, polling the stop request: an interrupt alone can be lost to a library while the node starts. */
    private void pauseUnlessStopped(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopRequested.getAsBoolean()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
        }
        throw new InterruptedException("stop requested");
    }

    private JoinResponse sendJoin(String target, JoinRequest request) throws Exception {
        return JoinResponse.parseFrom(call(target, "join", request.toByteArray()));
    }

    private void sendNotify(String target) throws Exception {
        call(target, "notify", NotifyRequest.newBuilder().setId(config.nodeId())
                .setRaftAddress(config.raftAddress()).build().toByteArray());
    }

    private byte[] call(String target, String kind, byte[] payload) throws Exception {
        return client.call(RaftStore.parseEndpoint(target), kind, payload, REQUEST_TIMEOUT, config.auth().joinAs())
                .get(REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    /**
     * Under -bootstrap-expect N, before this node has any configuration or knows a leader: counts the voters that
     * announce themselves, and once N have, forms the cluster with exactly them. Otherwise a no-op.
     */
    CompletableFuture<byte[]> handleNotify(byte[] payload) {
        NotifyRequest request;
        try {
            request = NotifyRequest.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        Node n = raft.node();
        if (n != null && config.bootstrapExpect() > 0 && !raft.leaderKnown() && raft.configuration().isEmpty()) {
            notifies.add(request.getId(), request.getRaftAddress()).ifPresent(voters -> bootstrapWith(n, voters));
        }
        return CompletableFuture.completedFuture(new byte[0]);
    }

    /**
     * Installs the voters in a node started with no configuration (jraft keeps it in memory); the leader they elect
     * writes it to the log as its first entry.
     */
    private static void bootstrapWith(Node n, Map<String, String> voters) {
        Configuration conf = new Configuration();
        voters.values().forEach(address -> conf.addPeer(new PeerId(RaftStore.parseEndpoint(address), 0)));
        Status status = n.resetPeers(conf);
        if (status.isOk()) {
            LOG.info("forming a cluster of {} voters: {}", voters.size(), voters);
        } else {
            LOG.error("cannot form a cluster of {}: {}", voters, status);
        }
    }
}
