package io.jrqlite.store;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.error.RaftError;
import io.jrqlite.command.JoinRequest;
import io.jrqlite.command.JoinResponse;
import io.jrqlite.command.LogEntry;
import io.jrqlite.command.Member;
import io.jrqlite.command.RemovedNotice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of membership: joins, removals, leadership transfer, recording member ids and reaping
 * unreachable members. Every method is non-blocking; configuration changes complete futures from jraft's threads.
 * Thread-safe.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** How long a joiner waits for an answer before asking again; jraft adds a voter only once it has caught up. */
    static final Duration JOIN_ANSWER_WITHIN = Duration.ofSeconds(2);
    static final String JOIN_IN_PROGRESS = "join in progress";
    private static final long LATE_JOIN_MS = 60_000;

    private final RaftStore store;
    private final StoreConfig config;
    private final MemberIds ids;
    private final StoreCounters counters;
    /** Joins the leader is still carrying out, by address: a joiner asking again waits for the same one. */
    private final Map<String, CompletableFuture<String>> joining = new ConcurrentHashMap<>();
    /** Joiners lately told to ask again (monotonic ms), so their next ask is not counted as an ignored join. */
    private final Map<String, Long> lateJoins = new ConcurrentHashMap<>();
    /** When the leader last heard from each member (monotonic ms), for reaping; reset by a new leader. */
    private final Map<String, Long> lastContact = new ConcurrentHashMap<>();
    private final AtomicBoolean fillingIds = new AtomicBoolean();
    /** The last configuration change asked for; the next one starts when it ends. Guarded by this. */
    private CompletableFuture<Void> changes = CompletableFuture.completedFuture(null);
    /** How often a change refused as busy is tried again, 100 ms apart. */
    private static final int BUSY_TRIES = 100;
    /** Ids that a peers.json recovery named, for members the map does not know yet. */
    private final Map<String, String> recoveredIds = new ConcurrentHashMap<>();

    Membership(RaftStore store, StoreConfig config, MemberIds ids, StoreCounters counters) {
        this.store = store;
        this.config = config;
        this.ids = ids;
        this.counters = counters;
    }

    // ---- joins ----

    /** On the leader: adds the node (a no-op for a member with the same id and address); elsewhere: names the leader. */
    CompletableFuture<JoinResponse> join(JoinRequest request) {
        Node n = store.node();
        if (n == null || !store.isLeader()) {
            return CompletableFuture.completedFuture(JoinResponse.newBuilder().setError(StoreException.NOT_LEADER)
                    .setLeader(store.leader().map(Store.Leader::raftAddress).orElse("")).build());
        }
        String address = request.getRaftAddress();
        PeerId peer;
        try {
            peer = peerOf(address);
        } catch (RuntimeException e) {
            return answer("invalid Raft address " + address);
        }
        CompletableFuture<String> pending = joining.get(address);
        if (pending == null) {
            Configuration conf = store.currentConfiguration();
            boolean member = conf.contains(peer) || conf.getLearners().contains(peer);
            boolean sameSuffrage = request.getVoter() ? conf.contains(peer) : conf.getLearners().contains(peer);
            Optional<String> idThere = ids.idOf(address);
            if (member && sameSuffrage && idThere.map(request.getId()::equals).orElse(true)) {
                long now = nowMs();
                lateJoins.values().removeIf(at -> now - at > LATE_JOIN_MS);
                if (lateJoins.remove(address) == null) {
                    counters.numIgnoredJoins.incrementAndGet();
                }
                if (idThere.isEmpty()) {
                    recordId(request.getId(), address);
                }
                return answer("");
            }
            CompletableFuture<String> fresh = new CompletableFuture<>();
            pending = joining.putIfAbsent(address, fresh);
            if (pending == null) {
                pending = fresh;
                addMember(n, request, peer, conf).whenComplete((error, t) -> {
                    joining.remove(address, fresh);
                    fresh.complete(t != null ? failureText(t) : error);
                });
            }
        }
        // jraft adds a voter only once it has caught up, which may take long: the joiner is told to ask again.
        return pending.copy().completeOnTimeout(null, JOIN_ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(error -> {
                    if (error == null) { // told to ask again: its next join, once done, is not an ignored one
                        lateJoins.put(address, nowMs());
                    }
                    return JoinResponse.newBuilder().setError(error == null ? JOIN_IN_PROGRESS : error).build();
                });
    }

    /** Removes whatever holds the joiner's id or address, records its id, then adds it. Completes with an error text. */
    private CompletableFuture<String> addMember(Node n, JoinRequest request, PeerId peer, Configuration conf) {
        String address = request.getRaftAddress();
        CompletableFuture<Void> cleared = CompletableFuture.completedFuture(null);
        Optional<String> oldAddress = ids.addressOf(request.getId()).filter(a -> !a.equals(address));
        if (oldAddress.filter(config.raftAddress()::equals).isPresent()) { // removing it would leave no leader
            return CompletableFuture.completedFuture("node ID " + request.getId() + " is the leader's own, at "
                    + config.raftAddress());
        }
        boolean addressTaken = conf.contains(peer) || conf.getLearners().contains(peer);
        if (addressTaken || oldAddress.filter(a -> isMember(conf, a)).isPresent()) {
            counters.numRemovedBeforeJoins.incrementAndGet();
            if (addressTaken) {
                cleared = cleared.thenCompose(x -> removePeer(n, peer));
            }
            if (oldAddress.filter(a -> isMember(conf, a)).isPresent()) {
                PeerId old = peerOf(oldAddress.get());
                cleared = cleared.thenCompose(x -> removePeer(n, old));
            }
        }
        return cleared.thenCompose(x -> recordId(request.getId(), address))
                .thenCompose(x -> configurationChange(done -> {
                    if (request.getVoter()) {
                        n.addPeer(peer, done);
                    } else {
                        n.addLearners(List.of(peer), done);
                    }
                }))
                .handle((x, t) -> t == null ? "" : failureText(t))
                .thenApply(error -> {
            if (error.isEmpty()) {
                counters.numJoins.incrementAndGet();
                lastContact.put(address, nowMs());
                LOG.info("node {} at {} joined as a {}", request.getId(), address,
                        request.getVoter() ? "voter" : "non-voter");
            }
            return error;
        });
    }

    private static boolean isMember(Configuration conf, String address) {
        PeerId p = peerOf(address);
        return conf.contains(p) || conf.getLearners().contains(p);
    }

    private static CompletableFuture<JoinResponse> answer(String error) {
        return CompletableFuture.completedFuture(JoinResponse.newBuilder().setError(error).build());
    }

    // ---- removal ----

    /**
     * On the leader: removes the node with {@code id} from the configuration and forgets its id; completes once both
     * are committed. An id nobody has changes nothing.
     */
    CompletableFuture<Void> remove(String id) {
        Node n = store.node();
        if (n == null || !store.isLeader()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
        }
        Optional<String> address = addressOfMember(id);
        if (address.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        PeerId peer = peerOf(address.get());
        boolean self = address.get().equals(config.raftAddress());
        return removePeer(n, peer).thenRun(() -> {
            lastContact.remove(address.get());
            LOG.info("node {} at {} removed from the cluster", id, address.get());
            if (self) {
                store.removedFromCluster();
            } else {
                notifyRemoved(id, address.get());
            }
            // Best effort once the member is gone: a leader that removed itself can no longer propose.
            store.propose(LogEntry.newBuilder().setMember(Member.newBuilder().setId(id).setRaftAddress(address.get())
                    .setRemoved(true)).build()).exceptionally(t -> null);
        });
    }

    /** The id's address when it is in the configuration; an id may also be given as a member's address. */
    private Optional<String> addressOfMember(String id) {
        Configuration conf = store.currentConfiguration();
        Optional<String> byId = ids.addressOf(id).filter(a -> isMember(conf, a));
        if (byId.isPresent()) {
            return byId;
        }
        if (id.equals(config.nodeId())) {
            return Optional.of(config.raftAddress());
        }
        try {
            return isMember(conf, id) && ids.idOf(id).isEmpty() ? Optional.of(id) : Optional.empty();
        } catch (RuntimeException e) { // not an address
            return Optional.empty();
        }
    }

    private CompletableFuture<Void> removePeer(Node n, PeerId peer) {
        return configurationChange(done -> {
            Configuration conf = store.currentConfiguration();
            if (conf.getLearners().contains(peer)) {
                n.removeLearners(List.of(peer), done);
            } else {
                n.removePeer(peer, done);
            }
        });
    }

    /**
     * Runs a configuration change after those asked for before it. jraft carries out one at a time and refuses
     * another meanwhile (EBUSY, also while a new leader settles its configuration): concurrent joins, removals and
     * reaping queue here instead of failing.
     */
    private CompletableFuture<Void> configurationChange(Consumer<Closure> change) {
        CompletableFuture<Void> done;
        synchronized (this) {
            // Started from a pool thread: jraft may answer at once, on the thread that asked.
            done = changes.handle((x, t) -> null).thenComposeAsync(x -> attempt(change, BUSY_TRIES));
            changes = done.handle((x, t) -> null);
        }
        return done;
    }

    private static CompletableFuture<Void> attempt(Consumer<Closure> change, int triesLeft) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        change.accept(status -> {
            if (status.isOk()) {
                result.complete(null);
            } else if (status.getRaftError() == RaftError.EBUSY && triesLeft > 0) {
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() ->
                        attempt(change, triesLeft - 1).whenComplete((x, t) -> {
                            if (t != null) {
                                result.completeExceptionally(t);
                            } else {
                                result.complete(null);
                            }
                        }));
            } else {
                result.completeExceptionally(new StoreException(status.getErrorMsg()));
            }
        });
        return result;
    }

    private void notifyRemoved(String id, String address) {
        store.cluster().call(RaftStore.parseEndpoint(address), "removed",
                RemovedNotice.newBuilder().setId(id).build().toByteArray(), Duration.ofSeconds(2))
                .exceptionally(t -> null); // it may be down: then it learns when it comes back, or never needs to
    }

    /** The leader removed this node (the {@code removed} notice). */
    CompletableFuture<byte[]> handleRemoved(byte[] payload) throws java.io.IOException {
        if (RemovedNotice.parseFrom(payload).getId().equals(config.nodeId())) {
            store.removedFromCluster();
        }
        return CompletableFuture.completedFuture(new byte[0]);
    }

    /** A follower's removal request, sent to the leader. */
    CompletableFuture<Void> removeThroughLeader(String id, Forwarding forwarding) {
        return throughLeader("remove", io.jrqlite.command.RemoveRequest.newBuilder().setId(id).build().toByteArray(),
                forwarding);
    }

    /** A follower's stepdown request, sent to the leader. */
    CompletableFuture<Void> stepdownThroughLeader(String targetId, boolean wait, Forwarding forwarding) {
        try {
            Forwarder forwarder = store.forwarder();
            return forwarder.callMovingLeadership(forwarder.leader(), "stepdown",
                    io.jrqlite.command.StepdownRequest.newBuilder().setId(targetId).setWait(wait).build().toByteArray(),
                    forwarding).thenApply(x -> null);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> throughLeader(String kind, byte[] request, Forwarding forwarding) {
        try {
            Forwarder forwarder = store.forwarder();
            return forwarder.call(forwarder.leader(), kind, request, forwarding).thenApply(x -> null);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A clean stop: leave the cluster ({@code -raft-cluster-remove-shutdown}, 5 tries, a failure makes the stop
     * unclean), or hand leadership over ({@code -raft-shutdown-stepdown}). Blocks, on the stopping thread.
     */
    void leaveOnStop() {
        Configuration conf = store.currentConfiguration();
        try {
            if (config.membership().clusterRemoveShutdown() && conf.listPeers().size() + conf.listLearners().size() > 1) {
                removeSelf();
            } else if (config.membership().shutdownStepdown() && store.isLeader() && conf.listPeers().size() > 1) {
                stepdown("", true).get(5, TimeUnit.SECONDS);
                LOG.info("leadership handed over before the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("leadership not handed over before the stop: {}", failureText(e));
        }
    }

    private void removeSelf() throws InterruptedException {
        String last = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                (store.isLeader() ? remove(config.nodeId()) : removeThroughLeader(config.nodeId(),
                        Forwarding.DEFAULT.withCredentials(config.auth().joinAs())))
                        .get(config.applyTimeout().toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("this node left the cluster before the stop");
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                last = failureText(e);
                Thread.sleep(500); // a leader may be changing
            }
        }
        throw new StoreException("failed to remove this node from the cluster before the stop: " + last);
    }

    // ---- leadership transfer ----

    /**
     * On the leader: hands leadership to the voter {@code targetId} (empty: any voter that is up to date); with
     * {@code wait}, completes once another node leads.
     */
    CompletableFuture<Void> stepdown(String targetId, boolean wait) {
        Node n = store.node();
        if (n == null || !store.isLeader()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
        }
        PeerId target = PeerId.ANY_PEER;
        if (!targetId.isEmpty()) {
            if (targetId.equals(config.nodeId())) {
                return CompletableFuture.failedFuture(new StoreException("cannot step down to the current Leader"));
            }
            Optional<String> address = addressOfMember(targetId);
            if (address.isEmpty()) {
                return CompletableFuture.failedFuture(new StoreException("node not found in cluster"));
            }
            target = peerOf(address.get());
            if (!store.currentConfiguration().contains(target)) {
                return CompletableFuture.failedFuture(new StoreException("node is not a voter"));
            }
        } else if (store.currentConfiguration().getPeers().size() < 2) {
            return CompletableFuture.failedFuture(new StoreException("no other voter to transfer leadership to"));
        }
        Status status = n.transferLeadershipTo(target);
        if (!status.isOk()) {
            return CompletableFuture.failedFuture(new StoreException(status.getErrorMsg()));
        }
        LOG.info("leadership transfer to {} started", targetId.isEmpty() ? "any voter" : targetId);
        return wait ? untilAnotherLeads(n, System.nanoTime() + config.applyTimeout().toNanos())
                : CompletableFuture.completedFuture(null);
    }

    /**
     * Done once another node leads. jraft stops counting this node as leader as soon as a transfer starts, and leads
     * again when the transfer times out, so the leader's identity is what tells.
     */
    private CompletableFuture<Void> untilAnotherLeads(Node n, long deadline) {
        PeerId leader = n.getLeaderId();
        if (leader != null && !leader.isEmpty() && !leader.getEndpoint().toString().equals(config.raftAddress())) {
            return CompletableFuture.completedFuture(null);
        }
        if (n.getNodeState() == com.alipay.sofa.jraft.core.State.STATE_LEADER) {
            return CompletableFuture.failedFuture(new StoreException("leadership transfer failed"));
        }
        if (System.nanoTime() > deadline) {
            return CompletableFuture.failedFuture(new StoreException("timed out waiting for leadership transfer"));
        }
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS))
                .thenCompose(x -> untilAnotherLeads(n, deadline));
    }

    // ---- ids ----

    private CompletableFuture<Void> recordId(String id, String address) {
        if (ids.idOf(address).filter(id::equals).isPresent()) {
            return CompletableFuture.completedFuture(null);
        }
        return store.propose(LogEntry.newBuilder().setMember(Member.newBuilder().setId(id).setRaftAddress(address))
                .build()).thenAccept(r -> {
                    if (!r.getError().isEmpty()) {
                        throw new StoreException(r.getError());
                    }
                });
    }

    /**
     * On the leader, after a configuration change or a new leadership: members whose id the map lacks (the first
     * node, nodes that formed the cluster together, nodes recovered with peers.json) are asked for it.
     */
    void fillIds() {
        if (!fillingIds.compareAndSet(false, true)) {
            return;
        }
        // Not on the caller's thread: it is jraft's state-machine thread, and proposals need it to go on. A little
        // later, too: at the first election the node may not be published yet.
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                .thenCompose(x -> fillMissingIds())
                .whenComplete((x, t) -> {
                    fillingIds.set(false);
                    if (t != null) {
                        LOG.debug("member ids not all recorded yet: {}", t.getMessage());
                    }
                });
    }

    private CompletableFuture<Void> fillMissingIds() {
        if (!store.isLeader()) {
            return CompletableFuture.completedFuture(null);
        }
        Configuration conf = store.currentConfiguration();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (PeerId peer : conf.listPeers()) {
            all = all.thenCompose(x -> fillId(peer, true));
        }
        for (PeerId peer : conf.listLearners()) {
            all = all.thenCompose(x -> fillId(peer, false));
        }
        return all;
    }

    private CompletableFuture<Void> fillId(PeerId peer, boolean voter) {
        String address = peer.getEndpoint().toString();
        if (address.equals(config.raftAddress())) {
            return recordId(config.nodeId(), address);
        }
        if (ids.idOf(address).isPresent()) {
            return CompletableFuture.completedFuture(null);
        }
        String recovered = recoveredIds.get(address);
        if (recovered != null) {
            return recordId(recovered, address);
        }
        return store.meta(new Store.Member(address, address, voter), Duration.ofSeconds(2))
                .thenCompose(meta -> recordId(meta.id(), address))
                .exceptionally(t -> null); // down for now: asked again at the next change
    }

    /** The ids a peers.json recovery gives, recorded by the leader for members it has no id for. */
    void idsFrom(List<PeersFile.Peer> peers) {
        peers.forEach(p -> recoveredIds.put(p.address(), p.id()));
    }

    // ---- reaping ----

    /** Called about once a second: on the leader, removes members unreachable for longer than their timeout. */
    void reapTick() {
        Duration voters = config.membership().reapTimeout();
        Duration readers = config.membership().reapReadOnlyTimeout();
        if (voters.isZero() && readers.isZero()) {
            return;
        }
        if (!store.isLeader()) {
            lastContact.clear(); // timers start again with the next leadership
            return;
        }
        Configuration conf = store.currentConfiguration();
        long now = nowMs();
        for (PeerId peer : conf.listPeers()) {
            check(peer, true, voters, now);
        }
        for (PeerId peer : conf.listLearners()) {
            check(peer, false, readers, now);
        }
        lastContact.keySet().removeIf(a -> !isMember(conf, a));
    }

    private void check(PeerId peer, boolean voter, Duration timeout, long now) {
        String address = peer.getEndpoint().toString();
        if (timeout.isZero() || address.equals(config.raftAddress())) {
            return;
        }
        long last = lastContact.computeIfAbsent(address, a -> now);
        if (now - last > timeout.toMillis()) {
            String id = ids.idOf(address).orElse(address);
            lastContact.put(address, now); // one removal at a time per member
            LOG.info("reaping {} node {} at {}: unreachable for longer than {}", voter ? "voting" : "non-voting",
                    id, address, timeout);
            remove(id).whenComplete((x, t) -> {
                if (t == null) {
                    counters.nodesReapedOk.incrementAndGet();
                } else {
                    counters.nodesReapedFailed.incrementAndGet();
                    LOG.warn("reaping node {} failed: {}", id, failureText(t));
                }
            });
            return;
        }
        store.meta(new Store.Member(address, address, voter), Duration.ofMillis(900)).thenRun(() ->
                lastContact.computeIfPresent(address, (a, was) -> Math.max(was, nowMs())));
    }

    private static long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    static PeerId peerOf(String address) {
        return new PeerId(RaftStore.parseEndpoint(address), 0);
    }

    static String failureText(Throwable t) {
        Throwable c = (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null ? t.getCause() : t;
        if (c instanceof java.util.concurrent.TimeoutException) {
            return "timed out";
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
